#!/usr/bin/env python3
"""Write the reference workloads of docs/WORKLOADS.md for spikert-bench.

Usage:
    python3 tools/workloads.py [OUT_DIR] [--ticks N] [--only NAME ...] [--no-check]
                               [--check-learning]

For each workload NAME (W-A, W-S, W-B, motion, reservoir-LIF, reservoir-IZH) it writes
into OUT_DIR (default ``out/workloads/``):

* ``NAME.spkb``: the quantized network as a model blob of docs/model.cddl, written by
  the exporter's own blob writer (``spikert_tools.blob``): what ``spikert run`` and
  ``spk_load`` read, so the benchmark loads what users ship;
* ``NAME+STDP.spkb``: the same network with pair STDP on every projection (the
  "W-A+STDP" row of docs/WORKLOADS.md, for ``spikert-bench --stdp``; LEARNING_RULE in
  tools/workload_files.py, which writes and reads the files);
* ``NAME-events.csv``: the input spikes as a spike file (``tick,channel``; channel =
  input neuron), as ``spikert run --input`` takes them;
* ``NAME.workload``: a KEY=VALUE file (the board profiles' format) that names the three
  files and says how many ticks the input has and what the float reference's activity
  is, since neither a blob nor a spike file can say that;

and ``OUT_DIR/index``, the ``.workload`` files one per line, in docs/WORKLOADS.md's
order (``spikert-bench DIR`` reads it: the benchmark has no directory listing).

How each workload is drawn, quantized and run is docs/WORKLOADS.md's. For each the script
prints the float reference's activity (fraction of hidden and output neurons spiking per
tick) and, unless ``--no-check``, the integer network's activity and the checksum
``spikert-bench`` must print, both from the numpy reference (tools/reference) running
the blob just written, read back by the reference's own blob reader: FNV-1a 64 over
every output spike in tick order (tick as u64 LE, then neuron as u32 LE), then over the
final state hash as u64 LE. ``--check-learning`` prints the same for the ``+STDP``
blobs (slow: minutes for W-A at 2000 ticks). A workload without hidden populations
prints "-" for them.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field

# One BLAS thread: the float reference is a chain of small matrix-vector products, which
# a thread pool slows down by orders of magnitude on a busy 2-core machine (and the
# benchmark itself is single-threaded). Set before numpy loads its BLAS.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

UNIT = 65536  # potential units per 1.0 (LIF)
MV = 256  # Izhikevich potential units per mV (docs/SEMANTICS.md 2.1)
IZH_WEIGHT_MV = 16  # mV of a float weight of 1.0 in the Izhikevich reservoir
DEFAULT_TICKS = 2000

from workload_files import (  # noqa: E402, F401  (the files; also for peers.py and tests)
    DENSE, IZH, INPUT, LEARNING_RULE, LIF, SPARSE, encode, exporter_on_path, manifest,
    read_manifest, reference_run, spike_file, write)

# Layered workloads: name: (sizes, beta, (weight lo, hi) per layer, input probability)
WORKLOADS = {
    "W-A": ((784, 1000, 10), 0.95, (0.0, 0.05), 0.10),
    "W-S": ((784, 1000, 10), 0.95, (-0.08, 0.08), 0.10),
    "W-B": ((64, 128, 10), 0.90, (0.0, 0.05), 0.20),
    "motion": ((100, 64, 1), 0.90, (-0.3, 0.3), 0.50),
}

# The reservoir row; docs/WORKLOADS.md gives the choices its table leaves open.
RESERVOIR = {
    "neurons": 1000, "inputs": 100, "connectivity": 0.10, "inhibitory": 0.20,
    "exc": (0.0, 0.1), "inh": (-0.4, 0.0), "p": 0.05, "beta": 0.95,
}
RESERVOIRS = {"reservoir-LIF": LIF, "reservoir-IZH": IZH}

# Izhikevich regular spiking (2003): a, b, c (mV), d (mV); peak 30 mV, start at c.
IZH_RS = (0.02, 0.2, -65.0, 8.0)
IZH_PEAK_MV = 30

ALL_NAMES = list(WORKLOADS) + list(RESERVOIRS)

@dataclass
class Population:
    """One population: size, model and its integer parameters (docs/SEMANTICS.md 2.1)."""
    size: int
    model: int
    threshold: int = 0
    beta: int = 0
    v_init: int = 0
    izh: tuple = (0, 0, 0, 0, 0)  # a, b (Q16), c, d, v_peak (units)
    # float reference: beta (LIF) or (a, b, c, d, peak) in mV (IZH)
    float_params: tuple = ()


@dataclass
class Projection:
    """One projection. ``w`` is the float weight matrix [n_src, n_tgt] in the target's
    float unit (threshold units for LIF, mV for IZH), 0 where ``mask`` has no synapse;
    ``mask`` is None for DENSE. ``shift`` and ``q`` (int8 matrix, same shape) are
    filled by ``quantize_projection``."""
    source: int
    target: int
    kind: int
    delay: int
    w: np.ndarray
    mask: np.ndarray | None = None
    shift: int = 0
    q: np.ndarray | None = None

    def stored_weights(self) -> np.ndarray:
        """The int8 ``w`` tensor in storage order (DENSE row-major, SPARSE CSR order)."""
        return self.q.reshape(-1) if self.mask is None else self.q[self.mask]


@dataclass
class Net:
    name: str
    populations: list[Population]
    projections: list[Projection] = field(default_factory=list)

    @property
    def sizes(self) -> list[int]:
        return [p.size for p in self.populations]

    @property
    def shape(self) -> str:
        """Population sizes joined by "-", "r" after a population that projects to
        itself ("100-1000r"); spikert-bench prints the same."""
        loops = {q.source for q in self.projections if q.source == q.target}
        return "-".join(f"{p.size}{'r' if k in loops else ''}"
                        for k, p in enumerate(self.populations))


def draw(name: str, ticks: int):
    """Float weights (layer order, [inputs, outputs]) and the boolean input frames of a
    layered workload."""
    sizes, _, (lo, hi), p = WORKLOADS[name]
    rng = np.random.default_rng(0)
    weights = [rng.uniform(lo, hi, (sizes[i], sizes[i + 1])) for i in range(len(sizes) - 1)]
    frames = np.random.default_rng(1).random((ticks, sizes[0])) < p
    return weights, frames


def layered(name: str, ticks: int) -> tuple[Net, np.ndarray]:
    """A layered workload as a network: input, LIF layers, DENSE delay-0 projections."""
    sizes, beta, _, _ = WORKLOADS[name]
    weights, frames = draw(name, ticks)
    pops = [Population(sizes[0], INPUT)]
    pops += [Population(n, LIF, threshold=UNIT, beta=round(beta * UNIT), float_params=(beta,))
             for n in sizes[1:]]
    projs = [Projection(l, l + 1, DENSE, 0, w) for l, w in enumerate(weights)]
    return Net(name, pops, projs), frames


def reservoir(name: str, ticks: int) -> tuple[Net, np.ndarray]:
    """A reservoir workload (module docstring): dense input, sparse recurrent delay 1."""
    r = RESERVOIR
    n, n_in = r["neurons"], r["inputs"]
    n_exc = n - round(n * r["inhibitory"])
    rng = np.random.default_rng(0)
    w_in = rng.uniform(*r["exc"], (n_in, n))
    connected = rng.random((n, n)) < r["connectivity"]
    np.fill_diagonal(connected, False)
    w_rec = np.vstack([rng.uniform(*r["exc"], (n_exc, n)),
                       rng.uniform(*r["inh"], (n - n_exc, n))])
    w_rec = np.where(connected, w_rec, 0.0)
    frames = np.random.default_rng(1).random((ticks, n_in)) < r["p"]
    if RESERVOIRS[name] == LIF:
        beta = r["beta"]
        pop = Population(n, LIF, threshold=UNIT, beta=round(beta * UNIT), float_params=(beta,))
        scale = 1.0
    else:
        a, b, c, d = IZH_RS
        pop = Population(n, IZH, v_init=round(c * MV),
                         izh=(round(a * UNIT), round(b * UNIT), round(c * MV), round(d * MV),
                              IZH_PEAK_MV * MV),
                         float_params=(a, b, c, d, float(IZH_PEAK_MV)))
        scale = float(IZH_WEIGHT_MV)
    projs = [Projection(0, 1, DENSE, 0, w_in * scale),
             Projection(1, 1, SPARSE, 1, w_rec * scale, mask=connected)]
    return Net(name, [Population(n_in, INPUT), pop], projs), frames


def build(name: str, ticks: int) -> tuple[Net, np.ndarray]:
    net, frames = layered(name, ticks) if name in WORKLOADS else reservoir(name, ticks)
    for q in net.projections:
        quantize_projection(q, net.populations[q.target])
    return net, frames


def quantize(w: np.ndarray, unit: float = UNIT) -> tuple[int, np.ndarray]:
    """Smallest shift s in 0..24 with rint(w * unit / 2^s) in [-127, 127]; int8 weights."""
    for s in range(25):
        q = np.rint(w * unit / 2.0**s)
        if q.min() >= -127 and q.max() <= 127:
            return s, q.astype(np.int8)
    raise ValueError("weights too large for shift 24")


def quantize_projection(q: Projection, target: Population) -> None:
    """Float weights in the target's unit -> shift and int8 (absent synapses stay 0)."""
    q.shift, q.q = quantize(q.w, MV if target.model == IZH else UNIT)


# ---- float reference ----------------------------------------------------------------


def float_activity(net: Net, frames: np.ndarray) -> list[float]:
    """Mean fraction of neurons spiking per tick in each non-input population (float32).

    LIF: snnTorch ``Leaky`` (delayed subtract reset, threshold 1.0); IZH: Izhikevich in
    mV with the two half-steps of docs/SEMANTICS.md 4.3. A projection with delay D sees
    the spikes of tick t - D (none before tick 0)."""
    pops = net.populations
    ws = [q.w.astype(np.float32) for q in net.projections]
    depth = [max([q.delay for q in net.projections if q.source == p], default=0)
             for p in range(len(pops))]
    spikes = [np.zeros(p.size, np.float32) for p in pops]
    history = [[np.zeros(p.size, np.float32) for _ in range(depth[k])]
               for k, p in enumerate(pops)]  # history[p][d-1] = spikes of tick t - d
    mems, recs = [], []
    for p in pops:
        if p.model == IZH:
            a, b, c, d, peak = (np.float32(x) for x in p.float_params)
            mems.append(np.full(p.size, c, np.float32))
            recs.append(b * mems[-1])
        else:
            mems.append(np.zeros(p.size, np.float32))
            recs.append(None)
    totals = np.zeros(len(pops))
    for t in range(frames.shape[0]):
        spikes[0] = frames[t].astype(np.float32)
        for k in range(1, len(pops)):
            p = pops[k]
            drive = None
            for q, w in zip(net.projections, ws):
                if q.target != k:
                    continue
                x = spikes[q.source] if q.delay == 0 else history[q.source][q.delay - 1]
                part = x @ w
                drive = part if drive is None else drive + part
            if drive is None:
                drive = np.zeros(p.size, np.float32)
            if p.model == LIF:
                beta32 = np.float32(p.float_params[0])
                reset = spikes[k]  # delayed reset: previous tick's spike, threshold 1.0
                mem = beta32 * mems[k] + drive - reset
                spk = (mem > np.float32(1.0)).astype(np.float32)
                mems[k] = mem
            else:
                a, b, c, d, peak = (np.float32(x) for x in p.float_params)
                v, u = mems[k], recs[k]
                for _ in range(2):
                    v = v + np.float32(0.5) * (np.float32(0.04) * v * v + np.float32(5) * v
                                               + np.float32(140) - u + drive)
                u = u + a * (b * np.minimum(v, peak) - u)
                fired = v >= peak
                spk = fired.astype(np.float32)
                mems[k] = np.where(fired, c, v).astype(np.float32)
                recs[k] = np.where(fired, u + d, u).astype(np.float32)
            spikes[k] = spk
            totals[k] += spk.mean()
        for k in range(len(pops)):
            if depth[k]:
                history[k] = [spikes[k]] + history[k][:-1]
    return list(totals[1:] / frames.shape[0])


def percent(activity: list[float], k: int) -> str:
    """Activity k of the non-input populations (0 = first hidden, -1 = output) as a
    percentage; "-" for a hidden one when there is no hidden population."""
    return f"{activity[k]:.2%}" if len(activity) > 1 or k == -1 else "-"


def write_workload(out: str, name: str, ticks: int):
    """Write the four files of workload ``name`` into ``out``; return the network, the
    input frames, the float activity and the two blobs (frozen, learning)."""
    net, frames = build(name, ticks)
    activity = float_activity(net, frames)
    frozen, learning = encode(net), encode(net, learning=True)
    write(os.path.join(out, f"{name}.spkb"), frozen)
    write(os.path.join(out, f"{name}+STDP.spkb"), learning)
    write(os.path.join(out, f"{name}-events.csv"), spike_file(frames))
    write(os.path.join(out, f"{name}.workload"), manifest(name, ticks, activity).encode("ascii"))
    return net, frames, activity, frozen, learning


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default="out/workloads")
    ap.add_argument("--ticks", type=int, default=DEFAULT_TICKS)
    ap.add_argument("--only", nargs="*", choices=ALL_NAMES)
    ap.add_argument("--no-check", action="store_true",
                    help="skip the integer reference run (activity and expected checksum)")
    ap.add_argument("--check-learning", action="store_true",
                    help="also run the +STDP blobs in the reference (slow)")
    args = ap.parse_args(argv)
    if not 1 <= args.ticks <= 2**32 - 1:
        ap.error("--ticks must be 1 .. 2^32-1")
    os.makedirs(args.out, exist_ok=True)
    names = args.only or ALL_NAMES
    print(f"{'workload':13} {'shape':12} {'shifts':7} {'float hid':>9} {'float out':>9}"
          f" {'int hid':>8} {'int out':>8}  checksum")
    for name in names:
        net, frames, activity, frozen, learning = write_workload(args.out, name, args.ticks)
        shifts = ",".join(str(q.shift) for q in net.projections)
        head = (f"{name:13} {net.shape:12} {shifts:7} "
                f"{percent(activity, 0):>9} {percent(activity, -1):>9}")
        runs = [] if args.no_check else [(head, frozen)]
        if args.check_learning:  # a row of its own, named as spikert-bench --stdp names it
            runs.append((f"{name + '+STDP':13} {net.shape:12} {shifts:7} {'-':>9} {'-':>9}",
                         learning))
        for start, data in runs:
            int_activity, checksum, state = reference_run(data, frames)
            print(f"{start} {percent(int_activity, 0):>8} {percent(int_activity, -1):>8}"
                  f"  {checksum:016x} (state {state:016x})", flush=True)
        if not runs:
            print(head, flush=True)
    with open(os.path.join(args.out, "index"), "w") as f:
        f.writelines(f"{name}.workload\n" for name in names)
    print(f"wrote {len(names)} workloads, {args.ticks} ticks each, to {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
