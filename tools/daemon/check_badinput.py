#!/usr/bin/env python3
"""Bad input gets a clear error or a refusal, never a crash or lost learned state:

* a replay file with malformed lines mixed in: each counted in `replay_malformed_lines`,
  every good line applied, lines on channels the model lacks rejected and counted;
* `--gpio-in NOSUCHLINE=0`: exit status 1 or 2 and a message naming NOSUCHLINE;
* the control socket: seeded fuzz (random bytes and mutated requests), crafted lines
  past every parser limit, a 1 MB line without a newline, a 70 KB line, zeros,
  half-closed connections — every complete line gets exactly one JSON answer and the
  (paused) network's state hash is unchanged; 20 clients that send and never read are
  dropped while a well-behaved client is answered (median within 10 ms); the 17th concurrent
  connection is refused with an error line;
* SIGHUP with the model file replaced by a corrupt copy, then by a valid model of
  another shape: both reloads refused, the running state untouched; with the right file
  back SIGHUP reloads, the state before it is checkpointed first, and a restart after
  SIGTERM resumes from the last checkpoint written;
* at the end of each run SIGTERM: exit 0 and a final checkpoint that validates.

usage: tools/daemon/check_badinput.py --spikertd BIN --spikert BIN [--fuzz 4000] [--seed 1]
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import numpy as np

from harness import (RESUMED, ROOT, Daemon, Report, Workspace, arguments, reward_trials,
                     stop_on_sigterm, validate, write_reward_model)
from control import Control, result
import abuse
import socket_steps
from socket_steps import SocketRun

INPUTS = 20                      # input channels of the reward model
FOREIGN_MODEL = os.path.join(ROOT, "Tests", "SpikeCoreTests", "Blobs", "stdp_nearest_hard.spkb")
FINAL_HASH = re.compile(r"state hash (0x[0-9a-f]{16}) at tick (\d+)")


def stop_and_validate(report: Report, args, daemon: Daemon, state: str, label: str) -> int | None:
    """SIGTERM: exit 0 and a final checkpoint at the tick the daemon reports; that tick."""
    status = daemon.stop()
    report.expect(status == 0, f"{label}: SIGTERM ended spikertd with {status}, expected 0")
    final = FINAL_HASH.search(daemon.log())
    path = os.path.join(state, "checkpoint.spkb")
    if not report.expect(final is not None and os.path.exists(path),
                         f"{label}: no final state hash in the log or no {path}"):
        return None
    ok, line, tick = validate(args.spikert, [path], args.runner)[path]
    report.expect(ok and tick == int(final.group(2)),
                  f"{label}: the final checkpoint is not the state at exit (tick {final.group(2)}): {line}")
    return tick


def check_gpio_line(report: Report, args, work: Workspace, model: str) -> None:
    run = subprocess.run([*args.runner.split(), args.spikertd, "--model", model, "--gpio-in", "NOSUCHLINE=0",
                          "--socket", "none", "--state-dir", work.join("gpio-state")],
                         capture_output=True, text=True, timeout=30)
    message = (run.stdout + run.stderr).strip()
    report.measure("--gpio-in NOSUCHLINE=0", f"exit {run.returncode}: {message}")
    report.expect(run.returncode in (1, 2) and "NOSUCHLINE" in message,
                  f"--gpio-in NOSUCHLINE=0: expected exit 1 or 2 and a message naming NOSUCHLINE, "
                  f"got exit {run.returncode}: {message}")


def check_replay(report: Report, args, ctl: Control, daemon: Daemon, counts) -> None:
    good, rejected, malformed = counts
    ended = daemon.wait_for_log(r"replay .*: end of input after (\d+) events", timeout=30)
    if not report.expect(ended is not None, f"the malformed replay never ended; log:\n{daemon.log()[-2000:]}"):
        return
    deadline = time.monotonic() + 30
    while result(ctl.call("status"))["queued_events"] and time.monotonic() < deadline:
        time.sleep(0.05)
    events = result(ctl.call("counters"))["events"]
    report.measure("replay", f"{good} good, {rejected} on missing channels, {malformed} malformed lines written; "
                   f"daemon: applied {events['applied']}, rejected {events['rejected']}, malformed "
                   f"{events['replay_malformed_lines']}")
    report.expect(events["replay_malformed_lines"] == malformed,
                  f"replay: {malformed} malformed lines, the daemon counted {events['replay_malformed_lines']}")
    report.expect(events["applied"] == good and events["rejected"] == rejected,
                  f"replay: expected {good} applied and {rejected} rejected, got {events['applied']} and "
                  f"{events['rejected']}")
    report.expect("line skipped" in daemon.log(), "replay: no malformed line was logged")


def socket_and_replay(report: Report, args, work: Workspace, model: str) -> None:
    text, *counts = abuse.malformed_replay(args.seed, 3000, INPUTS)
    replay = work.join("malformed.csv")
    with open(replay, "wb") as f:
        f.write(text)
    state, sock = work.join("state"), work.join("control.sock")
    os.makedirs(state)
    command = ["--model", model, "--learn", "--replay", replay, "--pace", "fast",
               "--socket", sock, "--state-dir", state]
    run = SocketRun(report, args, command, sock, work.join("daemon.log"))
    try:
        check_replay(report, args, run.ctl, run.daemon, counts)
        paused = result(run.ctl.call("pause"))
        held = result(run.ctl.call("status"))
        for label, step in socket_steps.all_steps():
            run.step(label, step)
        if run.crashes == 0:
            after = result(run.ctl.call("status"))
            report.expect((after["tick"], after["state_hash"]) == (held["tick"], held["state_hash"]),
                          f"the paused network changed during the socket abuse: tick {held['tick']} hash "
                          f"{held['state_hash']} before, tick {after['tick']} hash {after['state_hash']} after")
            counters = result(run.ctl.call("counters"))["daemon"]
            report.measure("requests", f"{counters['requests']} answered, {counters['request_errors']} errors")
        result(run.ctl.call("resume"))
        run.step("clients that never read", socket_steps.flooders)
        run.ctl.close()
        tick = stop_and_validate(report, args, run.daemon, state, "socket run")
        report.expect(run.crashes > 0 or tick is None or tick >= paused["tick"],
                      f"socket run: the final checkpoint holds tick {tick}, before the pause at {paused['tick']}")
    finally:
        run.close()


def reload_with(report: Report, ctl: Control, daemon: Daemon, label: str) -> tuple[bool, dict]:
    """SIGHUP; whether the log said refused (False: reloaded), and the status after."""
    mark = len(daemon.log())
    daemon.signal(signal.SIGHUP)
    said = daemon.wait_for_log(r"reload refused|reloaded ", timeout=10, start=mark)
    report.expect(said is not None, f"SIGHUP with {label}: the log says neither refused nor reloaded")
    if said:
        report.measure(f"SIGHUP with {label}", daemon.log()[said.start():].splitlines()[0])
    return bool(said and said.group(0).startswith("reload refused")), result(ctl.call("status"))


def check_reload(report: Report, args, work: Workspace, model: str, good: bytes) -> None:
    lines, _ = reward_trials(np.random.default_rng(args.seed), 200)
    events = work.join("rewarded.csv")
    with open(events, "w") as f:
        f.write("tick,channel\n")
        f.writelines(lines)
    state, sock = work.join("reload-state"), work.join("reload.sock")
    os.makedirs(state)
    command = ["--model", model, "--learn", "--replay", events, "--pace", "realtime",
               "--socket", sock, "--state-dir", state, "--checkpoint-interval", "0"]
    daemon = Daemon(args.spikertd, command, work.join("reload.log"), args.runner)
    try:
        ctl = Control.connect(sock, wait=30)
        time.sleep(1.0)                      # five rewarded trials: learned state to keep
        result(ctl.call("pause"))
        before = result(ctl.call("status"))
        report.expect(before["learned_state_dirty"], "reload: nothing was learned before the SIGHUPs")

        corrupt = bytearray(good)
        for k in range(len(corrupt) // 3, len(corrupt) // 3 + 16):
            corrupt[k] ^= 0x5A
        with open(model, "wb") as f:
            f.write(corrupt)
        refused, status = reload_with(report, ctl, daemon, "a corrupt model file")
        report.expect(refused, "SIGHUP with a corrupt model file: the reload was not refused")
        report.expect((status["tick"], status["state_hash"]) == (before["tick"], before["state_hash"]),
                      f"SIGHUP with a corrupt model file: the running state changed: {before['state_hash']} "
                      f"at tick {before['tick']} before, {status['state_hash']} at tick {status['tick']} after")

        shutil.copyfile(FOREIGN_MODEL, model)
        refused, status = reload_with(report, ctl, daemon, "a valid model of another shape")
        report.expect(refused, f"SIGHUP with a valid model of another shape "
                      f"({os.path.basename(FOREIGN_MODEL)}: 16 inputs, 3 populations, 2 rules, for a running "
                      f"20-input R-STDP model): expected the reload refused and the learned state kept; it was "
                      f"loaded, the running network replaced (status now: tick {status['tick']}, "
                      f"{status['learning']['rules']} rules, hash {status['state_hash']})")
        report.expect((status["tick"], status["state_hash"]) == (before["tick"], before["state_hash"]),
                      f"SIGHUP with a model of another shape: the running state changed: {before['state_hash']} "
                      f"at tick {before['tick']} before, {status['state_hash']} at tick {status['tick']} after")

        with open(model, "wb") as f:
            f.write(good)
        result(ctl.call("resume"))
        time.sleep(0.4)
        result(ctl.call("pause"))
        learned = result(ctl.call("status"))
        refused, status = reload_with(report, ctl, daemon, "the right model file back")
        report.expect(not refused, "SIGHUP with the right model file back: the reload was refused")
        counters = result(ctl.call("counters"))["daemon"]
        report.measure("reloads", f"{counters['reloads']} done, {counters['reloads_refused']} refused")
        # The state before the reload is checkpointed first; the daemon may keep that
        # file as a generation or set it aside (*.replaced): any valid file will do.
        files = [os.path.join(state, n) for n in sorted(os.listdir(state)) if ".spkb" in n and ".tmp." not in n]
        verdicts = validate(args.spikert, files, args.runner) if files else {}
        kept = [p for p, (ok, _, tick) in verdicts.items() if ok and tick == learned["tick"]]
        report.measure("state before the reload kept in", ", ".join(os.path.basename(p) for p in kept) or "nothing")
        report.expect(bool(kept), f"the reload did not checkpoint the running state (tick {learned['tick']}) "
                      f"first: the state directory holds " + "; ".join(l for _, l, _ in verdicts.values()))
        result(ctl.call("resume"))
        time.sleep(0.3)
        ctl.close()
        stop_and_validate(report, args, daemon, state, "reload run")
    finally:
        daemon.kill()


def check_reload_then_restart(report: Report, args, work: Workspace, model: str, events: str) -> None:
    """SIGHUP with the same, valid model file, SIGTERM, start again: the restart must go
    on from the exit checkpoint, the last state the daemon ran."""
    state, sock = work.join("restart-state"), work.join("restart.sock")
    os.makedirs(state)
    command = ["--model", model, "--learn", "--replay", events, "--pace", "realtime",
               "--socket", sock, "--state-dir", state, "--checkpoint-interval", "0"]
    daemon = Daemon(args.spikertd, command, work.join("restart.log"), args.runner)
    try:
        ctl = Control.connect(sock, wait=30)
        time.sleep(1.0)
        refused, status = reload_with(report, ctl, daemon, "the same model file")
        report.expect(not refused, "SIGHUP with the same model file: the reload was refused")
        time.sleep(0.3)
        ctl.close()
        final = stop_and_validate(report, args, daemon, state, "reload-restart run")
    finally:
        daemon.kill()
    again = Daemon(args.spikertd, command, work.join("restart.log"), args.runner)
    try:
        Control.connect(sock, wait=30).close()
        resumed = RESUMED.search(again.log())
        report.measure("restart after SIGHUP and SIGTERM", resumed.group(0) if resumed else "no checkpoint resumed")
        report.expect(resumed is not None and final is not None and int(resumed.group(1)) == final,
                      f"restart after a SIGHUP reload and SIGTERM: expected to resume from the exit checkpoint "
                      f"(tick {final}); " + (
                          f"resumed at tick {resumed.group(1)}: the state from before the reload, kept in "
                          f"checkpoint.prev.spkb, wins because the reload restarted the tick count at the model "
                          f"file's tick and the newest checkpoint is chosen by tick" if resumed else "resumed none"))
        again.stop()
    finally:
        again.kill()


def main(argv=None) -> int:
    ap = arguments(__doc__.split("\n\n")[0])
    ap.add_argument("--fuzz", type=int, default=4000, help="random and mutated request lines")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--flood-seconds", type=float, default=5.0, help="how long clients flood without reading")
    args = ap.parse_args(argv)
    stop_on_sigterm()
    report = Report("check_badinput")
    work = Workspace("spikertd-badinput-", args.keep)
    try:
        model = work.join("model.spkb")
        good = write_reward_model(model)
        check_gpio_line(report, args, work, model)
        socket_and_replay(report, args, work, model)
        check_reload(report, args, work, model, good)
        check_reload_then_restart(report, args, work, model, work.join("rewarded.csv"))
        return report.finish()
    finally:
        work.close()


if __name__ == "__main__":
    sys.exit(main())
