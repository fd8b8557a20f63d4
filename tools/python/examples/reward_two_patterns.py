#!/usr/bin/env python3
"""Reward alone teaches which of two input patterns drives which of two outputs.

A reward-modulated STDP task (Izhikevich 2007) run on the SpikeRT runtime through
`spikert run`, one process per trial, the network carried from trial to trial in a
checkpoint:

* 20 input neurons; pattern A makes neurons 0–9 fire (Bernoulli, p per tick), pattern B
  neurons 10–19, for `T` ticks, then `R` silent ticks.
* 2 LIF outputs with mutual inhibition (a delay-1 recurrent projection of negative
  weights); the input → output weights start random and learn by R-STDP (nearest
  pairs): every pair of spikes only leaves an eligibility trace on its synapse.
* The choice of a trial is the output with more spikes (a tie is wrong). Right after the
  presentation the script writes a reward line (`tick,reward,VALUE`, Q16.16) into the
  next spike file: +1 if the choice was A → output 0 or B → output 1, −1 otherwise. Only
  then do weights change: learning rate × reward × eligibility.

After `--train` trials learning is switched off (`--freeze`) and `--test` fresh trials
measure accuracy (target ≥ 95 %). Everything is seeded; the run is deterministic.

usage: python3 tools/python/examples/reward_two_patterns.py [--spikert PATH]
           [--train N] [--test N] [--seed S] [--keep DIR]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))

from spikert_tools import blob  # noqa: E402
from spikert_tools.runner import find_spikert, population, projection  # noqa: E402

N_IN, N_OUT = 20, 2
T, R = 50, 150          # presentation and silence, ticks
P_ACTIVE = 0.08         # firing probability per tick of a pattern's neurons
REWARD = 65536          # ±1.0 in Q16.16


def q16_decay(tau: float) -> int:
    return int(round(math.exp(-1.0 / tau) * 65536))


def build_case(rng: np.random.Generator) -> dict:
    w_in = rng.integers(40, 80, N_IN * N_OUT, endpoint=True)
    inhibit = [0, -120, -120, 0]
    return {
        "name": "reward-two-patterns",
        "description": "20 inputs -> 2 LIF outputs with mutual inhibition; R-STDP on the inputs",
        "seed": "0x00000000000000a5",
        "populations": [population(N_IN, "input"),
                        population(N_OUT, "lif", threshold=40000, beta=q16_decay(10),
                                   refractory=2)],
        "projections": [projection(0, 1, "dense", w_in, shift=8),
                        projection(1, 1, "dense", inhibit, shift=9, delay=1)],
        "encoders": [],
        "decoders": [{"population": 1, "kind": "count"}],
        "plasticity": [{"projection": 0, "rule": "rstdp_nearest",
                        "a_plus": 32768, "a_minus": 16384,      # 0.5 and 0.25 steps
                        "decay_pre": q16_decay(20), "decay_post": q16_decay(20),
                        "w_min": 0, "w_max": 127, "bounds": "hard",
                        "learning_rate": 65536,                  # 1.0
                        "decay_elig": q16_decay(40),
                        "norm_target": 0, "enabled": True}],
    }


class Trials:
    """Runs trials through the CLI, resuming from a checkpoint each time: one process
    presents the pattern, the script reads the choice, a second process delivers the
    reward (while the trial's eligibility is fresh) and lets the network rest."""

    def __init__(self, spikert: str, work: str, model: str):
        self.spikert, self.work, self.state = spikert, work, model
        self.tick = 0

    def _run(self, lines: list[str], ticks: int, learn: bool) -> str:
        events = os.path.join(self.work, "events.csv")
        with open(events, "w") as f:
            f.write("tick,channel\n")
            f.writelines(lines)
        out = os.path.join(self.work, "out.csv")
        nxt = os.path.join(self.work, "next.spkb")
        cmd = [self.spikert, "run", self.state, "--input", events, "--output", out,
               "--ticks", str(ticks), "--checkpoint", nxt]
        # Explicit either way: the switch is saved in the checkpoint the next run loads.
        cmd.append("--learn" if learn else "--freeze")
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"reward_two_patterns: spikert failed:\n{run.stdout}{run.stderr}")
        self.state = os.path.join(self.work, "state.spkb")
        os.replace(nxt, self.state)
        self.tick += ticks
        return out

    def present(self, pattern: int, rng, learn: bool) -> np.ndarray:
        """`T` ticks of the pattern; the outputs' spike counts."""
        lines = []
        for t in range(T):
            for k in range(10 * pattern, 10 * pattern + 10):
                if rng.random() < P_ACTIVE:
                    lines.append(f"{self.tick + t},{k}\n")
        out = self._run(lines, T, learn)
        counts = np.zeros(N_OUT, dtype=int)
        with open(out) as f:
            next(f)
            for line in f:
                counts[int(line.split(",")[1])] += 1
        return counts

    def rest(self, reward: int | None, learn: bool) -> None:
        """The reward (if any) at once, then `R` silent ticks."""
        lines = [f"{self.tick},reward,{reward}\n"] if reward is not None else []
        self._run(lines, R, learn)


def choice(counts: np.ndarray) -> int:
    return -1 if counts[0] == counts[1] else int(np.argmax(counts))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--spikert")
    ap.add_argument("--train", type=int, default=300)
    ap.add_argument("--test", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="keep the model and the final checkpoint here")
    args = ap.parse_args(argv)

    spikert = find_spikert(args.spikert, "reward_two_patterns")
    rng = np.random.default_rng(args.seed)
    work = args.keep or tempfile.mkdtemp(prefix="reward-task-")
    os.makedirs(work, exist_ok=True)
    try:
        model = os.path.join(work, "model.spkb")
        blob.write(model, blob.case_to_body(build_case(rng)))
        trials = Trials(spikert, work, model)

        def accuracy_of(n, learn):
            correct, window, expected = 0, [], 0.0
            for k in range(n):
                pattern = int(rng.integers(0, 2))
                counts = trials.present(pattern, rng, learn)
                ok = choice(counts) == pattern
                correct += ok
                window.append(ok)
                # The reward minus the reward expected so far (a running mean): once
                # most choices are right, a right one is no longer news, so correct
                # pairings stop growing every weight towards w_max (Fremaux & Gerstner
                # 2016, "reward prediction error").
                r = 1.0 if ok else -1.0
                trials.rest(int(round((r - expected) * REWARD)) if learn else None, learn)
                expected += 0.1 * (r - expected)
                if learn and (k + 1) % 25 == 0:
                    print(f"  trial {k + 1:4d}: {100 * np.mean(window[-25:]):5.1f} % correct "
                          f"in the last 25", flush=True)
            return correct / max(n, 1)

        before = accuracy_of(args.test, learn=False)
        print(f"reward_two_patterns: before training {100 * before:.1f} % correct "
              f"({args.test} trials, learning off)")
        accuracy_of(args.train, learn=True)
        after = accuracy_of(args.test, learn=False)
        w = np.asarray(blob.read(trials.state)["projections"][0]["weights"]).reshape(N_IN, N_OUT)
        print("  learned weights, mean per pattern and output:")
        for p in range(2):
            print(f"    pattern {'AB'[p]}: output 0 {w[10 * p:10 * p + 10, 0].mean():6.1f}, "
                  f"output 1 {w[10 * p:10 * p + 10, 1].mean():6.1f}")
        print(f"reward_two_patterns: after {args.train} rewarded trials {100 * after:.1f} % "
              f"correct on {args.test} new trials (target >= 95 %)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if after >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
