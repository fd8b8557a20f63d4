"""The control-socket part of check_badinput.py: each case is a step against one
daemon; a step that kills the daemon is recorded with the crash its log shows, and a
fresh daemon (same options, same state directory) takes over for the steps after it,
so one defect does not hide the rest."""

from __future__ import annotations

import time

from harness import Daemon, Report
from control import Control, result
import abuse

MAX_CLIENTS = 16                 # ControlServer.maximumClients
LATENCY_LIMIT_S = 0.010
REQUEST_LIMIT = 65_536           # JSONLimits.control.maxLineLength


class SocketRun:
    """A daemon under socket abuse, with its well-behaved client `ctl`."""

    def __init__(self, report: Report, args, command: list[str], sock: str, log_path: str):
        self.report, self.args, self.command, self.sock, self.log_path = report, args, command, sock, log_path
        self.crashes = 0
        self.daemon = Daemon(args.spikertd, command, log_path, args.runner)
        self.ctl = Control.connect(sock, wait=30)

    def step(self, label: str, body) -> None:
        """Run `body(self)`; an exception or a dead daemon is a failure of `label`."""
        try:
            body(self)
        except (OSError, EOFError, ValueError, KeyError, RuntimeError) as error:
            self.report.expect(False, f"{label}: {type(error).__name__}: {error}")
        time.sleep(0.05)
        if self.daemon.alive():
            return
        self.crashes += 1
        self.daemon.process.wait()
        lines = [l for l in self.daemon.log().splitlines() if l.strip() and not l.startswith("spikertd: ")]
        self.report.expect(False, f"{label}: spikertd died (exit status {self.daemon.process.returncode}): "
                           + " / ".join(lines[:3]))
        self.daemon = Daemon(self.args.spikertd, self.command, self.log_path, self.args.runner)
        self.ctl = Control.connect(self.sock, wait=30)

    def close(self) -> None:
        self.daemon.kill()


def fuzz(run: SocketRun) -> None:
    """Every complete line one answer, in batches read before the next is sent (an
    unread pile of answers is what gets a client dropped)."""
    report = run.report
    lines = abuse.fuzz_lines(run.args.seed, run.args.fuzz) + abuse.CRAFTED_BAD_LINES
    client = abuse.RawClient(run.sock)
    answered = invalid = errors = 0
    for start in range(0, len(lines), 50):
        batch = lines[start:start + 50]
        client.send(b"".join(l + b"\n" for l in batch))
        got = client.answers(len(batch))
        answered += len(got)
        invalid += sum("invalid_answer" in a for a in got)
        errors += sum("error" in a for a in got)
        if len(got) < len(batch):
            report.expect(False, f"fuzz: {len(batch)} lines from line {start} got {len(got)} answers "
                          f"(first unanswered: {batch[len(got)][:80]!r})")
            break
    client.close()
    report.measure("fuzz", f"{len(lines)} lines (seed {run.args.seed}): {answered} answers, {errors} errors, "
                   f"{answered - errors - invalid} results, {invalid} not valid JSON answers")
    report.expect(invalid == 0, f"fuzz: {invalid} answers were not one JSON object with result or error")


def one_error_for(label: str, line: bytes, ending: bytes = b"\n"):
    """A step: `line` (+ `ending`) gets exactly one error answer, and the same
    connection then still answers a status request, and only that."""
    def body(run: SocketRun) -> None:
        client = abuse.RawClient(run.sock)
        client.send(line + ending)
        got = client.answers(2, timeout=2)
        run.report.expect(len(got) == 1 and "error" in got[0],
                          f"{label}: expected one error answer, got {len(got)}: {str(got)[:300]}")
        client.send((b"" if ending else b"\n") + b'{"id":7,"method":"status"}\n')
        got = client.answers(2, timeout=2)
        run.report.expect(len(got) == 1 and got[0].get("id") == 7 and "result" in got[0],
                          f"{label}: then a status request: expected its answer only, got {str(got)[:300]}")
        client.close()
    return body


def half_closed(label: str, data: bytes, expected: int):
    """A step: `data`, then the client's end of stream; `expected` answers, then the
    daemon closes."""
    def body(run: SocketRun) -> None:
        client = abuse.RawClient(run.sock)
        client.send(data)
        client.half_close()
        got = client.until_closed(timeout=5)
        client.close()
        run.report.expect(len(got) == expected and client.closed,
                          f"half-closed, {label}: expected {expected} answers and the connection closed, got "
                          f"{len(got)} answers, closed {client.closed}")
    return body


def vanishing_clients(run: SocketRun) -> None:
    """100 clients gone in the middle of a request, 100 without a word. They come
    faster than closed ones are noticed, so some may be refused (and closed) as
    connections over the limit: their send may fail, which is fine."""
    for k in range(200):
        client = abuse.RawClient(run.sock)
        if k % 2:
            try:
                client.send(b'{"id":1,"meth')
            except OSError:
                pass
        client.close()
    run.report.expect("result" in run.ctl.call("status"), "after 200 vanishing clients: no status answer")


def connection_limit(run: SocketRun) -> None:
    report, ctl = run.report, run.ctl
    before = result(ctl.call("counters"))["daemon"]["connections_refused"]
    held = [abuse.RawClient(run.sock) for _ in range(MAX_CLIENTS - 1)]     # ctl is the 16th
    for client in held:   # each one accepted and served
        client.send(b'{"id":1,"method":"status"}\n')
        client.answers(1)
    extra = abuse.RawClient(run.sock)
    got = extra.until_closed(timeout=5)
    extra.close()
    report.expect(len(got) == 1 and "error" in got[0] and extra.closed,
                  f"connection {MAX_CLIENTS + 1}: expected one error line and the connection closed, got {got}, "
                  f"closed {extra.closed}")
    if got:
        report.measure(f"connection {MAX_CLIENTS + 1}", got[0])
    held.pop().close()
    time.sleep(0.1)
    again = abuse.RawClient(run.sock)
    again.send(b'{"id":2,"method":"status"}\n')
    got = again.answers(1)
    report.expect(len(got) == 1 and "result" in got[0],
                  f"a new connection after one of {MAX_CLIENTS} closed: expected a status answer, got {got}")
    again.close()
    for client in held:
        client.close()
    refused = result(ctl.call("counters"))["daemon"]["connections_refused"] - before
    report.expect(refused == 1, f"connections_refused went up by {refused}, expected 1")


def flooders(run: SocketRun) -> None:
    """20 clients that send and never read, each replaced when the daemon closes it,
    for --flood-seconds: the first 20 all closed (15 dropped at their outbox limit, 5
    refused: the well-behaved client holds the 16th slot), and the well-behaved client
    answered every time, with a median round trip within 10 ms. The tail is reported,
    not bounded: the flooders reconnect the moment they are dropped (hundreds of
    connections a second, on the same 2 cores as the daemon), so the worst round trip
    measures the scheduler as much as the daemon; the hard 10 ms bound is the FIFO
    flood's (check_flood.py), where the load is input, not connections."""
    report, ctl = run.report, run.ctl
    before = result(ctl.call("counters"))["daemon"]["connections_refused"]
    clients = 20
    process, queue = abuse.start_flood(run.sock, clients, seconds=run.args.flood_seconds)
    latencies = []
    try:
        while process.is_alive():
            t0 = time.perf_counter()
            answer = ctl.call("status")
            latencies.append(time.perf_counter() - t0)
            report.expect("result" in answer, f"flood: status answered with {answer}")
            time.sleep(0.02)
        flood = queue.get(timeout=5)
    finally:
        if process.is_alive():
            process.terminate()
        process.join(5)
    refused = result(ctl.call("counters"))["daemon"]["connections_refused"] - before
    report.measure("clients that never read", f"the first {clients}: {flood['first_wave_closed']} closed by the "
                   f"daemon (the last after {flood['first_wave_last_closed_s']} s); {flood['opened']} "
                   f"connections in {run.args.flood_seconds} s, {flood['closed']} closed by the daemon, "
                   f"{refused} refused at connect")
    report.expect(flood["first_wave_closed"] == clients,
                  f"{clients} clients that send and never read: the daemon closed only "
                  f"{flood['first_wave_closed']} in {run.args.flood_seconds} s")
    report.expect(refused >= clients - (MAX_CLIENTS - 1),
                  f"{clients} clients with {MAX_CLIENTS - 1} slots free: {refused} refused, expected at least "
                  f"{clients - (MAX_CLIENTS - 1)}")
    if latencies:
        ordered = sorted(latencies)
        report.measure("status round trip meanwhile", f"{len(ordered)} samples: max {ordered[-1] * 1000:.2f} ms, "
                       f"p99 {ordered[int(0.99 * (len(ordered) - 1))] * 1000:.2f} ms, "
                       f"median {ordered[len(ordered) // 2] * 1000:.2f} ms")
        median = ordered[len(ordered) // 2]
        report.expect(median <= LATENCY_LIMIT_S,
                      f"flood: the median status round trip of the well-behaved client was "
                      f"{median * 1000:.1f} ms, more than {LATENCY_LIMIT_S * 1000:.0f} ms")


def all_steps():
    """(label, step) in the order they run."""
    big = b"x" * (1 << 20)
    return [
        ("fuzz", fuzz),
        ("a line of zeros", one_error_for("a line of zeros", b"\0" * 4096)),
        ("a request with a zero byte", one_error_for("a request with a zero byte", b'{"id":1,"method":"status"}\0')),
        ("a line at the limit", one_error_for(f"a line of {REQUEST_LIMIT} bytes (the limit)", b"q" * REQUEST_LIMIT)),
        ("a 70 KB line", one_error_for("a 70 KB line", b"y" * 70_000)),
        ("a 70 KB request", one_error_for("a 70 KB request", b'{"id":8,"method":"status","params":{"pad":"'
                                          + b"z" * 70_000 + b'"}}')),
        ("1 MB without a newline", one_error_for("1 MB without a newline", big, ending=b"")),
        ("half-closed request", half_closed("a request without its newline", b'{"id":1,"method":"status"}', 1)),
        ("half-closed 5 requests", half_closed("5 requests", b'{"id":1,"method":"status"}\n' * 5, 5)),
        ("half-closed 1 MB", half_closed("1 MB without a newline", big, 1)),
        ("half-closed nothing", half_closed("nothing sent", b"", 0)),
        ("vanishing clients", vanishing_clients),
        ("connection limit", connection_limit),
    ]
