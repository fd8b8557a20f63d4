"""The workloads as the peers see them: float weights, input frames, float reference.

Everything comes from tools/workloads.py (WORKLOADS.md): its ``draw`` gives the float
weight matrices ([inputs, outputs], layer order, ``default_rng(0)``) and the boolean
input frames (``default_rng(1)``), its ``float_activity`` the float32 snnTorch-``Leaky``
reference. Nothing here draws numbers itself, so the peers and spikert-bench's files
cannot drift apart; ``check_file`` proves it for the file spikert-bench reads: same
sizes, same input spikes, and int8 weights equal to the quantization of these floats.

Only the layered workloads (W-A, W-S, W-B, motion: dense feed-forward LIF layers) are
handled; the reservoirs are not compared with peers.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from dataclasses import dataclass

import numpy as np

TOOLS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
ROOT = os.path.dirname(TOOLS)
if TOOLS not in sys.path:
    sys.path.insert(0, TOOLS)
import workloads as wl  # noqa: E402  (tools/workloads.py)

NAMES = list(wl.WORKLOADS)  # W-A, W-S, W-B, motion
THRESHOLD = 1.0  # WORKLOADS.md: every LIF layer fires when mem > 1.0


@dataclass
class PeerWorkload:
    """One layered workload, in float, for ``ticks`` ticks."""
    name: str
    sizes: tuple[int, ...]  # input, hidden..., output
    beta: float
    weights: list[np.ndarray]  # float64 [n_in, n_out] per layer, as drawn
    frames: np.ndarray  # bool [ticks, n_in]

    @property
    def ticks(self) -> int:
        return self.frames.shape[0]

    @property
    def shape(self) -> str:
        return "-".join(str(n) for n in self.sizes)


def load(name: str, ticks: int) -> PeerWorkload:
    """The float weights and input frames of a layered workload."""
    if name not in wl.WORKLOADS:
        raise ValueError(f"{name}: not a layered workload (peers run {', '.join(NAMES)})")
    sizes, beta, _, _ = wl.WORKLOADS[name]
    weights, frames = wl.draw(name, ticks)
    return PeerWorkload(name, tuple(sizes), beta, weights, frames)


def reference_activity(w: PeerWorkload) -> list[float]:
    """Mean fraction of neurons spiking per tick in each non-input layer, float32
    snnTorch ``Leaky`` as tools/workloads.py computes it (hidden..., output)."""
    net, _ = wl.layered(w.name, w.ticks)
    return wl.float_activity(net, w.frames)


def spike_counts(activity: list[float], w: PeerWorkload) -> list[int]:
    """Total spikes per non-input layer over the run, from mean fractions per tick."""
    return [round(a * n * w.ticks) for a, n in zip(activity, w.sizes[1:])]


# ---- spikert-bench's workload files ---------------------------------------------------


@dataclass
class FileWorkload:
    """What a version-1 .spkw file holds (tools/workloads.py docstring)."""
    name: str
    sizes: tuple[int, ...]
    ticks: int
    shifts: list[int]
    weights: list[np.ndarray]  # int8 [n_in, n_out] per layer
    frames: np.ndarray  # bool [ticks, n_in]


def read_file(path: str) -> FileWorkload:
    """Read a version-1 workload file (the layered workloads)."""
    with open(path, "rb") as f:
        blob = f.read()
    magic, version, P, T = struct.unpack_from("<4sHHI", blob, 0)
    if magic != wl.MAGIC or version != 1:
        raise ValueError(f"{path}: not a version-1 SPKW file")
    name = blob[12:28].rstrip(b"\0").decode("ascii")
    sizes = struct.unpack_from(f"<{P}I", blob, 32)
    off = 32 + 4 * P
    shifts = []
    for _ in range(P - 1):
        shifts.append(blob[off])
        off += 16
    weights = []
    for a, b in zip(sizes, sizes[1:]):
        weights.append(np.frombuffer(blob, np.int8, a * b, off).reshape(a, b))
        off += a * b
    stride = (sizes[0] + 7) // 8
    if len(blob) != off + T * stride:
        raise ValueError(f"{path}: {len(blob)} bytes, expected {off + T * stride}")
    packed = np.frombuffer(blob, np.uint8, T * stride, off).reshape(T, stride)
    frames = np.unpackbits(packed, axis=1, bitorder="little")[:, :sizes[0]].astype(bool)
    return FileWorkload(name, tuple(sizes), T, shifts, weights, frames)


def check_file(path: str, w: PeerWorkload) -> None:
    """Raise ValueError unless the file carries the same work as ``w``: its first
    ``w.ticks`` input frames equal ``w.frames`` and its int8 weights are
    tools/workloads.py's quantization of ``w.weights``."""
    f = read_file(path)
    if f.name != w.name or f.sizes != w.sizes:
        raise ValueError(f"{path}: {f.name} {f.sizes}, expected {w.name} {w.sizes}")
    if f.ticks < w.ticks:
        raise ValueError(f"{path}: {f.ticks} ticks, fewer than {w.ticks}")
    if not np.array_equal(f.frames[:w.ticks], w.frames):
        raise ValueError(f"{path}: input frames differ from tools/workloads.py's")
    for k, (q, x) in enumerate(zip(f.weights, w.weights)):
        shift, expect = wl.quantize(x)
        if shift != f.shifts[k] or not np.array_equal(q, expect):
            raise ValueError(f"{path}: layer {k + 1} weights are not the quantized floats")


def workload_files(names: list[str], ticks: int, directory: str, log) -> dict[str, str]:
    """Path of each workload's file with at least ``ticks`` ticks.

    The files of ``directory`` (default out/workloads) are used when they are long
    enough. Otherwise tools/workloads.py writes the missing ones into
    out/peers/workloads-<ticks>/ (its own folder, so the ``index`` of out/workloads,
    which spikert-bench and timing.sh read, is not rewritten to a subset)."""
    paths, missing = {}, []
    for name in names:
        path = os.path.join(directory, f"{name}.spkw")
        if os.path.isfile(path) and read_header_ticks(path) >= ticks:
            paths[name] = path
        else:
            missing.append(name)
    if missing:
        own = os.path.join(ROOT, "out", "peers", f"workloads-{max(ticks, wl.DEFAULT_TICKS)}")
        log(f"writing {', '.join(missing)} with tools/workloads.py into {own}")
        cmd = [sys.executable, os.path.join(TOOLS, "workloads.py"), own, "--no-check",
               "--ticks", str(max(ticks, wl.DEFAULT_TICKS)), "--only", *missing]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        for name in missing:
            paths[name] = os.path.join(own, f"{name}.spkw")
    return paths


def read_header_ticks(path: str) -> int:
    with open(path, "rb") as f:
        head = f.read(12)
    if len(head) < 12 or head[:4] != wl.MAGIC:
        return 0
    return struct.unpack_from("<I", head, 8)[0]
