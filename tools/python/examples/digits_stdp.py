#!/usr/bin/env python3
"""Unsupervised STDP on scikit-learn's 8x8 digits (Diehl & Cook 2015) on the SpikeRT
runtime: the network of digits_stdp_float.py, quantized, run by `spikert run`.

The same spike trains as the float version (spikert_tools.digits: one keyed generator
per presentation) are written to spike files, each phase one `spikert run` that resumes
from the previous phase's checkpoint (spike-file ticks are network ticks):

  1. epoch 1 of training with learning on (a_plus 4 weight steps);
  2. epoch 2 (`--param a_plus=…` halves it);
  3. the training split again with learning off (`--freeze`): counts per neuron and
     sample assign each neuron a label;
  4. the test split, learning off: the accuracy;
  5. (`--low-power`) the test split again from the same trained checkpoint in the
     low-power mode (2 ticks per step, thresholds scaled), for its accuracy cost and
     the work it saves (counters).

Integer model (the float one's hyper-parameters, digits_stdp_float.Hyper, in SpikeRT
units): input weights int8 with shift 12 (one weight unit = 4096 potential units),
threshold 1000 units = 4,096,000, ALIF adaptation 10 units per spike and no decay,
membrane decay 0.97 (Q16 63570), lateral inhibition −125 with shift 15 (= 1000 units)
from every other excitatory neuron with delay 1, nearest-spike STDP with the pre trace
decaying by 0.5 per tick, hard bounds 0..127, column normalization to 1500.

For assignment and test the adaptation is frozen as in the float baseline: the script
rewrites the trained checkpoint with the adaptation increment 0 (`--no-freeze` keeps it
running; the runtime has no run-time setter for population parameters).

usage: python3 tools/python/examples/digits_stdp.py [--spikert PATH] [--seed N]
           [--low-power] [--quick] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))
sys.path.insert(0, HERE)

from spikert_tools import blob, digits  # noqa: E402
from spikert_tools.runner import find_spikert, population, projection  # noqa: E402
import digits_stdp_float as fl  # noqa: E402

SHIFT_IN = 12           # one weight unit of the float model = 2^12 potential units
SHIFT_INH = 15
UNIT = 1 << SHIFT_IN


def q16(x: float) -> int:
    return int(round(x * 65536))


def build_case(hp: fl.Hyper, seed: int) -> dict:
    """The quantized network; initial weights as the float model's integer variant."""
    rng = np.random.default_rng([int(seed), 1])
    w = rng.uniform(0.0, hp.w_init_max, (digits.N_INPUTS, hp.n_exc))
    w *= hp.norm_target / w.sum(axis=0)
    w = np.clip(np.floor(w + 0.5), 0, hp.w_max).astype(int)

    inhibit = np.full((hp.n_exc, hp.n_exc), -int(round(hp.w_inh * UNIT / (1 << SHIFT_INH))))
    np.fill_diagonal(inhibit, 0)
    return {
        "name": "digits-stdp",
        "description": "Diehl & Cook style: 64 rate-coded inputs -> 100 ALIF, lateral "
                       "inhibition, nearest STDP + normalization (digits_stdp.py)",
        "seed": f"0x{seed:016x}",
        "populations": [
            population(digits.N_INPUTS, "input"),
            population(hp.n_exc, "alif", threshold=int(hp.theta * UNIT), beta=q16(hp.beta),
                reset="subtract" if hp.reset == "subtract" else "zero",
                reset_timing="immediate", refractory=hp.refractory,
                adapt_inc=int(hp.a_inc * UNIT), adapt_decay=q16(hp.rho))],
        "projections": [
            projection(0, 1, "dense", w.reshape(-1), shift=SHIFT_IN),
            projection(1, 1, "dense", inhibit.reshape(-1), shift=SHIFT_INH, delay=1)],
        "encoders": [],
        "decoders": [{"population": 1, "kind": "count"}],
        "plasticity": [{"projection": 0, "rule": "stdp_nearest",
                        "a_plus": q16(hp.a_plus), "a_minus": q16(hp.a_minus),
                        "decay_pre": q16(hp.lam_pre), "decay_post": q16(hp.lam_post),
                        "w_min": 0, "w_max": hp.w_max, "bounds": "hard",
                        "learning_rate": 0, "decay_elig": 0,
                        "norm_target": int(hp.norm_target), "enabled": True}],
    }


def write_phase(path: str, images: np.ndarray, order, hp: fl.Hyper, seed: int, phase: int,
                epoch: int, start: int, fold: int = 1) -> int:
    """Spike file of one phase from tick `start`; returns the ticks it spans. With a
    fold k, each presentation's ticks are binned k at a time (a spike anywhere in a
    bin is a spike of that step), as a host running the low-power mode would."""
    period = hp.T + hp.R
    lines = ["tick,channel\n"]
    for slot, index in enumerate(order):
        spikes = digits.presentation_spikes(images, int(index), hp.T, hp.p_max, seed, phase, epoch)
        t0 = start + slot * period
        ticks, channels = np.nonzero(spikes)
        if fold > 1:
            pairs = sorted({(t - t % fold, c) for t, c in zip(ticks.tolist(), channels.tolist())})
        else:
            pairs = list(zip(ticks.tolist(), channels.tolist()))
        lines.extend(f"{t0 + t},{c}\n" for t, c in pairs)
    with open(path, "w") as f:
        f.writelines(lines)
    return len(order) * period


def read_counts(path: str, start: int, samples: int, period: int, n: int) -> np.ndarray:
    """Output spike file -> counts (samples, neurons) by presentation slot."""
    counts = np.zeros((samples, n), dtype=np.int64)
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64, ndmin=2)
    if data.size:
        slot = (data[:, 0] - start) // period
        np.add.at(counts, (slot, data[:, 1]), 1)
    return counts


def counters_of(checkpoint: str) -> dict:
    """The run's counters as a checkpoint saved them (they accumulate across phases;
    a model blob without state has none yet)."""
    state = blob.read(checkpoint).get("state")
    return dict(state["counters"]) if state else {}


def freeze_adaptation(src: str, dst: str) -> None:
    """The checkpoint with the excitatory adaptation increment set to 0 (its decay is
    already none): Diehl & Cook's fixed thresholds for assignment and test. The learned
    thresholds `a` stay in the state; only the model parameter changes."""
    net = blob.read(src)
    net["populations"][1]["adapt_inc"] = 0
    blob.write(dst, blob.case_to_body(net))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--spikert")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--low-power", action="store_true",
                    help="also run the test split in the low-power mode (fold 2)")
    ap.add_argument("--fold", type=int, default=2)
    ap.add_argument("--scale", type=float, default=1.0,
                    help="low-power threshold scale (factor)")
    ap.add_argument("--quick", action="store_true", help="300 training samples, 1 epoch")
    ap.add_argument("--no-freeze", action="store_true",
                    help="keep the threshold adaptation running in assignment and test")
    ap.add_argument("--keep", help="keep blobs, spike files and checkpoints here")
    args = ap.parse_args(argv)

    hp = fl.Hyper()
    spikert = find_spikert(args.spikert, "digits_stdp")
    split = digits.load_split()
    work = args.keep or tempfile.mkdtemp(prefix="digits-stdp-")
    os.makedirs(work, exist_ok=True)
    period = hp.T + hp.R
    began = time.time()
    try:
        state = os.path.join(work, "model.spkb")
        blob.write(state, blob.case_to_body(build_case(hp, args.seed)))
        tick = 0

        def run(name, lines_path, ticks, extra, advance=True):
            """One phase; returns its output spike file and the work it did."""
            nonlocal state, tick
            out = os.path.join(work, f"{name}.out.csv")
            nxt = os.path.join(work, f"{name}.spkb")
            cmd = [spikert, "run", state, "--input", lines_path, "--output", out,
                   "--ticks", str(ticks), "--checkpoint", nxt] + extra
            before = counters_of(state)
            t = time.time()
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"digits_stdp: {name}: spikert failed\n{r.stdout}{r.stderr}")
            print(f"  {name}: {ticks} ticks in {time.time() - t:.1f} s", flush=True)
            after = counters_of(nxt)
            work_done = {k: v - before.get(k, 0) for k, v in after.items()}
            if advance:
                state, tick = nxt, tick + ticks
            return out, work_done

        n_train = 300 if args.quick else len(split.x_train)
        epochs = 1 if args.quick else hp.epochs
        a_plus = hp.a_plus
        for epoch in range(epochs):
            order = digits.epoch_order(len(split.x_train), args.seed, epoch)[:n_train]
            path = os.path.join(work, f"train{epoch}.csv")
            ticks = write_phase(path, split.x_train, order, hp, args.seed,
                                digits.PHASE_TRAIN, epoch, tick)
            run(f"train{epoch}", path, ticks,
                ["--learn", "--param", f"a_plus={q16(a_plus)}"])
            a_plus *= hp.amp_epoch_factor

        if not args.no_freeze:
            frozen = os.path.join(work, "trained-frozen.spkb")
            freeze_adaptation(state, frozen)
            state = frozen
        assign = os.path.join(work, "assign.csv")
        ticks = write_phase(assign, split.x_train, range(len(split.x_train)), hp, args.seed,
                            digits.PHASE_ASSIGN, 0, tick)
        start = tick
        out, _ = run("assign", assign, ticks, ["--freeze"])
        c_train = read_counts(out, start, len(split.x_train), period, hp.n_exc)
        test = os.path.join(work, "test.csv")
        ticks = write_phase(test, split.x_test, range(len(split.x_test)), hp, args.seed,
                            digits.PHASE_TEST, 0, tick)
        start = tick
        out, normal = run("test", test, ticks, ["--freeze"])
        c_test = read_counts(out, start, len(split.x_test), period, hp.n_exc)
        r = digits.readout(c_train, split.y_train, c_test, split.y_test)
        print(f"digits_stdp: train {100 * r['train_mean']:.2f} %, test "
              f"{100 * r['test_mean']:.2f} % (sum readout {100 * r['test_sum']:.2f} %), "
              f"{r['neurons_assigned']} neurons assigned, silent test samples "
              f"{r['silent_test']}; {time.time() - began:.0f} s")
        result = r["test_mean"]

        if args.low_power:
            # The same test presentations from the checkpoint after assignment, binned
            # into steps of `fold` ticks, in the low-power mode.
            lp_test = os.path.join(work, "test-low.csv")
            write_phase(lp_test, split.x_test, range(len(split.x_test)), hp, args.seed,
                        digits.PHASE_TEST, 0, start, fold=args.fold)
            state, tick = os.path.join(work, "assign.spkb"), start
            scale = q16(args.scale)
            out, low = run("test-low", lp_test, ticks,
                           ["--freeze", "--power", f"low:{args.fold}:{scale}"], advance=False)
            c_low = read_counts(out, start, len(split.x_test), period, hp.n_exc)
            pred = digits.classify(c_low, r["assignments"], "mean")
            acc_low = digits.accuracy(pred, split.y_test)
            print(f"digits_stdp: low-power (fold {args.fold}, thresholds x {args.scale:g}) "
                  f"test {100 * acc_low:.2f} % vs {100 * result:.2f} %")
            for key in ("synaptic_events", "neuron_updates", "spikes", "input_spikes",
                        "skipped_ticks"):
                a, b = normal[key], low[key]
                print(f"  {key:18s} normal {a:>12,d}  low-power {b:>12,d}  "
                      f"({100 * (1 - b / a):.1f} % less)" if a else "")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if result >= 0.85 else 1


if __name__ == "__main__":
    sys.exit(main())
