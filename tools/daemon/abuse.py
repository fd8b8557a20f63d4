"""Hostile input for spikertd's control socket and replay reader, for check_badinput.py:
a raw socket client that counts answer lines, seeded request fuzz (random bytes and
mutations of valid requests), malformed spike-file lines with the count the daemon
must report, and a process of clients that send and never read."""

from __future__ import annotations

import json
import multiprocessing
import random
import socket
import time

# Requests whose mutations cannot change learned state or time: no reward, learning,
# power, pause/resume, reload, subscribe (notifications would mix with the answers).
HARMLESS_REQUESTS = [
    b'{"id":1,"method":"status"}',
    b'{"id":"abc","method":"counters"}',
    b'{"id":3,"method":"unsubscribe"}',
    b'{"id":4,"method":"status","params":{}}',
    b'{"id":5,"method":"nosuch","params":{"value":1}}',
    b'{"id":6,"method":"counters","params":[1,2,3]}',
]

# Lines each answered with an error: limits of the JSON parser (depth 16, 1024 items,
# 4096-byte strings), bad UTF-8 and escapes, numbers out of range, wrong types.
CRAFTED_BAD_LINES = [
    b"[" * 5000 + b"]" * 5000,
    b'{"id":1,"method":"status","params":' + b'{"a":' * 40 + b"1" + b"}" * 40 + b"}",
    b'{"id":1,"method":"status","params":[' + b",".join([b"1"] * 2000) + b"]}",
    b'{"id":1,"method":"' + b"s" * 5000 + b'"}',
    b'{"id":' + b"9" * 400 + b',"method":"status"}',
    b'{"id":1,"method":"stat\xff\xfeus"}',
    b'{"id":1,"method":"\\ud800"}',
    b'{"id":1,"method":"status"',
    b'{"id":1,"method":"status"}}',
    b'{"id":1,"method":status}',
    b'{"id":{},"method":"status"}',
    b'{"id":1,"id":2,"method":"status"}',
    b'{"id":1,"method":"reward","params":{"value":"one"}}',
    b'{"id":1,"method":"reward","params":{"value":1,"tick":-5}}',
    b'{"id":1,"method":"power","params":{"mode":"turbo"}}',
    b'{"id":1,"method":"learning","params":{"enabled":"maybe"}}',
    b"\x00" * 64,
    b"null",
    b'"status"',
    b"",
    b"   \t  \r",
]


def mutate(rng: random.Random, line: bytes) -> bytes:
    """1-4 random byte edits (flip, insert, delete, duplicate a span); never a newline."""
    data = bytearray(line)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(4)
        at = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif op == 1:
            data[at:at] = bytes([rng.randrange(256)])
        elif op == 2 and data:
            del data[min(at, len(data) - 1)]
        else:
            end = min(len(data), at + rng.randint(1, 8))
            data[at:at] = data[at:end]
    return bytes(data).replace(b"\n", b" ")


def fuzz_lines(seed: int, count: int) -> list[bytes]:
    """`count` request lines without their newlines: random bytes and mutated valid
    requests, half and half, seeded."""
    rng = random.Random(seed)
    lines = []
    for k in range(count):
        if k % 2:
            n = rng.choice([rng.randint(0, 16), rng.randint(0, 300)])
            lines.append(bytes(rng.randrange(256) for _ in range(n)).replace(b"\n", b"\x00"))
        else:
            lines.append(mutate(rng, rng.choice(HARMLESS_REQUESTS)))
    return lines


class RawClient:
    """A control connection that sends raw bytes and reads answer lines."""

    def __init__(self, path: str, timeout: float = 5.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # A blocking connect waits while the listener's backlog is full (in timeout
        # mode a Unix socket's connect fails with EAGAIN instead).
        self.sock.connect(path)
        self.sock.settimeout(timeout)
        self.buffer = b""
        self.closed = False

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def answers(self, count: int, timeout: float = 5.0) -> list[dict]:
        """The next `count` answer lines as JSON; fewer if the daemon closed the
        connection or went silent for `timeout` seconds."""
        got = []
        deadline = time.monotonic() + timeout
        while len(got) < count:
            if b"\n" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\n", 1)
                got.append(parse_answer(raw))
                continue
            if self.closed or time.monotonic() > deadline:
                break
            try:
                self.sock.settimeout(max(0.01, deadline - time.monotonic()))
                chunk = self.sock.recv(1 << 16)
            except socket.timeout:
                break
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                self.closed = True
            self.buffer += chunk
        return got

    def until_closed(self, timeout: float = 5.0) -> list[dict]:
        """Every answer line until the daemon closes the connection."""
        return self.answers(1 << 30, timeout)

    def half_close(self) -> None:
        self.sock.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self.sock.close()


def parse_answer(raw: bytes) -> dict:
    """An answer line as JSON, or a marker naming why it is not a valid answer."""
    try:
        answer = json.loads(raw)
    except ValueError:
        return {"invalid_answer": raw[:200].decode("latin-1")}
    if not isinstance(answer, dict) or ("result" in answer) == ("error" in answer):
        return {"invalid_answer": raw[:200].decode("latin-1")}
    return answer


def malformed_replay(seed: int, good_events: int, inputs: int):
    """A spike file mixing good event lines on input channels 0..inputs-1, lines on
    channels the model lacks (parsed, then rejected) and malformed lines (counted as
    such by the daemon), plus comments and blank lines (skipped). Returns the text
    and the counts (good, rejected, malformed)."""
    rng = random.Random(seed)
    malformed_kinds = [
        lambda t: b"x,1", lambda t: b"%d" % t, lambda t: b"%d," % t, lambda t: b",%d" % t,
        lambda t: b"-1,2", lambda t: b"%d,-2" % t, lambda t: b"%d;3" % t, lambda t: b"%d,3 junk" % t,
        lambda t: b"%d,reward" % t, lambda t: b"%d,2,x" % t, lambda t: b"%d,2,99999999999" % t,
        lambda t: b"%d,99999999999" % t, lambda t: b"%d,1,2,3" % t,
        lambda t: b"\xff" + bytes(rng.randrange(1, 256) for _ in range(40)).replace(b"\n", b"\x00"),
        lambda t: b"%d,1" % t + b" " * 5000,            # longer than a spike-file line may be
    ]
    out = [b"tick,channel"]
    good = rejected = malformed = 0
    tick = 0
    while good < good_events:
        tick += rng.randint(0, 3)
        roll = rng.random()
        if roll < 0.7:
            out.append(b"%d,%d" % (tick, rng.randrange(inputs)))
            good += 1
        elif roll < 0.8:
            out.append(b"%d,%d" % (tick, inputs + rng.randrange(1000)))
            rejected += 1
        elif roll < 0.93:
            out.append(rng.choice(malformed_kinds)(tick))
            malformed += 1
        elif roll < 0.95 and tick > 0:
            out.append(b"%d,1" % tick)
            out.append(b"%d,1" % (tick - 1))    # the tick goes back

            malformed += 1
            good += 1
        else:
            out.append(rng.choice([b"", b"# a comment", b"   "]))
    return b"\n".join(out) + b"\n", good, rejected, malformed


def _flood(path: str, clients: int, seconds: float, report) -> None:
    request = b'{"id":1,"method":"status"}\n' * 64
    start = time.monotonic()

    def connect():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        s.setblocking(False)
        return s

    socks = [connect() for _ in range(clients)]
    first_wave = set(range(clients))        # indexes still holding a first-wave connection
    first_closed_at = []
    opened, closed = clients, 0
    while time.monotonic() - start < seconds:
        progressed = False
        for k, s in enumerate(socks):
            try:
                s.send(request)
                progressed = True
            except BlockingIOError:
                pass
            except OSError:   # EPIPE, ECONNRESET: the daemon closed it; another takes its place
                s.close()
                closed += 1
                if k in first_wave:
                    first_wave.discard(k)
                    first_closed_at.append(time.monotonic() - start)
                socks[k] = connect()
                opened += 1
        if not progressed:
            time.sleep(0.001)
    for s in socks:
        s.close()
    report.put({"clients": clients, "first_wave_closed": len(first_closed_at),
                "first_wave_last_closed_s": max(first_closed_at) if first_closed_at else None,
                "opened": opened, "closed": closed})


def start_flood(path: str, clients: int, seconds: float):
    """A process with `clients` connections that send status requests as fast as the
    socket takes them and never read, each replaced by a new one when the daemon closes
    it, for `seconds`; its report (how many of the first `clients` the daemon closed
    and when the last of them was, connections opened and closed) arrives on the
    returned queue."""
    report = multiprocessing.Queue()
    process = multiprocessing.Process(target=_flood, args=(path, clients, seconds, report), daemon=True)
    process.start()
    return process, report
