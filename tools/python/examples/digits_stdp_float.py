#!/usr/bin/env python3
"""Unsupervised STDP on scikit-learn's 8x8 digits (Diehl & Cook 2015), float version.

The float baseline for the SpikeRT integer run of the same network. It uses only
mechanisms SpikeRT has (docs/SEMANTICS.md), in the runtime's order within a tick, so
that it can be quantized 1:1:

* 64 rate-coded inputs (Bernoulli, p = pixel/16 * p_max) for T ticks, then R silent
  ticks; no other reset between samples (the state only decays);
* 100 excitatory ALIF neurons, immediate reset by subtraction of the base threshold,
  threshold adaptation a <- rho*a + a_inc*s (homeostasis, learned during training);
* lateral inhibition: a recurrent DENSE projection excitatory -> excitatory, delay 1,
  weight -w_inh to every other neuron, 0 to itself (fixed);
* input -> excitatory DENSE weights in [0, w_max] weight units, learned by nearest-
  spike pair STDP (hard bounds) with column normalization to N_target on every post
  spike (SpikeRT's STDP_NEAREST with norm_target);
* readout (spikert_tools.digits): learning off, adaptation frozen, label assignment
  over the training split, classification of the test split.

`--stochastic-rounding` keeps the weights integer: every update is rounded with
SpikeRT's round_u (one uniform draw per input row, as in SEMANTICS 11.2) and the
normalization uses the runtime's multiplier floor(N*65536/S) and round-to-nearest
(`--norm-rounding stochastic`: a proposed unbiased rounding of the normalized column).
Everything else (membrane, thresholds, traces) stays float, so the difference to the
default run is the cost of integer weights alone.

Usage (from the repository root, with `pip install -e tools/python` or PYTHONPATH=
tools/python):

    python3 tools/python/examples/digits_stdp_float.py
    python3 tools/python/examples/digits_stdp_float.py --stochastic-rounding
    python3 tools/python/examples/digits_stdp_float.py --quick      # smoke test, ~15 s

tools/python/examples/DIGITS_STDP.md has the measured numbers and the quantization.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from dataclasses import dataclass

import numpy as np

try:
    from spikert_tools import digits
except ImportError:  # run from a checkout without installing spikert-tools
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from spikert_tools import digits


# ----------------------------------------------------------------- hyper-parameters
#
# Units: one "weight unit" is one step of the int8 input weights. Membrane potential,
# thresholds, adaptation and inhibition are all in weight units too (an input spike
# through a weight w adds w to v). DIGITS_STDP.md gives the integer form of each.

@dataclass(frozen=True)
class Hyper:
    # presentation
    T: int = 100                 # ticks per presentation (input on)
    R: int = 50                  # silent ticks after each presentation (relaxation)
    p_max: float = 0.35          # spike probability per tick of a pixel at 16 (rate code)
    # excitatory population: ALIF
    n_exc: int = 100             # excitatory neurons
    beta: float = 0.97           # membrane decay per tick (tau ~ 33 ticks)
    theta: float = 1000.0        # base threshold; fire when v > theta + a
    reset: str = "subtract"      # immediate reset: "subtract" (v -= theta) or "zero"
    refractory: int = 0          # refractory ticks after a spike (0 = none)
    a_inc: float = 10.0          # adaptation added per spike during training (1 % of theta)
    rho: float = 1.0             # adaptation decay per tick: none (a counts a neuron's spikes)
    freeze_adaptation: bool = True  # assignment/test: a_inc = 0, rho = 1 (D&C's fixed theta)
    # lateral inhibition: recurrent exc -> exc, delay 1 tick, all but self
    w_inh: float = 1000.0        # inhibition per spike of another neuron (= theta)
    # input -> excitatory weights (learned)
    w_max: int = 127             # upper bound (int8); lower bound 0
    w_init_max: float = 40.0     # initial weights uniform [0, w_init_max), then normalized
    norm_target: float = 1500.0  # every column (64 weights into a neuron) sums to this
    # STDP, nearest-spike pair rule, hard bounds
    a_plus: float = 4.0          # potentiation in weight steps per pair at dt = 0
    a_minus: float = 0.0         # depression (0: normalization does the depressing)
    lam_pre: float = 0.5         # pre-trace decay per tick (tau ~ 1.4 ticks)
    lam_post: float = 0.9        # post-trace decay per tick (only used when a_minus > 0)
    epochs: int = 2              # passes over the 1347 training images
    amp_epoch_factor: float = 0.5  # a_plus, a_minus multiplied by this after each epoch


HYPER = Hyper()


# --------------------------------------------------------------------------- network

class Network:
    """The excitatory layer, its inhibition and the plastic input weights, stepped tick
    by tick in SpikeRT's order: encoder -> population update (input of this tick plus
    inhibition from the previous tick's spikes) -> plasticity (traces, depression on
    pre events, potentiation on post events, normalization)."""

    def __init__(self, hp: Hyper, init_seed: int, stochastic_rounding: bool = False,
                 norm_rounding: str = "nearest"):
        self.hp = hp
        self.sr = stochastic_rounding
        self.norm_rounding = norm_rounding
        rng = np.random.default_rng([int(init_seed), 1])
        self.sr_rng = np.random.default_rng([int(init_seed), 2])
        w = rng.uniform(0.0, hp.w_init_max, (digits.N_INPUTS, hp.n_exc))
        # Normalized from the start: a column that has never fired would otherwise keep
        # a smaller sum than the trained ones and could never win (a dead neuron).
        w *= hp.norm_target / w.sum(axis=0)
        if self.sr:
            w = np.floor(w + 0.5)
        self.w = np.clip(w, 0, hp.w_max)
        n = hp.n_exc
        self.v = np.zeros(n)
        self.a = np.zeros(n)
        self.ref = np.zeros(n, dtype=np.int64)
        self.prev = np.zeros(n, dtype=bool)   # spikes of the previous tick (inhibition)
        self.x = np.zeros(digits.N_INPUTS)   # pre traces (1 = spike this tick)
        self.y = np.zeros(n)                 # post traces

    # ---- one presentation
    def present(self, spikes: np.ndarray, learn: bool, amp: float = 1.0,
                adapt: bool = True) -> np.ndarray:
        """Run the T ticks of one presentation, then the R silent ticks. Returns the
        excitatory spike counts of the presentation (silent ticks included)."""
        hp = self.hp
        a_inc, rho = (hp.a_inc, hp.rho) if adapt else (0.0, 1.0)
        counts = np.zeros(hp.n_exc, dtype=np.int64)
        rows = [np.flatnonzero(s) for s in spikes]
        for pre in rows:
            self._tick(pre, learn, amp, a_inc, rho, counts)
        self._relax(hp.R, learn, amp, a_inc, rho, counts)
        return counts

    def _tick(self, pre, learn, amp, a_inc, rho, counts):
        hp = self.hp
        w, v, a = self.w, self.v, self.a
        # input current: row sums of the spiking inputs, minus inhibition from the other
        # neurons that spiked in the previous tick (recurrent projection, delay 1)
        i_in = w[pre].sum(axis=0) if pre.size else np.zeros(hp.n_exc)
        n_prev = int(self.prev.sum())
        if n_prev:
            i_in = i_in - hp.w_inh * (n_prev - self.prev)
        refr = None
        if hp.refractory:
            refr = self.ref > 0
            self.ref[refr] -= 1
            i_in = np.where(refr, 0.0, i_in)
        v *= hp.beta
        v += i_in
        s = v > hp.theta + a              # a before its update
        if refr is not None:
            s &= ~refr
        if s.any():
            if hp.reset == "subtract":
                v[s] -= hp.theta              # ALIF subtracts the base threshold
            else:
                v[s] = 0.0
            if hp.refractory:
                self.ref[s] = hp.refractory
            counts += s
        if a_inc or rho != 1.0:
            a *= rho
            a += a_inc * s
        self.prev = s
        if learn:
            self._plasticity(pre, s, amp)

    def _plasticity(self, pre, s, amp):
        """SEMANTICS 11.2: decay traces; pre events (x = 1, depression by y); post
        events (y = 1); potentiation by x of the spiking columns; normalization."""
        hp, w = self.hp, self.w
        self.x *= hp.lam_pre
        self.y *= hp.lam_post
        if pre.size:
            self.x[pre] = 1.0
            if hp.a_minus > 0 and self.y.any():
                q = (hp.a_minus * amp) * self.y[None, :]          # (rows, n_exc)
                if self.sr:
                    u = self.sr_rng.random((pre.size, 1))        # one draw per row
                    w[pre] = np.clip(w[pre] + np.floor(u - q), 0, hp.w_max)  # round_u(-Q)
                else:
                    w[pre] = np.clip(w[pre] - q, 0, hp.w_max)
        post = np.flatnonzero(s)
        if post.size:
            self.y[post] = 1.0
            p = (hp.a_plus * amp) * self.x[:, None]                # (64, 1)
            if self.sr:
                u = self.sr_rng.random((digits.N_INPUTS, 1))      # one draw per row
                p = np.floor(p + u)
            cols = np.clip(w[:, post] + p, 0, hp.w_max)
            total = cols.sum(axis=0)
            if self.sr:
                m = np.floor(hp.norm_target * 65536 / np.maximum(total, 1)) / 65536
                if self.norm_rounding == "nearest":       # SpikeRT today (SEMANTICS 11.2)
                    cols = np.floor(cols * m + 0.5)
                else:                                     # proposed: unbiased, per synapse
                    cols = np.floor(cols * m + self.sr_rng.random(cols.shape))
            else:
                cols = cols * (hp.norm_target / np.maximum(total, 1e-12))
            w[:, post] = np.clip(cols, 0, hp.w_max)

    def _relax(self, ticks, learn, amp, a_inc, rho, counts):
        """R silent ticks. Stepped one by one while a spike is still possible (an
        inhibition in flight, or v above threshold after a subtractive reset); after
        that nothing but decay can happen (no input, v <= theta + a, and beta < rho),
        so the remaining ticks are applied in closed form: exactly what R ticks would
        give, at the cost of one."""
        hp = self.hp
        empty = np.zeros(0, dtype=np.int64)
        done = 0
        while done < ticks and (self.prev.any() or (self.v > hp.theta + self.a).any()
                                or (hp.refractory and self.ref.any())):
            self._tick(empty, learn, amp, a_inc, rho, counts)
            done += 1
        rest = ticks - done
        if rest:
            self.v *= hp.beta ** rest
            if a_inc or rho != 1.0:
                self.a *= rho ** rest
            if learn:
                self.x *= hp.lam_pre ** rest
                self.y *= hp.lam_post ** rest


# ----------------------------------------------------------------------------- runs

def train(net: Network, split: digits.Split, hp: Hyper, seed: int, n_train: int | None,
          log_every: int = 200, out=sys.stdout) -> dict:
    """Training epochs: learning on, adaptation on. Progress lines: samples done,
    elapsed, excitatory spikes per sample and silent samples over the last window,
    neurons that fired in this epoch, adaptation mean/std, largest weight."""
    t0 = time.time()
    n = len(split.x_train) if n_train is None else n_train
    stats = {"spikes_per_sample_last_epoch": None}
    for epoch in range(hp.epochs):
        amp = hp.amp_epoch_factor ** epoch
        order = digits.epoch_order(len(split.x_train), seed, epoch)[:n]
        fired = np.zeros(hp.n_exc, dtype=bool)
        win_spk = win_sil = 0
        ep_spk = 0
        for k, idx in enumerate(order, 1):
            spikes = digits.presentation_spikes(split.x_train, idx, hp.T, hp.p_max, seed,
                                                digits.PHASE_TRAIN, epoch)
            c = net.present(spikes, learn=True, amp=amp, adapt=True)
            tot = int(c.sum())
            win_spk += tot
            ep_spk += tot
            win_sil += tot == 0
            fired |= c > 0
            if k % log_every == 0 or k == len(order):
                nwin = (k - 1) % log_every + 1
                print(f"  epoch {epoch + 1}/{hp.epochs} {k:5d}/{len(order)} "
                      f"{time.time() - t0:6.1f}s  spikes/sample {win_spk / nwin:5.1f}  "
                      f"silent {win_sil:3d}/{nwin}  neurons fired {int(fired.sum()):3d}  "
                      f"a {net.a.mean():6.0f}+-{net.a.std():5.0f}  w_max {net.w.max():5.1f}",
                      file=out, flush=True)
                win_spk = win_sil = 0
        stats["spikes_per_sample_last_epoch"] = ep_spk / len(order)
    stats["train_seconds"] = time.time() - t0
    return stats


def record(net: Network, images: np.ndarray, hp: Hyper, seed: int, phase: int) -> np.ndarray:
    """Spike counts (n_samples, n_exc) with learning off, in index order, state carried
    from sample to sample (as the runtime would run it)."""
    adapt = not hp.freeze_adaptation
    counts = np.zeros((len(images), hp.n_exc), dtype=np.int64)
    for i in range(len(images)):
        spikes = digits.presentation_spikes(images, i, hp.T, hp.p_max, seed, phase)
        counts[i] = net.present(spikes, learn=False, adapt=adapt)
    return counts


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--epochs", type=int, default=HYPER.epochs)
    ap.add_argument("--T", type=int, default=HYPER.T, help="ticks per presentation")
    ap.add_argument("--R", type=int, default=HYPER.R, help="silent ticks after each")
    ap.add_argument("--seed", type=int, default=0,
                    help="spike trains and presentation order")
    ap.add_argument("--init-seed", type=int, default=None,
                    help="initial weights and rounding draws (default: --seed)")
    ap.add_argument("--stochastic-rounding", action="store_true",
                    help="integer weights, SpikeRT's round_u updates and normalization")
    ap.add_argument("--norm-rounding", choices=["nearest", "stochastic"], default="nearest",
                    help="with --stochastic-rounding: how the normalized column is rounded; "
                         "'nearest' is SpikeRT's rule, 'stochastic' a proposed unbiased one "
                         "(see DIGITS_STDP.md)")
    ap.add_argument("--no-freeze", action="store_true",
                    help="keep adaptation running during assignment and test")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 1 epoch over 300 training images")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override any field of Hyper (repeatable), for experiments")
    ap.add_argument("--json", default=None, help="write the results to this file")
    ap.add_argument("--save", default=None, help="save trained weights/adaptation (.npz)")
    return ap.parse_args(argv)


def make_hyper(args) -> Hyper:
    changes = {"epochs": args.epochs, "T": args.T, "R": args.R}
    if args.quick:
        changes["epochs"] = 1
    if args.no_freeze:
        changes["freeze_adaptation"] = False
    fields = {f.name: f for f in dataclasses.fields(Hyper)}
    for item in args.set:
        name, _, value = item.partition("=")
        if name not in fields:
            raise SystemExit(f"--set: unknown hyper-parameter {name!r}")
        kind = type(getattr(HYPER, name))
        changes[name] = (value.lower() in ("1", "true", "yes")) if kind is bool else kind(value)
    return dataclasses.replace(HYPER, **changes)


def main(argv=None) -> int:
    args = parse_args(argv)
    hp = make_hyper(args)
    init_seed = args.seed if args.init_seed is None else args.init_seed
    split = digits.load_split()
    variant = (f"stochastic-rounded integer weights, {args.norm_rounding}-rounded "
               "normalization" if args.stochastic_rounding else "float weights")
    print(f"digits STDP (float simulation, {variant}); train {len(split.x_train)}, "
          f"test {len(split.x_test)}; seed {args.seed}, init seed {init_seed}")
    print("hyper-parameters: " + json.dumps(dataclasses.asdict(hp)))
    t0 = time.time()
    net = Network(hp, init_seed, args.stochastic_rounding, args.norm_rounding)
    stats = train(net, split, hp, args.seed, 300 if args.quick else None)
    t1 = time.time()
    c_train = record(net, split.x_train, hp, args.seed, digits.PHASE_ASSIGN)
    c_test = record(net, split.x_test, hp, args.seed, digits.PHASE_TEST)
    t2 = time.time()
    res = digits.readout(c_train, split.y_train, c_test, split.y_test)
    assignments = res.pop("assignments")
    res.update({
        "train_seconds": round(t1 - t0, 1), "readout_seconds": round(t2 - t1, 1),
        "total_seconds": round(t2 - t0, 1),
        "test_spikes_per_sample": float(c_test.sum(axis=1).mean()),
        "test_neurons_responding": float((c_test > 0).sum(axis=1).mean()),
        "weight_mean": float(net.w.mean()), "weight_max": float(net.w.max()),
        "adaptation_mean": float(net.a.mean()), "adaptation_min": float(net.a.min()),
        "adaptation_max": float(net.a.max()),
    })
    print(f"train accuracy {res['train_mean'] * 100:.2f} % (mean), "
          f"{res['train_sum'] * 100:.2f} % (sum)")
    print(f"test  accuracy {res['test_mean'] * 100:.2f} % (mean), "
          f"{res['test_sum'] * 100:.2f} % (sum)")
    print(f"silent samples: train {res['silent_train']}, test {res['silent_test']} "
          f"(counted wrong); test spikes/sample {res['test_spikes_per_sample']:.1f} over "
          f"{res['test_neurons_responding']:.1f} neurons; neurons per class "
          f"{res['neurons_per_class']}")
    print(f"adaptation a: {res['adaptation_min']:.0f} .. {res['adaptation_max']:.0f} "
          f"(mean {res['adaptation_mean']:.0f}); weights mean {res['weight_mean']:.1f}, "
          f"max {res['weight_max']:.0f}")
    print(f"time: training {res['train_seconds']} s, assignment + test "
          f"{res['readout_seconds']} s, total {res['total_seconds']} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"hyper": dataclasses.asdict(hp), "seed": args.seed,
                       "init_seed": init_seed,
                       "stochastic_rounding": args.stochastic_rounding,
                       "norm_rounding": args.norm_rounding if args.stochastic_rounding else None,
                       "results": res, "train_stats": stats}, f, indent=1)
    if args.save:
        np.savez(args.save, w=net.w, a=net.a, assignments=assignments,
                 hyper=json.dumps(dataclasses.asdict(hp)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
