"""The workloads as the peers see them: float weights, input frames, float reference.

Everything comes from tools/workloads.py (docs/WORKLOADS.md): its ``draw`` gives the float
weight matrices ([inputs, outputs], layer order, ``default_rng(0)``) and the boolean
input frames (``default_rng(1)``), its ``float_activity`` the float32 snnTorch-``Leaky``
reference. Nothing here draws numbers itself, so the peers and spikert-bench's files
cannot drift apart; ``check_file`` proves it for the workload spikert-bench reads (its
model blob and input spike file): same sizes, same input spikes, and int8 weights equal
to the quantization of these floats.

Only the layered workloads (W-A, W-S, W-B, motion: dense feed-forward LIF layers) are
handled; the reservoirs are not compared with peers.
"""

from __future__ import annotations

import os
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
THRESHOLD = 1.0  # docs/WORKLOADS.md: every LIF layer fires when mem > 1.0


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
    """What a workload's files hold (tools/workloads.py: NAME.workload names the model
    blob and the input spike file)."""
    name: str
    sizes: tuple[int, ...]
    ticks: int
    shifts: list[int]
    weights: list[np.ndarray]  # int8 [n_in, n_out] per layer
    frames: np.ndarray  # bool [ticks, n_in]


def read_file(path: str) -> FileWorkload:
    """Read a layered workload: its model blob through the numpy reference's own blob
    reader (tools/reference/blobread.py), its input spike file through the exporter's
    reader (spikert_tools.plot.read_spikes) as frames."""
    if os.path.join(TOOLS, "reference") not in sys.path:
        sys.path.insert(0, os.path.join(TOOLS, "reference"))
    import blobread
    wl.exporter_on_path()
    from spikert_tools.plot import read_spikes

    m = wl.read_manifest(path)
    folder = os.path.dirname(path)
    net = blobread.read(os.path.join(folder, m["MODEL"]))
    sizes = tuple(p["size"] for p in net["populations"])
    ticks = int(m["TICKS"])
    weights, shifts = [], []
    for q in net["projections"]:
        if q["kind"] != "dense" or q["target"] != q["source"] + 1:
            raise ValueError(f"{path}: not a layered workload")
        n_in, n_out = sizes[q["source"]], sizes[q["target"]]
        weights.append(np.asarray(q["weights"], np.int8).reshape(n_in, n_out))
        shifts.append(q["shift"])
    spike_ticks, channels = read_spikes(os.path.join(folder, m["INPUT"]))
    frames = np.zeros((ticks, sizes[0]), bool)
    frames[spike_ticks, channels] = True
    return FileWorkload(m["NAME"], sizes, ticks, shifts, weights, frames)


def check_file(path: str, w: PeerWorkload) -> None:
    """Raise ValueError unless the workload carries the same work as ``w``: its first
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
    """Path of each workload's .workload file with at least ``ticks`` ticks.

    The files of ``directory`` (default out/workloads) are used when they are long
    enough. Otherwise tools/workloads.py writes the missing ones into
    out/peers/workloads-<ticks>/ (its own folder, so the ``index`` of out/workloads,
    which spikert-bench and timing.sh read, is not rewritten to a subset)."""
    paths, missing = {}, []
    for name in names:
        path = os.path.join(directory, f"{name}.workload")
        if os.path.isfile(path) and int(wl.read_manifest(path).get("TICKS", 0)) >= ticks:
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
            paths[name] = os.path.join(own, f"{name}.workload")
    return paths
