#!/usr/bin/env python3
"""spikertd against spikert run, bit for bit: a recorded event file replayed through the
daemon, with learning on and rewards given over the control socket at recorded ticks,
must give the same output spikes, the same final state (hash and checkpoint bytes) and
the same work counters as `spikert run` on the same model with the same events and
rewards in its input file.

The model is the reward-modulated task of tools/python/examples/reward_two_patterns.py
(R-STDP: weights change only when a reward arrives), so a reward applied at a
different tick, or lost, changes the result.

usage: tools/daemon/check_replay.py --spikert BIN --spikertd BIN [--trials N]
                                    [--runner "qemu-aarch64 -L ..."] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))
sys.path.insert(0, os.path.join(ROOT, "tools", "python", "examples"))
sys.path.insert(0, HERE)

from spikert_tools import blob  # noqa: E402
import reward_two_patterns as task  # noqa: E402
from control import Control, result  # noqa: E402

SUMMARY_HASH = re.compile(r"state\s+hash (0x[0-9a-f]{16}) at tick (\d+)")
DAEMON_HASH = re.compile(r"state hash (0x[0-9a-f]{16}) at tick (\d+)")


def make_inputs(rng: np.random.Generator, trials: int):
    """Input spike lines and (tick, reward) pairs: each trial presents a pattern for T
    ticks and is rewarded at its first silent tick, +1 or -1 by a fixed rule."""
    lines, rewards, tick = [], [], 0
    for k in range(trials):
        pattern = int(rng.integers(0, 2))
        for t in range(task.T):
            for c in range(10 * pattern, 10 * pattern + 10):
                if rng.random() < task.P_ACTIVE:
                    lines.append((tick + t, c))
        tick += task.T
        rewards.append((tick, task.REWARD if (k + pattern) % 3 else -task.REWARD))
        tick += task.R
    return lines, rewards, tick


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--spikert", required=True)
    ap.add_argument("--spikertd", required=True)
    ap.add_argument("--trials", type=int, default=40)
    ap.add_argument("--runner", default="", help="prefix for both binaries (qemu-user)")
    ap.add_argument("--keep")
    args = ap.parse_args(argv)
    runner = shlex.split(args.runner)

    work = args.keep or tempfile.mkdtemp(prefix="spikertd-replay-")
    os.makedirs(work, exist_ok=True)
    try:
        rng = np.random.default_rng(7)
        model = os.path.join(work, "model.spkb")
        blob.write(model, blob.case_to_body(task.build_case(rng)))
        lines, rewards, ticks = make_inputs(rng, args.trials)
        events = os.path.join(work, "events.csv")
        merged = os.path.join(work, "merged.csv")
        with open(events, "w") as f:
            f.write("tick,channel\n")
            f.writelines(f"{t},{c}\n" for t, c in lines)
        with open(merged, "w") as f:
            f.write("tick,channel\n")
            rows = [(t, 0, f"{t},{c}\n") for t, c in lines] + \
                   [(t, 1, f"{t},reward,{v}\n") for t, v in rewards]
            f.writelines(r for _, _, r in sorted(rows, key=lambda r: (r[0], r[1])))

        # The reference: spikert run with the rewards in its input file.
        ref_out = os.path.join(work, "ref.csv")
        ref_ckpt = os.path.join(work, "ref.spkb")
        run = subprocess.run(runner + [args.spikert, "run", model, "--input", merged, "--learn",
                                       "--ticks", str(ticks), "--output", ref_out,
                                       "--checkpoint", ref_ckpt, "--stats"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"check_replay: spikert run failed:\n{run.stdout}{run.stderr}")
        ref_hash = SUMMARY_HASH.search(run.stdout).groups()

        # The daemon: the same inputs from --replay, the rewards over the socket.
        state = os.path.join(work, "state")
        os.makedirs(state)
        sock = os.path.join(work, "control.sock")
        got_out = os.path.join(work, "got.csv")
        daemon = subprocess.Popen(runner + [args.spikertd, "--model", model, "--learn",
                                            "--replay", events, "--pace", "fast", "--paused",
                                            "--ticks", str(ticks), "--socket", sock,
                                            "--state-dir", state, "--output", got_out],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            ctl = Control.connect(sock, wait=30)
            for tick, value in rewards:
                queued = result(ctl.call("reward", value=value, tick=tick))
                assert queued["tick"] == tick, queued
            result(ctl.call("resume"))
            out, err = daemon.communicate(timeout=120)
        finally:
            if daemon.poll() is None:
                daemon.kill()
        if daemon.returncode != 0:
            sys.exit(f"check_replay: spikertd exited {daemon.returncode}:\n{err}")
        got_hash = DAEMON_HASH.search(err).groups()

        failures = []
        with open(ref_out) as a, open(got_out) as b:
            ref_lines, got_lines = a.read(), b.read()
        if ref_lines != got_lines:
            failures.append("output spikes differ")
        if ref_hash != got_hash:
            failures.append(f"state hash differs: spikert run {ref_hash}, spikertd {got_hash}")
        with open(ref_ckpt, "rb") as a, open(os.path.join(state, "checkpoint.spkb"), "rb") as b:
            if a.read() != b.read():
                failures.append("final checkpoints differ")
        n_spikes = ref_lines.count("\n") - 1
        if failures:
            print("check_replay: FAILED: " + "; ".join(failures) + f" (kept in {work})")
            args.keep = work
            return 1
        print(f"check_replay: {args.trials} trials, {len(lines)} input events, {len(rewards)} "
              f"rewards over the socket, {ticks} ticks: {n_spikes} output spikes, state hash "
              f"{got_hash[0]} and the final checkpoint identical to spikert run")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
