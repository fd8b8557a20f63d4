#!/usr/bin/env python3
"""Zero idle wake-ups: spikertd with a quiescent network and no inputs wakes at most
once a second, measured by the kernel (context switches in /proc/PID/status) over a
window of --seconds; beside it the same model with `--power full` (never skips a tick,
so it runs every 1 ms tick) is measured the same way and must show about a thousand
wake-ups a second, proving the measurement sees wake-ups at all.

Each run also reports the daemon's own `wake_ups` counter over the window (read over
one control connection kept open and silent, so the reading adds exactly one wake-up).

usage: tools/daemon/check_idle.py --spikertd BIN --spikert BIN [--seconds 30]
"""

from __future__ import annotations

import sys
import time

from harness import (Daemon, Report, Workspace, arguments, context_switches,
                     reward_model_dt_ns, stop_on_sigterm, write_reward_model)
from control import Control, result

IDLE_LIMIT_PER_SECOND = 1.0
# Ticking at 1 kHz must show at least half of its ticks as wake-ups.
TICKING_FRACTION = 0.5


def measure(report: Report, args, work: Workspace, label: str, extra: list[str]) -> tuple[float, float] | None:
    """Wake-ups a second over the window, by the kernel and by the daemon's counter."""
    state = work.join(f"state-{label}")
    sock = work.join(f"{label}.sock")
    daemon = Daemon(args.spikertd, ["--model", work.join("model.spkb"), "--socket", sock,
                                    "--state-dir", state, "--checkpoint-interval", "0"] + extra,
                    work.join(f"{label}.log"), args.runner)
    try:
        ctl = Control.connect(sock, wait=30)
        status = result(ctl.call("status"))
        if label == "idle":
            report.expect(status["quiescent"] and status["queued_events"] == 0,
                          f"idle run: the network is not quiescent with no inputs: {status}")
        # Let the start (socket set-up, first answer) settle before the window opens.
        time.sleep(args.settle)
        before_counter = result(ctl.call("counters"))["daemon"]["wake_ups"]
        time.sleep(0.2)
        before = context_switches(daemon.pid)
        t0 = time.monotonic()
        time.sleep(args.seconds)
        after = context_switches(daemon.pid)
        t1 = time.monotonic()
        after_counter = result(ctl.call("counters"))["daemon"]["wake_ups"]
        ctl.close()
        if not report.expect(daemon.alive(), f"{label} run: spikertd exited during the window:\n{daemon.log()}"):
            return None
        window = t1 - t0
        kernel_rate = (after - before) / window
        # The second `counters` request is one wake-up of its own.
        counter_rate = max(0, after_counter - before_counter - 1) / window
        report.measure(f"{label}: context switches", f"{after - before} in {window:.2f} s = {kernel_rate:.2f}/s")
        report.measure(f"{label}: daemon wake_ups counter", f"{after_counter - before_counter - 1} "
                       f"in the window = {counter_rate:.2f}/s")
        return kernel_rate, counter_rate
    finally:
        daemon.stop()


def main(argv=None) -> int:
    ap = arguments(__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=30.0, help="length of each window")
    ap.add_argument("--settle", type=float, default=1.0, help="wait before each window")
    args = ap.parse_args(argv)
    stop_on_sigterm()
    report = Report("check_idle")
    work = Workspace("spikertd-idle-", args.keep)
    try:
        write_reward_model(work.join("model.spkb"))
        tick_rate = 1e9 / reward_model_dt_ns()
        report.measure("model", f"reward task (R-STDP), dt {reward_model_dt_ns()} ns = {tick_rate:.0f} ticks/s")
        idle = measure(report, args, work, "idle", [])
        ticking = measure(report, args, work, "ticking", ["--power", "full"])
        if idle is None or ticking is None:
            return report.finish()
        report.expect(idle[0] <= IDLE_LIMIT_PER_SECOND,
                      f"idle: {idle[0]:.2f} context switches/s with no inputs and a quiescent network, "
                      f"expected ≤ {IDLE_LIMIT_PER_SECOND}/s")
        report.expect(idle[1] <= IDLE_LIMIT_PER_SECOND,
                      f"idle: the daemon counted {idle[1]:.2f} wake-ups/s, expected ≤ {IDLE_LIMIT_PER_SECOND}/s")
        floor = TICKING_FRACTION * tick_rate
        report.expect(ticking[0] >= floor,
                      f"--power full: {ticking[0]:.0f} context switches/s, expected ≥ {floor:.0f}/s "
                      f"(about one per {reward_model_dt_ns() / 1e6:g} ms tick): the measurement does not see wake-ups")
        report.expect(ticking[1] >= floor,
                      f"--power full: the daemon counted {ticking[1]:.0f} wake-ups/s, expected ≥ {floor:.0f}/s")
        report.note(f"idle {idle[0]:.2f}/s vs ticking {ticking[0]:.0f}/s (kernel); "
                    f"{idle[1]:.2f}/s vs {ticking[1]:.0f}/s (daemon counter)")
        return report.finish()
    finally:
        work.close()


if __name__ == "__main__":
    sys.exit(main())
