#!/usr/bin/env python3
"""The STDP pair protocol, measured on the SpikeRT runtime (`spikert run`), plotted.

One pre and one post spike at Δt = t_post − t_pre, from −50 to +50 ticks, 60 pairings
each, 300 ticks apart (long enough for every trace to decay to exactly zero, so each
pairing stands alone). Every Δt has `--replicas` independent synapses (one-to-one
projection, one pre/post pair per synapse) because each pairing moves a weight by a
whole step or not at all (stochastic rounding): the mean over replicas estimates the
expected change. Post spikes are forced by a "teacher" input through a strong fixed
one-to-one projection; the learned synapse alone can never reach the threshold.

The measured Δw(Δt) is compared with the continuous rule 60·A±·exp(−|Δt|/τ±) (in
weight steps). The stated error bound is the sum of
  * quantization: the integer traces decay by `decay()` (toward zero) from 65536 and
    the amplitude product is floored, which makes the exact integer expectation
    (computed here from SEMANTICS.md) differ from the continuous curve by `quant(Δt)`;
  * sampling: each synapse's change is a sum of 60 independent roundings, each with
    variance ≤ 1/4, so the replica mean has a standard deviation ≤ sqrt(60/4/R);
    the bound allows 4 of those.
The script exits 1 if any Δt falls outside the bound, and writes a plot.

usage: python3 tools/python/examples/stdp_pair_curve.py [--spikert PATH]
           [--replicas R] [--plot docs/stdp-pair-curve.png] [--keep DIR]
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

PAIRINGS = 60
SPACING = 300          # ticks between pairings: traces are exactly 0 again after ~250
FIRST = 100
DTS = list(range(-50, 51))
TAU_PLUS = TAU_MINUS = 20.0
A_PLUS_STEPS = 1.5     # weight steps per pairing at Δt = 0
A_MINUS_STEPS = 1.575  # a little more depression than potentiation, as usual
THRESHOLD = 100_000


def q16_decay(tau: float) -> int:
    return int(round(math.exp(-1.0 / tau) * 65536))


def decay(x: int, m: int) -> int:
    """SEMANTICS.md 1: x·m / 2^16 rounded toward zero."""
    p = x * m
    return -((-p) >> 16) if p < 0 else p >> 16


def trace_after(ticks: int, m: int) -> int:
    """A nearest-spike trace set to 65536 and decayed `ticks` times."""
    x = 65536
    for _ in range(ticks):
        x = decay(x, m)
    return x


def build_case(n: int, a_plus: int, a_minus: int, lam_plus: int, lam_minus: int) -> dict:
    return {
        "name": "stdp-pair-protocol",
        "description": "pre (input 0) -> post, learned; teacher (input 1) -> post, fixed",
        "seed": "0x0000000000005eed",
        "populations": [population(n, "input"), population(n, "input"),
                        population(n, "lif", threshold=THRESHOLD, beta=0)],
        # The teacher alone crosses the threshold (127·2^10 > 100000); the learned weight
        # (|w| ≤ 127, shift 0) never does.
        "projections": [projection(0, 2, "one_to_one", [0] * n),
                        projection(1, 2, "one_to_one", [127] * n, shift=10)],
        "encoders": [],
        "decoders": [{"population": 2, "kind": "count"}],
        "plasticity": [{"projection": 0, "rule": "stdp_nearest", "a_plus": a_plus,
                        "a_minus": a_minus, "decay_pre": lam_plus, "decay_post": lam_minus,
                        "w_min": -128, "w_max": 127, "bounds": "hard", "learning_rate": 0,
                        "decay_elig": 0, "norm_target": 0, "enabled": True}],
    }


def write_events(path: str, n: int, replicas: int) -> int:
    """Spike file: channel k < n is pre neuron k, channel n + k is teacher neuron k."""
    events = []
    for p in range(PAIRINGS):
        base = FIRST + p * SPACING
        for d_index, dt in enumerate(DTS):
            for r in range(replicas):
                k = d_index * replicas + r
                t_pre = base + (0 if dt >= 0 else -dt)
                t_post = base + (dt if dt >= 0 else 0)
                events.append((t_pre, k))
                events.append((t_post, n + k))
    events.sort()
    with open(path, "w") as f:
        f.write("tick,channel\n")
        for t, c in events:
            f.write(f"{t},{c}\n")
    return FIRST + PAIRINGS * SPACING


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--spikert", help="spikert binary (default: a built one in the tree)")
    ap.add_argument("--replicas", type=int, default=64)
    ap.add_argument("--plot", default=os.path.join(ROOT, "docs", "stdp-pair-curve.png"))
    ap.add_argument("--keep", help="keep the model, spike file and checkpoint here")
    args = ap.parse_args(argv)

    spikert = find_spikert(args.spikert, "stdp_pair_curve")
    a_plus = int(round(A_PLUS_STEPS * 65536))
    a_minus = int(round(A_MINUS_STEPS * 65536))
    lam_p, lam_m = q16_decay(TAU_PLUS), q16_decay(TAU_MINUS)
    n = len(DTS) * args.replicas
    work = args.keep or tempfile.mkdtemp(prefix="stdp-pair-")
    os.makedirs(work, exist_ok=True)
    try:
        model = os.path.join(work, "pair.spkb")
        blob.write(model, blob.case_to_body(build_case(n, a_plus, a_minus, lam_p, lam_m)))
        events = os.path.join(work, "pairs.csv")
        ticks = write_events(events, n, args.replicas)
        checkpoint = os.path.join(work, "after.spkb")
        print(f"stdp_pair_curve: {len(DTS)} values of Δt x {args.replicas} synapses, "
              f"{PAIRINGS} pairings each, {ticks} ticks through {os.path.relpath(spikert, ROOT)}",
              flush=True)
        run = subprocess.run([spikert, "run", model, "--input", events, "--ticks", str(ticks),
                              "--checkpoint", checkpoint, "--stats"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            sys.stderr.write(run.stdout + run.stderr)
            return 1
        for line in run.stdout.splitlines():
            if line.startswith(("ran", "stats", "        ")):
                print("  " + line.strip())
        w = np.asarray(blob.read(checkpoint)["projections"][0]["weights"], dtype=np.int64)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    per_dt = w.reshape(len(DTS), args.replicas).astype(float)
    measured = per_dt.mean(axis=1)
    sigma = math.sqrt(PAIRINGS / 4.0 / args.replicas)
    rows, worst = [], 0.0
    for d_index, dt in enumerate(DTS):
        if dt >= 0:
            exact = PAIRINGS * ((a_plus * trace_after(dt, lam_p)) >> 16) / 65536
            continuous = PAIRINGS * A_PLUS_STEPS * math.exp(-dt / TAU_PLUS)
        else:
            exact = -PAIRINGS * ((a_minus * trace_after(-dt, lam_m)) >> 16) / 65536
            continuous = -PAIRINGS * A_MINUS_STEPS * math.exp(dt / TAU_MINUS)
        bound = abs(exact - continuous) + 4 * sigma
        err = abs(measured[d_index] - continuous)
        worst = max(worst, err / bound)
        rows.append((dt, measured[d_index], exact, continuous, bound, err <= bound))
    print(f"  {'Δt':>4} {'measured':>9} {'integer':>9} {'A·e^-|Δt|/τ':>12} {'bound':>6}")
    for dt, m, e, c, b, ok in rows:
        if dt % 10 == 0 or abs(dt) <= 2 or not ok:
            print(f"  {dt:4d} {m:9.2f} {e:9.2f} {c:12.2f} {b:6.2f}{'' if ok else '  OUTSIDE'}")
    failures = [r for r in rows if not r[5]]
    print(f"stdp_pair_curve: {len(rows) - len(failures)}/{len(rows)} within the bound "
          f"(quantization + 4 x {sigma:.2f} steps sampling); worst at "
          f"{worst:.2f} of its bound")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("stdp_pair_curve: matplotlib missing, no plot")
    else:
        dts = np.array(DTS)
        fine = np.linspace(-50, 50, 1001)
        curve = np.where(fine >= 0, PAIRINGS * A_PLUS_STEPS * np.exp(-fine / TAU_PLUS),
                         -PAIRINGS * A_MINUS_STEPS * np.exp(fine / TAU_MINUS))
        fig, ax = plt.subplots(figsize=(7.5, 4.2), dpi=120)
        ax.axhline(0, color="0.8", lw=0.8)
        ax.axvline(0, color="0.8", lw=0.8)
        ax.plot(fine, curve, color="tab:blue", lw=1.5,
                label=f"60·A±·exp(−|Δt|/τ), τ = {TAU_PLUS:g} ticks")
        ax.errorbar(dts, measured, yerr=4 * sigma, fmt="o", ms=3, color="tab:red",
                    ecolor="tab:red", elinewidth=0.6, capsize=0,
                    label=f"SpikeRT, mean of {args.replicas} synapses (±4σ sampling)")
        ax.set_xlabel("Δt = t_post − t_pre (ticks)")
        ax.set_ylabel("Δw after 60 pairings (weight steps)")
        ax.set_title("Pair STDP (nearest, additive), int8 weights, stochastic rounding")
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        fig.tight_layout()
        os.makedirs(os.path.dirname(os.path.abspath(args.plot)), exist_ok=True)
        fig.savefig(args.plot)
        print(f"stdp_pair_curve: plot {os.path.relpath(args.plot, ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
