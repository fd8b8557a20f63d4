#!/usr/bin/env python3
"""Crash-safe checkpoints: spikertd learning under input load while a client requests
checkpoints back to back is killed with SIGKILL at a random moment, --kills times;
after every kill both files of the state directory are absent or valid (`spikert
validate`), and the next start resumes from a checkpoint at a tick no older than the
last checkpoint whose answer arrived. Then a full file system (a small tmpfs as the
state directory, filled up): the checkpoint request is answered with an error, the
daemon keeps running and learning, both checkpoint files stay byte for byte what they
were and no temporary file is left; with space again the next request succeeds.

Also counted: how many kills landed inside a checkpoint write (the write's temporary
file was left behind) — and such debris must not pile up in the state directory
from one crash to the next.

usage: tools/daemon/check_crash.py --spikertd BIN --spikert BIN [--kills 500] [--seed 1]
"""

from __future__ import annotations

import errno
import os
import random
import subprocess
import sys
import threading
import time

import numpy as np

from harness import (RESUMED, Daemon, Report, Workspace, arguments, reward_trials,
                     stop_on_sigterm, validate, write_reward_model)
from control import Control, result

CURRENT, PREVIOUS = "checkpoint.spkb", "checkpoint.prev.spkb"


def debris(state: str) -> list[str]:
    """Temporary files of checkpoint writes in the state directory (AtomicFile names
    them .NAME.tmp.PID.COUNTER)."""
    return sorted(n for n in os.listdir(state) if n.startswith(".") and ".tmp." in n)


def kill_loop(report: Report, args, work: Workspace, model: str, events: str) -> None:
    state = work.join("state")
    os.makedirs(state)
    sock = work.join("control.sock")
    rng = random.Random(args.seed)
    last_completed: int | None = None      # tick of the newest checkpoint answered
    completed = kills_in_write = restarts_checked = 0
    resumed_ticks = []
    started = time.monotonic()
    for k in range(args.kills):
        before = set(debris(state))
        daemon = Daemon(args.spikertd, ["--model", model, "--learn", "--replay", events, "--pace", "realtime",
                                        "--socket", sock, "--state-dir", state, "--checkpoint-interval", "0"],
                        work.join("daemon.log"), args.runner)
        try:
            try:
                ctl = Control.connect(sock, wait=30)
            except OSError as error:
                report.expect(False, f"kill {k}: no control socket after a restart ({error}); log:\n"
                              + daemon.log())
                return
            # The start logged where it resumed before it opened the socket.
            log = daemon.log()
            resumed = RESUMED.search(log)
            if last_completed is not None:
                restarts_checked += 1
                if not report.expect(resumed is not None,
                                     f"restart {k}: a checkpoint at tick {last_completed} was completed but the "
                                     f"daemon did not resume from any; log:\n{log}"):
                    return
                tick = int(resumed.group(1))
                resumed_ticks.append(tick)
                if not report.expect(tick >= last_completed,
                                     f"restart {k}: resumed at tick {tick}, older than the last completed "
                                     f"checkpoint (tick {last_completed})"):
                    return
            killer = threading.Timer(rng.uniform(0.0, args.max_delay), daemon.process.kill)
            killer.start()
            try:
                while True:
                    answer = ctl.call("checkpoint")
                    if "error" in answer:
                        report.expect(False, f"kill {k}: checkpoint request refused on a roomy disk: {answer}")
                        break
                    last_completed = answer["result"]["tick"]
                    completed += 1
            except (EOFError, OSError):
                pass  # killed while waiting for an answer
            finally:
                killer.join()
                ctl.close()
            status = daemon.process.wait(10)
            if not report.expect(status == -9, f"kill {k}: spikertd ended with {status} before the SIGKILL; log:\n"
                                 + daemon.log()):
                return
        finally:
            daemon.kill()
        left = set(debris(state)) - before
        if left:
            kills_in_write += 1
        paths = [os.path.join(state, n) for n in (CURRENT, PREVIOUS) if os.path.exists(os.path.join(state, n))]
        if last_completed is not None:
            report.expect(os.path.join(state, CURRENT) in paths,
                          f"kill {k}: {CURRENT} is missing although a checkpoint was completed")
        if paths:
            for path, (ok, line, _) in validate(args.spikert, paths, args.runner).items():
                if not report.expect(ok, f"kill {k}: a checkpoint file is not valid after SIGKILL: {line}"):
                    return
    elapsed = time.monotonic() - started
    report.measure("kills", f"{args.kills} in {elapsed:.1f} s ({elapsed / max(1, args.kills) * 1000:.0f} ms each)")
    report.measure("checkpoints completed (answered) before the kills", completed)
    report.measure("restarts checked against the last completed checkpoint", restarts_checked)
    if resumed_ticks:
        report.measure("resumed ticks", f"{resumed_ticks[0]} … {resumed_ticks[-1]}")
    report.measure("kills inside a checkpoint write (a temporary file was left)", kills_in_write)
    report.expect(completed > 0, "no checkpoint request was ever answered: the kills tested nothing")
    left = debris(state)
    temporaries = [n for n in left if n.startswith("." + CURRENT + ".tmp.")]
    links = [n for n in left if n.startswith("." + PREVIOUS + ".tmp.")]
    inodes = {os.stat(os.path.join(state, n)).st_ino: os.path.getsize(os.path.join(state, n)) for n in left}
    report.measure("temporary files left in the state directory",
                   f"{len(left)} ({len(temporaries)} unfinished checkpoints .{CURRENT}.tmp.*, {len(links)} "
                   f"previous-generation links .{PREVIOUS}.tmp.*; {sum(inodes.values())} bytes held); "
                   f"also there: {sorted(set(os.listdir(state)) - set(left))}")
    report.expect(len(left) <= 2,
                  f"after {args.kills} kills the state directory holds {len(left)} stale files "
                  f"({len(temporaries)} unfinished .{CURRENT}.tmp.PID.N, {len(links)} hard links "
                  f".{PREVIOUS}.tmp.PID.N; {len(inodes)} distinct files of {sum(inodes.values())} bytes): each kill inside a checkpoint write leaves its temporary name behind and no later "
                  f"start removes them, so a board that loses power often fills its storage; expected at most "
                  f"those of the last kill")


def fill(path: str) -> int:
    """Write `path` until the file system is full; the bytes written."""
    written = 0
    chunk = b"\0" * 1024
    with open(path, "wb", buffering=0) as f:
        while True:
            try:
                written += f.write(chunk)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                break
    return written


class FullDirectory:
    """A state directory whose writes can be made to fail: a 64 KiB tmpfs filled up by
    a filler file, or — where mounting is refused — an ext4 directory made immutable
    (chattr +i: no file can be created in it, not even by root)."""

    def __init__(self, report: Report, path: str):
        self.path = path
        os.makedirs(path)
        run = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", path],
                             capture_output=True, text=True)
        self.mounted = run.returncode == 0
        self.immutable = False
        if not self.mounted:
            report.note(f"mount -t tmpfs was refused ({run.stderr.strip()}); instead the state directory "
                        f"is made immutable with chattr +i (writes fail with EPERM, not ENOSPC)")
        self.filler = os.path.join(path, "filler")

    def block(self, report: Report) -> None:
        if self.mounted:
            report.measure("full disk: bytes written to fill the 64 KiB tmpfs", fill(self.filler))
        else:
            subprocess.run(["chattr", "+i", self.path], check=True)
            self.immutable = True

    def unblock(self) -> None:
        if self.mounted:
            if os.path.exists(self.filler):
                os.unlink(self.filler)
        elif self.immutable:
            subprocess.run(["chattr", "-i", self.path], check=True)
            self.immutable = False

    def close(self) -> None:
        if self.mounted:
            if subprocess.run(["umount", self.path], capture_output=True).returncode != 0:
                subprocess.run(["umount", "-l", self.path], capture_output=True)
        else:
            self.unblock()


def full_disk(report: Report, args, work: Workspace, model: str, events: str) -> None:
    state = FullDirectory(report, work.join("small"))
    try:
        full_disk_on(report, args, work, state, model, events)
    finally:
        state.close()


def full_disk_on(report: Report, args, work: Workspace, full: FullDirectory, model: str, events: str) -> None:
    state = full.path
    sock = work.join("full.sock")
    daemon = Daemon(args.spikertd, ["--model", model, "--learn", "--replay", events, "--pace", "realtime",
                                    "--socket", sock, "--state-dir", state, "--checkpoint-interval", "0"],
                    work.join("full.log"), args.runner)
    try:
        ctl = Control.connect(sock, wait=30)
        # Two generations on disk, then the file system is filled.
        for _ in range(2):
            result(ctl.call("checkpoint"))
            time.sleep(0.05)
        kept = {}
        for name in (CURRENT, PREVIOUS):
            with open(os.path.join(state, name), "rb") as f:
                kept[name] = f.read()
        full.block(report)
        before = result(ctl.call("status"))
        answer = ctl.call("checkpoint")
        report.measure("full disk: answer to checkpoint", answer)
        report.expect("error" in answer, f"full disk: the checkpoint request succeeded: {answer}")
        time.sleep(0.6)   # three rewarded trials of the replay
        after = result(ctl.call("status"))
        report.expect(daemon.alive(), "full disk: spikertd exited after a failed checkpoint")
        report.expect(after["tick"] > before["tick"],
                      f"full disk: the network stopped running (tick {before['tick']} then {after['tick']})")
        report.expect(after["state_hash"] != before["state_hash"] and after["learned_state_dirty"],
                      f"full disk: the network stopped learning: state hash {before['state_hash']} at tick "
                      f"{before['tick']}, {after['state_hash']} at tick {after['tick']}, "
                      f"dirty {after['learned_state_dirty']}")
        report.expect(after["checkpoints_failed"] >= 1,
                      f"full disk: status counts no failed checkpoint: {after['checkpoints_failed']}")
        for name, data in kept.items():
            with open(os.path.join(state, name), "rb") as f:
                now = f.read()
            report.expect(now == data, f"full disk: {name} changed during the failed checkpoint "
                          f"({len(data)} bytes before, {len(now)} after)")
        left = debris(state)
        report.expect(not left, f"full disk: the failed checkpoint left files behind: {left}")
        verdicts = validate(args.spikert, [os.path.join(state, n) for n in kept], args.runner)
        for path, (ok, line, _) in verdicts.items():
            report.expect(ok, f"full disk: {line}")

        full.unblock()
        answer = ctl.call("checkpoint")
        report.measure("space again: answer to checkpoint", answer)
        if report.expect("result" in answer, f"space again: the checkpoint request failed: {answer}"):
            report.expect(answer["result"]["tick"] >= after["tick"],
                          f"space again: the checkpoint holds tick {answer['result']['tick']}, "
                          f"before tick {after['tick']} that had already run")
            ok, line, tick = validate(args.spikert, [os.path.join(state, CURRENT)], args.runner)[
                os.path.join(state, CURRENT)]
            report.expect(ok and tick == answer["result"]["tick"],
                          f"space again: the new checkpoint is not what the answer said: {line}")
            with open(os.path.join(state, PREVIOUS), "rb") as f:
                report.expect(f.read() == kept[CURRENT],
                              f"space again: {PREVIOUS} is not the checkpoint that was current before the full disk")
        ctl.close()
        status = daemon.stop()
        report.expect(status == 0, f"full disk: SIGTERM ended spikertd with {status}, expected 0")
    finally:
        daemon.kill()


def main(argv=None) -> int:
    ap = arguments(__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=500)
    ap.add_argument("--max-delay", type=float, default=0.1, help="longest wait before a kill, seconds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-full-disk", action="store_true", help="skip the full-disk part")
    args = ap.parse_args(argv)
    stop_on_sigterm()
    report = Report("check_crash")
    work = Workspace("spikertd-crash-", args.keep)
    try:
        model = work.join("model.spkb")
        write_reward_model(model)
        lines, ticks = reward_trials(np.random.default_rng(args.seed), 100)
        events = work.join("events.csv")
        with open(events, "w") as f:
            f.write("tick,channel\n")
            f.writelines(lines)
        report.measure("input load", f"{len(lines)} events and rewards over {ticks} ticks at --pace realtime")
        kill_loop(report, args, work, model, events)
        if not args.no_full_disk:
            full_disk(report, args, work, model, events)
        return report.finish()
    finally:
        work.close()


if __name__ == "__main__":
    sys.exit(main())
