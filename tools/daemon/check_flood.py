#!/usr/bin/env python3
"""A flood of input: a writer process pushes --rate event lines a second (100,000 by
default) into a FIFO that spikertd replays at `--pace live`, for --seconds (60). Every
100 ms the check samples the daemon's VmRSS and times a `status` round trip over the
control socket. Pass: the RSS grows less than 2 MiB after the warm-up, every status
answer comes within 10 ms, and every line written is accounted for at the end —
applied, rejected, dropped (queue full, counted) or still queued. On a machine with
more runnable tasks than cores (load average above the core count) the check's own
client is delayed too: there the p99 must be within 10 ms and no answer may take over
100 ms.

Reported: the writer's achieved rate (a FIFO writer waits in the kernel when the
daemon's queue is full, so the rate is what the daemon took), RSS after the warm-up
and at most, status latency (max, p99, median), the daemon's event counters and late
ticks, and the machine's load average (a loaded machine delays the check's own
client too).

usage: tools/daemon/check_flood.py --spikertd BIN --spikert BIN [--seconds 60]
                                   [--rate 100000] [--model docs/demo/motion.spkb]
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
import time

from harness import ROOT, Daemon, Report, Workspace, arguments, proc_status, stop_on_sigterm
from control import Control, result

RSS_GROWTH_LIMIT_KB = 2048
LATENCY_LIMIT_S = 0.010
# On an overloaded machine (more runnable tasks than cores) the check's own client
# waits for a core too, and its round trips grow for reasons that are not the daemon's:
# there the 10 ms target is judged on the p99, and any single answer may take up to
# STALL_LIMIT_S before it counts as a stall of the daemon.
STALL_LIMIT_S = 0.100
SAMPLE_PERIOD_S = 0.1


def writer(fifo: str, rate: int, seconds: float, channels: int, written, stop) -> None:
    """Write `rate` lines a second for `seconds` (ticks non-decreasing: milliseconds
    since the start), in batches of at most a millisecond's worth of lines, catching up
    after any wait; `written` counts the lines the FIFO took."""
    rng = random.Random(1)
    pool = [b"%d\n" % rng.randrange(channels) for _ in range(4096)]
    with open(fifo, "wb", buffering=0) as out:
        start = time.monotonic()
        sent = 0
        k = 0
        while not stop.is_set():
            elapsed = time.monotonic() - start
            if elapsed >= seconds:
                break
            due = int(rate * elapsed) - sent
            if due <= 0:
                time.sleep(0.0005)
                continue
            batch = min(due, max(1, rate // 1000) * 4)
            tick = b"%d," % int(elapsed * 1000)
            data = b"".join(tick + pool[(k + j) & 4095] for j in range(batch))
            k += batch
            out.write(data)
            sent += batch
            written.value = sent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv=None) -> int:
    ap = arguments(__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--rate", type=int, default=100_000, help="lines a second")
    ap.add_argument("--model", default=os.path.join(ROOT, "docs", "demo", "motion.spkb"))
    ap.add_argument("--channels", type=int, default=100, help="input channels 0..N-1 of the model")
    ap.add_argument("--warm-up", type=float, default=5.0, help="seconds before the RSS baseline")
    args = ap.parse_args(argv)
    stop_on_sigterm()
    report = Report("check_flood")
    work = Workspace("spikertd-flood-", args.keep)
    stop = multiprocessing.Event()
    written = multiprocessing.Value("q", 0)
    feeder = None
    daemon = None
    try:
        fifo = work.join("events.fifo")
        os.mkfifo(fifo)
        sock = work.join("control.sock")
        daemon = Daemon(args.spikertd, ["--model", args.model, "--replay", fifo, "--pace", "live",
                                        "--socket", sock, "--state-dir", work.join("state")],
                        work.join("daemon.log"), args.runner)
        ctl = Control.connect(sock, wait=30)
        dt_ns = result(ctl.call("status"))["dt_ns"]
        report.measure("model", f"{args.model}, dt {dt_ns} ns, channels 0-{args.channels - 1}")
        feeder = multiprocessing.Process(target=writer, args=(fifo, args.rate, args.seconds, args.channels,
                                                               written, stop), daemon=True)
        feeder.start()
        warm_up = min(args.warm_up, args.seconds / 3)
        start = time.monotonic()
        latencies, rss = [], []
        baseline_kb = None
        next_sample = start
        while time.monotonic() - start < args.seconds:
            next_sample += SAMPLE_PERIOD_S
            if not daemon.alive():
                break
            rss_kb = proc_status(daemon.pid)["VmRSS"]
            t0 = time.perf_counter()
            status = ctl.call("status")
            latencies.append(time.perf_counter() - t0)
            report.expect("result" in status, f"status answered with an error during the flood: {status}")
            if time.monotonic() - start >= warm_up:
                if baseline_kb is None:
                    baseline_kb = rss_kb
                rss.append(rss_kb)
            time.sleep(max(0.0, next_sample - time.monotonic()))
        stop.set()
        feeder.join(30)
        lines = written.value
        elapsed = time.monotonic() - start
        if not report.expect(daemon.alive(), f"spikertd exited during the flood:\n{daemon.log()}"):
            return report.finish()

        # The writer has closed the FIFO: the daemon reads what is left, then its queue
        # empties at the live ticks.
        ended = daemon.wait_for_log(r"replay .*: end of input after (\d+) events", timeout=30)
        report.expect(ended is not None, "the daemon never saw the end of the FIFO after the writer closed it")
        deadline = time.monotonic() + 30
        while result(ctl.call("status"))["queued_events"] > 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        counters = result(ctl.call("counters"))
        queued = result(ctl.call("status"))["queued_events"]
        ctl.close()
        events, loop = counters["events"], counters["daemon"]

        report.measure("writer", f"{lines} lines in {elapsed:.1f} s = {lines / elapsed:.0f} lines/s "
                       f"(asked {args.rate}/s)")
        if ended:
            report.measure("lines the daemon read", ended.group(1))
        report.measure("events", f"applied {events['applied']}, late {events['late']}, rejected "
                       f"{events['rejected']}, dropped (queue full) {events['dropped_queue_full']}, "
                       f"queue high water {events['queue_high_water']}, malformed "
                       f"{events['replay_malformed_lines']}, still queued {queued}")
        report.measure("daemon", f"late ticks {loop['late_ticks']}, wake-ups {loop['wake_ups']}, "
                       f"requests {loop['requests']}, ticks run {counters['tick']}")
        accounted = events["applied"] + events["rejected"] + events["dropped_queue_full"] + queued
        report.expect(accounted == lines,
                      f"{lines} lines written, but applied + rejected + dropped + queued = {accounted} "
                      f"({events['applied']} + {events['rejected']} + {events['dropped_queue_full']} + {queued})")
        report.expect(events["replay_malformed_lines"] == 0,
                      f"{events['replay_malformed_lines']} of the well-formed lines were counted as malformed")
        report.expect(events["rejected"] == 0,
                      f"{events['rejected']} events on input channels 0-{args.channels - 1} were rejected")

        if rss and baseline_kb is not None:
            report.measure("RSS", f"{baseline_kb} kB after the {warm_up:.0f} s warm-up, {max(rss)} kB at most "
                           f"(+{max(rss) - baseline_kb} kB), {rss[-1]} kB at the end")
            report.expect(max(rss) - baseline_kb < RSS_GROWTH_LIMIT_KB,
                          f"RSS grew by {max(rss) - baseline_kb} kB after the warm-up "
                          f"({baseline_kb} → {max(rss)} kB), limit {RSS_GROWTH_LIMIT_KB} kB")
        if latencies:
            report.measure("status round trip", f"{len(latencies)} samples: max {max(latencies) * 1000:.2f} ms, "
                           f"p99 {percentile(latencies, 0.99) * 1000:.2f} ms, "
                           f"median {percentile(latencies, 0.5) * 1000:.2f} ms")
            slow = [l for l in latencies if l > LATENCY_LIMIT_S]
            load = os.getloadavg()
            overloaded = max(load[0], load[1]) > (os.cpu_count() or 1)
            if overloaded:
                p99 = percentile(latencies, 0.99)
                report.expect(p99 <= LATENCY_LIMIT_S,
                              f"status p99 {p99 * 1000:.2f} ms above {LATENCY_LIMIT_S * 1000:.0f} ms")
                report.expect(max(latencies) <= STALL_LIMIT_S,
                              f"a status request took {max(latencies) * 1000:.1f} ms (a stall: limit "
                              f"{STALL_LIMIT_S * 1000:.0f} ms on an overloaded machine)")
                if slow:
                    report.measure("note", f"{len(slow)} of {len(latencies)} status requests over "
                                   f"{LATENCY_LIMIT_S * 1000:.0f} ms on an overloaded machine (load "
                                   f"{load[0]:.2f} on {os.cpu_count()} cores): judged on the p99")
            else:
                report.expect(not slow, f"{len(slow)} of {len(latencies)} status requests took longer than "
                              f"{LATENCY_LIMIT_S * 1000:.0f} ms (max {max(latencies) * 1000:.1f} ms)")
        report.measure("load average", " ".join(f"{x:.2f}" for x in os.getloadavg()))
        status = daemon.stop()
        report.expect(status == 0, f"SIGTERM ended spikertd with {status}, expected 0")
        return report.finish()
    finally:
        stop.set()
        if feeder is not None and feeder.is_alive():
            feeder.terminate()
            feeder.join(5)
        if daemon is not None:
            daemon.kill()
        work.close()


if __name__ == "__main__":
    sys.exit(main())
