#!/usr/bin/env python3
"""Generate the reference workloads of WORKLOADS.md as SpikeRT benchmark files.

Usage:
    python3 tools/workloads.py [OUT_DIR] [--ticks N] [--only NAME ...] [--no-check]

Writes one ``<name>.spkw`` file per workload (W-A, W-S, W-B, motion) into OUT_DIR
(default ``out/workloads/``) plus ``OUT_DIR/index``, the file names one per line, which
``spikert-bench DIR`` reads (the benchmark has no directory listing: it only sees libc
through CSystem, whose header has no dirent.h).

How a workload is built (WORKLOADS.md, "Reference workloads"):

* ``np.random.default_rng(0)`` draws the float weight matrices in layer order, first
  layer first, each of shape ``[inputs, outputs]``: ``rng.uniform(lo, hi, (n_in, n_out))``.
* ``np.random.default_rng(1)`` draws the input frames ``rng.random((ticks, n_in)) < p``.
  Row t is tick t, so a shorter run sees a prefix of a longer one.
* Every non-input layer is snnTorch ``Leaky``: threshold 1.0, reset by subtraction,
  delayed reset (the reset uses the previous tick's spike), spike when mem > 1.0.

Quantization to SpikeRT integers (docs/SEMANTICS.md):

* potential scale: 1.0 = 65536 units, so threshold = 65536 and beta = round(b * 65536);
* per projection the smallest shift ``s`` in 0..24 with
  ``rint(w * 65536 / 2**s)`` inside [-127, 127] for every weight; the int8 weights are
  that rounding (numpy ``rint``: half to even). A weight then counts ``w8 * 2**s`` units.

File format (all little-endian, version 1)::

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

The file ends there; its length is exactly the sum of the parts.

For each workload the script prints the float activity (fraction of hidden and output
neurons spiking per tick, snnTorch ``Leaky`` in float32: ``mem = b*mem + W.x - reset``,
``reset`` = previous spike, ``spike = mem > 1.0``) and, unless ``--no-check``, the same
quantities for the integer network run exactly by docs/SEMANTICS.md, together with the
checksum ``spikert-bench`` must print: FNV-1a 64 over every output spike in tick order
(tick as u64 LE, then neuron as u32 LE), then over the final state hash as u64 LE.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys

import numpy as np

MAGIC = b"SPKW"
VERSION = 1
UNIT = 65536  # potential units per 1.0
DEFAULT_TICKS = 2000

# name: (sizes, beta, (weight lo, hi) per layer, input probability)
WORKLOADS = {
    "W-A": ((784, 1000, 10), 0.95, (0.0, 0.05), 0.10),
    "W-S": ((784, 1000, 10), 0.95, (-0.08, 0.08), 0.10),
    "W-B": ((64, 128, 10), 0.90, (0.0, 0.05), 0.20),
    "motion": ((100, 64, 1), 0.90, (-0.3, 0.3), 0.50),
}

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
M64 = 0xFFFFFFFFFFFFFFFF


def draw(name: str, ticks: int):
    """Float weights (layer order, [inputs, outputs]) and the boolean input frames."""
    sizes, _, (lo, hi), p = WORKLOADS[name]
    rng = np.random.default_rng(0)
    weights = [rng.uniform(lo, hi, (sizes[i], sizes[i + 1])) for i in range(len(sizes) - 1)]
    frames = np.random.default_rng(1).random((ticks, sizes[0])) < p
    return weights, frames


def quantize(w: np.ndarray) -> tuple[int, np.ndarray]:
    """Smallest shift s in 0..24 with rint(w * 65536 / 2^s) in [-127, 127]; int8 weights."""
    for s in range(25):
        q = np.rint(w * UNIT / 2.0**s)
        if q.min() >= -127 and q.max() <= 127:
            return s, q.astype(np.int8)
    raise ValueError("weights too large for shift 24")


def float_activity(weights, frames, beta: float) -> list[float]:
    """Mean fraction of neurons spiking per tick in each non-input layer (float32 LIF)."""
    beta32 = np.float32(beta)
    ws = [w.astype(np.float32) for w in weights]
    mems = [np.zeros(w.shape[1], np.float32) for w in ws]
    spikes = [np.zeros(w.shape[1], np.float32) for w in ws]
    totals = np.zeros(len(ws))
    for t in range(frames.shape[0]):
        x = frames[t].astype(np.float32)
        for layer, w in enumerate(ws):
            reset = spikes[layer]  # delayed reset: previous tick's spike, threshold 1.0
            mem = beta32 * mems[layer] + x @ w - reset
            spk = (mem > np.float32(1.0)).astype(np.float32)
            mems[layer], spikes[layer] = mem, spk
            totals[layer] += spk.mean()
            x = spk
    return list(totals / frames.shape[0])


def decay(v: np.ndarray, m: int) -> np.ndarray:
    """v * m / 2^16 rounded toward zero (docs/SEMANTICS.md section 1)."""
    p = v * np.int64(m)
    return np.where(p >= 0, p >> 16, -((-p) >> 16))


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


def integer_run(sizes, layers, q_weights, frames):
    """Run the quantized network exactly (docs/SEMANTICS.md, delayed-subtract LIF, no
    refractory, no bias) and return (activity per layer, checksum, state hash)."""
    ticks = frames.shape[0]
    w64 = [w.astype(np.float64) for w in q_weights]  # integer sums stay exact in f64
    first = (frames.astype(np.float64) @ w64[0]).astype(np.int64)
    v = [np.zeros(n, np.int64) for n in sizes[1:]]
    s = [np.zeros(n, np.int64) for n in sizes[1:]]
    totals = np.zeros(len(layers))
    spike_hash = Fnv()
    for t in range(ticks):
        x = None
        for l, (shift, beta, theta) in enumerate(layers):
            acc = first[t] if l == 0 else (x.astype(np.float64) @ w64[l]).astype(np.int64)
            current = np.clip(acc << shift, -(2**31), 2**31 - 1)
            value = np.clip(decay(v[l], beta) + current - s[l] * theta, -(2**31), 2**31 - 1)
            v[l] = value
            s[l] = (value > theta).astype(np.int64)
            totals[l] += s[l].mean()
            x = s[l]
        for j in np.flatnonzero(s[-1]):
            spike_hash.add(struct.pack("<QI", t, int(j)))
    state = Fnv()
    state.add(struct.pack("<Q", ticks))
    state.add(struct.pack("<4I", *prng_state(0)))
    state.add(frames[-1].astype("<i4").tobytes() if ticks else bytes(4 * sizes[0]))
    for l in range(len(layers)):
        block = np.zeros((sizes[l + 1], 3), "<i4")  # v, ref, s per neuron
        block[:, 0] = v[l]
        block[:, 2] = s[l]
        state.add(block.tobytes())
    for w in q_weights:
        state.add(w.tobytes())
    spike_hash.add(struct.pack("<Q", state.h))
    return list(totals / ticks), spike_hash.h, state.h


def encode(name, sizes, layers, q_weights, activity, frames) -> bytes:
    ticks = frames.shape[0]
    out = bytearray()
    out += MAGIC + struct.pack("<HHI", VERSION, len(sizes), ticks)
    out += name.encode("ascii").ljust(16, b"\0")[:16] + struct.pack("<I", 0)
    out += struct.pack(f"<{len(sizes)}I", *sizes)
    for (shift, beta, theta), a in zip(layers, activity):
        out += struct.pack("<BBBBiiI", shift, 1, 0, 0, beta, theta, round(a * 1e6))
    for w in q_weights:
        out += np.ascontiguousarray(w, np.int8).tobytes()
    out += np.packbits(frames, axis=1, bitorder="little").tobytes()
    return bytes(out)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default="out/workloads")
    ap.add_argument("--ticks", type=int, default=DEFAULT_TICKS)
    ap.add_argument("--only", nargs="*", choices=sorted(WORKLOADS))
    ap.add_argument("--no-check", action="store_true",
                    help="skip the exact integer run (activity and expected checksum)")
    args = ap.parse_args(argv)
    if not 1 <= args.ticks <= 2**32 - 1:
        ap.error("--ticks must be 1 .. 2^32-1")
    os.makedirs(args.out, exist_ok=True)
    names = args.only or list(WORKLOADS)
    print(f"{'workload':8} {'shape':12} {'shifts':7} {'float hid':>9} {'float out':>9}"
          f" {'int hid':>8} {'int out':>8}  checksum")
    for name in names:
        sizes, beta, _, _ = WORKLOADS[name]
        weights, frames = draw(name, args.ticks)
        quant = [quantize(w) for w in weights]
        layers = [(s, round(beta * UNIT), UNIT) for s, _ in quant]
        q_weights = [q for _, q in quant]
        activity = float_activity(weights, frames, beta)
        blob = encode(name, sizes, layers, q_weights, activity, frames)
        path = os.path.join(args.out, f"{name}.spkw")
        with open(path, "wb") as f:
            f.write(blob)
        line = (f"{name:8} {'-'.join(map(str, sizes)):12} "
                f"{','.join(str(s) for s, _, _ in layers):7} "
                f"{activity[0]:9.2%} {activity[-1]:9.2%}")
        if not args.no_check:
            int_activity, checksum, state = integer_run(sizes, layers, q_weights, frames)
            line += f" {int_activity[0]:8.2%} {int_activity[-1]:8.2%}  {checksum:016x}"
            line += f" (state {state:016x})"
        print(line, flush=True)
    with open(os.path.join(args.out, "index"), "w") as f:
        f.writelines(f"{name}.spkw\n" for name in names)
    print(f"wrote {len(names)} workloads, {args.ticks} ticks each, to {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
