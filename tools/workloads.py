#!/usr/bin/env python3
"""Generate the reference workloads of WORKLOADS.md as SpikeRT benchmark files.

Usage:
    python3 tools/workloads.py [OUT_DIR] [--ticks N] [--only NAME ...] [--no-check]

Writes one ``<name>.spkw`` file per workload (W-A, W-S, W-B, motion, reservoir-LIF,
reservoir-IZH) into OUT_DIR (default ``out/workloads/``) plus ``OUT_DIR/index``, the file
names one per line, which ``spikert-bench DIR`` reads (the benchmark has no directory
listing: it only sees libc through CSystem, whose header has no dirent.h).

How a workload is built (WORKLOADS.md, "Reference workloads"):

* ``np.random.default_rng(0)`` draws the float weight matrices in layer order, first
  layer first, each of shape ``[inputs, outputs]``: ``rng.uniform(lo, hi, (n_in, n_out))``.
* ``np.random.default_rng(1)`` draws the input frames ``rng.random((ticks, n_in)) < p``.
  Row t is tick t, so a shorter run sees a prefix of a longer one.
* Every non-input layer is snnTorch ``Leaky``: threshold 1.0, reset by subtraction,
  delayed reset (the reset uses the previous tick's spike), spike when mem > 1.0.

The reservoir row ("1000 recurrent, 10 % connectivity, 20 % inhibitory, 100 inputs, LIF
beta 0.95 (Izhikevich variant too), exc U[0, 0.1), inh U[-0.4, 0), Bernoulli p 0.05,
recurrent, sparse (CSR)") leaves details open; they are decided here as follows, and both
variants share every one of them except the neuron model:

* Two populations: the 100 inputs (population 0) and one population of 1000 recurrent
  neurons (population 1), which is also the output (its spikes are checksummed).
  Neurons 0..799 are excitatory and 800..999 inhibitory (the last 20 %, as in Izhikevich
  2003, which has exactly these numbers): a neuron's sign is that of its outgoing
  recurrent weights (Dale's law); all neurons of the population share one set of
  parameters (SpikeRT's parameters are per population).
* Input projection 0 -> 1: DENSE, 100 x 1000, every input reaches every reservoir neuron,
  weights U[0, 0.1) (inputs are excitatory), delay 0. It is drawn first (layer order):
  ``rng.uniform(0.0, 0.1, (100, 1000))``. (With 10 % input connectivity the LIF
  reservoir stays almost silent, about 0.8 % of neurons per tick, and the Izhikevich one
  silent; the dense input drives it to a busy, typical recurrent load.)
* Recurrent projection 1 -> 1: SPARSE (CSR), delay 1 tick (it sees the previous tick's
  spikes, like snnTorch ``RLeaky``), drawn after the input weights from the same rng:
  ``connected = rng.random((1000, 1000)) < 0.1`` with the diagonal cleared (no
  autapses), then ``rng.uniform(0.0, 0.1, (800, 1000))`` for the excitatory rows and
  ``rng.uniform(-0.4, 0.0, (200, 1000))`` for the inhibitory rows; synapse (i, j) exists
  iff ``connected[i, j]`` (99,851 synapses, 68..131 per row). A synapse whose weight
  rounds to 0 stays in the CSR (it is a connection; it counts as a synaptic event).
  Excitatory and inhibitory input then balance on average (800 x 0.05 = 200 x 0.2).
* Input: ``default_rng(1).random((ticks, 100)) < 0.05``.
* ``reservoir-LIF``: snnTorch ``Leaky`` as above, beta 0.95, quantized like the layered
  workloads (1.0 = 65536 units).
* ``reservoir-IZH``: docs/SEMANTICS.md 4.3 Izhikevich, regular spiking (a 0.02, b 0.2,
  c -65 mV, d 8 mV; peak 30 mV; v starts at -65 mV, u at b*v), 1 mV = 256 units. A
  weight of 1.0 (the LIF threshold) counts 16 mV there, about the distance from rest
  (-70 mV) to the spike onset, and a power of two, so both variants have the same int8
  weights and the Izhikevich shifts are 4 smaller. No refractory period, no bias.

Quantization to SpikeRT integers (docs/SEMANTICS.md):

* potential scale: 1.0 = 65536 units (LIF), so threshold = 65536 and
  beta = round(b * 65536); Izhikevich: 1 mV = 256 units, 1.0 = 16 mV = 4096 units,
  a, b = round(x * 65536), c, d, peak, v_init in units;
* per projection the smallest shift ``s`` in 0..24 with
  ``rint(w * unit / 2**s)`` inside [-127, 127] for every weight; the int8 weights are
  that rounding (numpy ``rint``: half to even). A weight then counts ``w8 * 2**s`` units.

File format, version 1 (the layered workloads W-A, W-S, W-B, motion; all little-endian)::

    offset  size            field
    0       4               magic b"SPKW"
    4       u16             version = 1
    6       u16             P: populations (input, hidden..., output), 2..16
    8       u32             T: ticks of input frames
    12      16 bytes        name, ASCII, NUL-padded
    28      u32             reserved, 0
    32      P x u32         population sizes n_0 .. n_{P-1}, each 1..65535
    ...     (P-1) x 16      one record per layer l = 1..P-1 (population l and the
                            projection from l-1 into it):
                              u8  shift      (0..24)
                              u8  model      (1 = LIF)
                              u8  reset      (0 = subtract)
                              u8  timing     (0 = delayed)
                              i32 beta       (Q16, 65536 = 1.0)
                              i32 threshold  (potential units)
                              u32 float reference activity of population l, parts per
                                  million of neurons firing per tick (float LIF below)
    ...     sum n_{l-1}*n_l int8 weights, layer by layer, row-major [pre][post]
                            (row i = the weights from presynaptic neuron i)
    ...     T x ceil(n_0/8) input frames, bit-packed LSB first: neuron j of tick t is
                            bit (j & 7) of byte t*ceil(n_0/8) + (j >> 3)

The file ends there; its length is exactly the sum of the parts. Each layer is a DENSE
projection with delay 0 into a LIF population (delayed subtract reset).

File format, version 2 (any populations and projections; the reservoirs)::

    offset  size            field
    0       4               magic b"SPKW"
    4       u16             version = 2
    6       u16             P: populations, 2..16; population 0 is the input
    8       u32             T: ticks of input frames
    12      16 bytes        name, ASCII, NUL-padded
    28      u16             Q: projections, 1..64
    30      u16             reserved, 0
    32      P x 44          one record per population p = 0..P-1:
                              u32 size       (1..65535)
                              u8  model      (0 = INPUT for p = 0 only, 1 = LIF, 6 = IZH;
                                              the numbering of docs/SEMANTICS.md 2.1)
                              u8  reset      (0 = subtract; LIF)
                              u8  timing     (0 = delayed; LIF)
                              u8  reserved, 0
                              i32 threshold  (LIF, potential units; else 0)
                              i32 beta       (LIF, Q16; else 0)
                              i32 v_init     (membrane after reset, units)
                              i32 izh_a, izh_b (Q16), izh_c, izh_d, v_peak (units)
                                             (IZH; else 0)
                              u32 float reference activity, ppm (0 for the input)
    ...     Q x 12          one record per projection:
                              u16 source, u16 target (population indices; a delay-0
                                  projection goes from a lower to a higher index, so
                                  index order is an update order)
                              u8  kind       (0 = DENSE, 1 = SPARSE)
                              u8  shift      (0..24)
                              u8  delay      (ticks, 0..255)
                              u8  reserved, 0
                              u32 nnz        (weights stored; DENSE: n_src * n_tgt)
    ...     the tensors, projection by projection; every array below starts at a file
            offset that is a multiple of 4 (zero bytes pad the gap), so the u32 and u16
            arrays are aligned in a buffer read from the file:
              DENSE:  nnz int8 weights, row-major [pre][post]
              SPARSE: (n_src + 1) u32 row_ptr, nnz u16 col (strictly increasing within
                      a row), nnz int8 weights (docs/SEMANTICS.md 2.3)
    ...     T x ceil(n_0/8) input frames as in version 1 (also at a multiple of 4)

The file ends there. Population P-1 is the output; populations 1..P-2 are hidden. The
layered workloads keep version 1 (their files, and the checksums docs quote, are
unchanged).

For each workload the script prints the float activity (fraction of hidden and output
neurons spiking per tick) and, unless ``--no-check``, the same quantities for the
integer network run exactly by docs/SEMANTICS.md, together with the checksum
``spikert-bench`` must print: FNV-1a 64 over every output spike in tick order (tick as
u64 LE, then neuron as u32 LE), then over the final state hash as u64 LE. The float
reference is float32: LIF is snnTorch ``Leaky``/``RLeaky``: ``mem = b*mem + sum W.x -
reset``, ``reset`` = previous spike, ``spike = mem > 1.0``, the recurrent term from the
previous tick's spikes; Izhikevich in mV with the same two half-steps for v and the
recovery update on v clipped at the peak as docs/SEMANTICS.md 4.3, weights times 16 mV.
A workload without hidden populations prints "-" for them.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from dataclasses import dataclass, field

# One BLAS thread: the float reference is a chain of small matrix-vector products, which
# a thread pool slows down by orders of magnitude on a busy 2-core machine (and the
# benchmark itself is single-threaded). Set before numpy loads its BLAS.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

MAGIC = b"SPKW"
UNIT = 65536  # potential units per 1.0 (LIF)
MV = 256  # Izhikevich potential units per mV (docs/SEMANTICS.md 2.1)
IZH_WEIGHT_MV = 16  # mV of a float weight of 1.0 in the Izhikevich reservoir
DEFAULT_TICKS = 2000

INPUT, LIF, IZH = 0, 1, 6  # docs/SEMANTICS.md 2.1 model numbers
DENSE, SPARSE = 0, 1

# Layered workloads (version-1 files): name: (sizes, beta, (weight lo, hi) per layer,
# input probability)
WORKLOADS = {
    "W-A": ((784, 1000, 10), 0.95, (0.0, 0.05), 0.10),
    "W-S": ((784, 1000, 10), 0.95, (-0.08, 0.08), 0.10),
    "W-B": ((64, 128, 10), 0.90, (0.0, 0.05), 0.20),
    "motion": ((100, 64, 1), 0.90, (-0.3, 0.3), 0.50),
}

# The reservoir row (version-2 files); see the module docstring for the choices.
RESERVOIR = {
    "neurons": 1000, "inputs": 100, "connectivity": 0.10, "inhibitory": 0.20,
    "exc": (0.0, 0.1), "inh": (-0.4, 0.0), "p": 0.05, "beta": 0.95,
}
RESERVOIRS = {"reservoir-LIF": LIF, "reservoir-IZH": IZH}

# Izhikevich regular spiking (2003): a, b, c (mV), d (mV); peak 30 mV, start at c.
IZH_RS = (0.02, 0.2, -65.0, 8.0)
IZH_PEAK_MV = 30

ALL_NAMES = list(WORKLOADS) + list(RESERVOIRS)

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
M64 = 0xFFFFFFFFFFFFFFFF
I32_MIN, I32_MAX = -(2**31), 2**31 - 1


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
    version: int = 2

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
    return Net(name, pops, projs, version=1), frames


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


# ---- exact integer run (docs/SEMANTICS.md) -------------------------------------------


def decay(v: np.ndarray, m: int) -> np.ndarray:
    """v * m / 2^16 rounded toward zero (docs/SEMANTICS.md section 1)."""
    p = v * np.int64(m)
    return np.where(p >= 0, p >> 16, -((-p) >> 16))


def sat32(x: np.ndarray) -> np.ndarray:
    return np.clip(x, I32_MIN, I32_MAX)


def izh_step(v, u, X, pop: Population):
    """docs/SEMANTICS.md 4.3 (no refractory period): returns v, u, s."""
    a, b, c, d, peak = pop.izh
    for _ in range(2):
        vc = np.clip(v, -(2**20), 2**20)
        dv = ((vc * vc * 2621) >> 24) + 5 * v + 35840 - u + X
        v = sat32(v + (dv >> 1))
    bv = (b * np.minimum(v, peak)) >> 16
    u = sat32(u + ((a * (bv - u)) >> 16))
    s = (v >= peak).astype(np.int64)
    return np.where(s == 1, c, v), np.where(s == 1, sat32(u + d), u), s


class Fnv:
    def __init__(self) -> None:
        self.h = FNV_OFFSET

    def add(self, data: bytes) -> None:
        h = self.h
        for b in data:
            h = ((h ^ b) * FNV_PRIME) & M64
        self.h = h


def splitmix64(x: int) -> tuple[int, int]:
    x = (x + 0x9E3779B97F4A7C15) & M64
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return x, z ^ (z >> 31)


def prng_state(seed: int) -> list[int]:
    x, z0 = splitmix64(seed)
    _, z1 = splitmix64(x)
    s = [z0 & 0xFFFFFFFF, z0 >> 32, z1 & 0xFFFFFFFF, z1 >> 32]
    return [1, 0, 0, 0] if not any(s) else s


def integer_run(net: Net, frames: np.ndarray):
    """Run the quantized network exactly (docs/SEMANTICS.md: LIF with delayed subtract
    reset or IZH, no refractory period, no bias, seed 0, no encoders) and return
    (activity per non-input population, checksum, state hash).

    Populations are updated in index order (delay-0 projections point forwards, so that
    is a topological order); a projection with delay D delivers the spikes its source
    emitted D steps before (none before the first)."""
    pops, projs = net.populations, net.projections
    ticks = frames.shape[0]
    out = len(pops) - 1
    # Delay-0 input projections: every tick's accumulator at once, as one float64 matrix
    # product (integer sums stay exact in float64: |sum| <= 65535 * 128 < 2^53). The
    # others add the int8 rows of the neurons that spiked (absent synapses are 0).
    rows = [q.q.astype(np.int64) for q in projs]
    pre = {j: (frames.astype(np.float64) @ q.q.astype(np.float64)).astype(np.int64)
           for j, q in enumerate(projs) if q.source == 0 and q.delay == 0}
    depth = [max([q.delay for q in projs if q.source == p], default=0)
             for p in range(len(pops))]
    v = [np.full(p.size, p.v_init, np.int64) for p in pops]
    u = [np.full(p.size, (p.izh[1] * p.v_init) >> 16, np.int64) for p in pops]
    s = [np.zeros(p.size, np.int64) for p in pops]
    history = [[np.zeros(p.size, np.int64) for _ in range(depth[k])]
               for k, p in enumerate(pops)]  # history[p][d-1] = spikes of step t - d
    totals = np.zeros(len(pops))
    out_ticks, out_neurons = [], []
    for t in range(ticks):
        s[0] = frames[t].astype(np.int64)
        for k in range(1, len(pops)):
            pop = pops[k]
            current = np.zeros(pop.size, np.int64)
            for j, q in enumerate(projs):
                if q.target != k:
                    continue
                if j in pre:
                    acc = pre[j][t]
                else:
                    x = s[q.source] if q.delay == 0 else history[q.source][q.delay - 1]
                    acc = rows[j][np.flatnonzero(x)].sum(axis=0, dtype=np.int64)
                current += acc << q.shift
            current = sat32(current)
            if pop.model == LIF:
                value = sat32(decay(v[k], pop.beta) + current - s[k] * pop.threshold)
                v[k] = value
                s[k] = (value > pop.threshold).astype(np.int64)
            else:
                v[k], u[k], s[k] = izh_step(v[k], u[k], current, pop)
            totals[k] += s[k].mean()
        fired = np.flatnonzero(s[out])
        out_ticks.append(np.full(len(fired), t, np.uint64))
        out_neurons.append(fired)
        for k in range(len(pops)):
            if depth[k]:
                history[k] = [s[k]] + history[k][:-1]
    state = Fnv()
    state.add(struct.pack("<Q", ticks))
    state.add(struct.pack("<4I", *prng_state(0)))
    for k, pop in enumerate(pops):
        if pop.model == INPUT:
            state.add(s[k].astype("<i4").tobytes())
        else:
            ref = np.zeros(pop.size, np.int64)  # no refractory period: always 0
            fields = [v[k]] + ([u[k]] if pop.model == IZH else []) + [ref, s[k]]
            state.add(np.stack(fields, axis=1).astype("<i4").tobytes())  # v, (u), ref, s
        for d in range(depth[k]):  # history bytes of steps h-1 .. h-H
            state.add(history[k][d].astype(np.uint8).tobytes())
    for q in projs:
        state.add(q.stored_weights().astype(np.int8).tobytes())
    record = np.dtype([("t", "<u8"), ("j", "<u4")])  # 12 bytes, packed
    spikes = np.empty(sum(len(a) for a in out_ticks), record)
    spikes["t"] = np.concatenate(out_ticks)
    spikes["j"] = np.concatenate(out_neurons)
    spike_hash = Fnv()
    spike_hash.add(spikes.tobytes() + struct.pack("<Q", state.h))
    return list(totals[1:] / ticks), spike_hash.h, state.h


# ---- file writers --------------------------------------------------------------------


def encode_v1(net: Net, activity, frames) -> bytes:
    sizes = net.sizes
    ticks = frames.shape[0]
    out = bytearray()
    out += MAGIC + struct.pack("<HHI", 1, len(sizes), ticks)
    out += net.name.encode("ascii").ljust(16, b"\0")[:16] + struct.pack("<I", 0)
    out += struct.pack(f"<{len(sizes)}I", *sizes)
    for q, pop, a in zip(net.projections, net.populations[1:], activity):
        out += struct.pack("<BBBBiiI", q.shift, 1, 0, 0, pop.beta, pop.threshold,
                           round(a * 1e6))
    for q in net.projections:
        out += np.ascontiguousarray(q.q, np.int8).tobytes()
    out += np.packbits(frames, axis=1, bitorder="little").tobytes()
    return bytes(out)


def encode_v2(net: Net, activity, frames) -> bytes:
    pops, projs = net.populations, net.projections
    ticks = frames.shape[0]
    out = bytearray()

    def align() -> None:
        out.extend(b"\0" * (-len(out) % 4))

    out += MAGIC + struct.pack("<HHI", 2, len(pops), ticks)
    out += net.name.encode("ascii").ljust(16, b"\0")[:16] + struct.pack("<HH", len(projs), 0)
    for pop, a in zip(pops, [0.0] + list(activity)):
        out += struct.pack("<IBBBBiii5iI", pop.size, pop.model, 0, 0, 0, pop.threshold,
                           pop.beta, pop.v_init, *pop.izh, round(a * 1e6))
    for q in projs:
        assert q.delay > 0 or q.source < q.target, "delay-0 projections point forwards"
        out += struct.pack("<HHBBBBI", q.source, q.target, q.kind, q.shift, q.delay, 0,
                           len(q.stored_weights()))
    for q in projs:
        align()
        if q.kind == SPARSE:
            row_ptr = np.concatenate([[0], np.cumsum(q.mask.sum(axis=1))])
            col = np.nonzero(q.mask)[1]
            out += row_ptr.astype("<u4").tobytes()
            align()
            out += col.astype("<u2").tobytes()
            align()
        out += q.stored_weights().astype(np.int8).tobytes()
    align()
    out += np.packbits(frames, axis=1, bitorder="little").tobytes()
    return bytes(out)


def encode(net: Net, activity, frames) -> bytes:
    return (encode_v1 if net.version == 1 else encode_v2)(net, activity, frames)


def percent(activity: list[float], k: int) -> str:
    """Activity k of the non-input populations (0 = first hidden, -1 = output) as a
    percentage; "-" for a hidden one when there is no hidden population."""
    return f"{activity[k]:.2%}" if len(activity) > 1 or k == -1 else "-"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default="out/workloads")
    ap.add_argument("--ticks", type=int, default=DEFAULT_TICKS)
    ap.add_argument("--only", nargs="*", choices=ALL_NAMES)
    ap.add_argument("--no-check", action="store_true",
                    help="skip the exact integer run (activity and expected checksum)")
    args = ap.parse_args(argv)
    if not 1 <= args.ticks <= 2**32 - 1:
        ap.error("--ticks must be 1 .. 2^32-1")
    os.makedirs(args.out, exist_ok=True)
    names = args.only or ALL_NAMES
    print(f"{'workload':13} {'shape':12} {'shifts':7} {'float hid':>9} {'float out':>9}"
          f" {'int hid':>8} {'int out':>8}  checksum")
    for name in names:
        net, frames = build(name, args.ticks)
        activity = float_activity(net, frames)
        blob = encode(net, activity, frames)
        path = os.path.join(args.out, f"{name}.spkw")
        with open(path, "wb") as f:
            f.write(blob)
        shifts = ",".join(str(q.shift) for q in net.projections)
        line = (f"{name:13} {net.shape:12} {shifts:7} "
                f"{percent(activity, 0):>9} {percent(activity, -1):>9}")
        if not args.no_check:
            int_activity, checksum, state = integer_run(net, frames)
            line += (f" {percent(int_activity, 0):>8} {percent(int_activity, -1):>8}"
                     f"  {checksum:016x} (state {state:016x})")
        print(line, flush=True)
    with open(os.path.join(args.out, "index"), "w") as f:
        f.writelines(f"{name}.spkw\n" for name in names)
    print(f"wrote {len(names)} workloads, {args.ticks} ticks each, to {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
