"""The bundled demos of docs/demo: the motion network and the button model.

The motion network is the one `spikert run` replays in the README's first command; the
button model (`demo_button`) is the one of the README's Raspberry Pi walkthrough.

The motion network of docs/WORKLOADS.md is exported from a NIR graph, with an event file to
replay through it.

Network (docs/WORKLOADS.md, "motion"): 100 inputs -> 64 LIF -> 1 LIF, snnTorch `Leaky`
semantics (beta 0.9, threshold 1.0, reset by subtraction, delayed reset), weights from
numpy ``default_rng(0)`` uniform in [-0.3, 0.3), drawn in layer order with shape
[inputs, outputs]; the readout uses the magnitudes of its draws (see `graph`). The event file is a recording-like stimulus: 100 event channels that
fire with probability 0.5 per tick while something moves and 0.02 while the scene is
still (sensor noise), in alternating phases, drawn with ``default_rng(1)``.

Writes, under docs/demo/:
  motion.spkb          the exported blob
  motion-events.csv    input events, ``tick,channel``
  button.spkb, button-events.csv
                       the same two for the button model (see demo_button)

    python3 -m spikert_tools.demo [--check]

With --check nothing is written: the exit status is 1 if any committed file differs
from what the tools write today (tools/test.sh runs it).

Beside each pair, ``<name>-expected.csv`` holds the output spikes ``spikert run`` must
print for it, bit for bit. The numpy integer reference computes those from the blob's
bytes, apart from these tools: after changing a demo, run
``python3 tools/reference/expected.py`` too.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

from . import blob, demo_button, export as ex, spikefile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
OUT = os.path.join(ROOT, "docs", "demo")
DT = 1e-4
BETA = 0.9
# (ticks, moving?) phases of the stimulus
PHASES = [(100, False), (150, True), (100, False), (150, True), (100, False)]


def graph():
    import nir

    rng = np.random.default_rng(0)
    w1 = rng.uniform(-0.3, 0.3, (100, 64))
    # The readout takes the magnitudes of its draws: an excitatory readout integrates
    # the hidden layer's activity, so the single output fires while something moves and
    # stays silent on sensor noise (with signed random readout weights it would hardly
    # ever fire: 0.3 % of ticks in docs/WORKLOADS.md's benchmark version).
    w2 = np.abs(rng.uniform(-0.3, 0.3, (64, 1)))
    tau = DT / (1.0 - BETA)

    def lif(n):
        return nir.LIF(tau=np.full(n, tau), r=np.full(n, tau / DT), v_leak=np.zeros(n),
                       v_threshold=np.ones(n))

    return nir.NIRGraph(
        nodes={"input": nir.Input(input_type={"input": np.array([100])}),
               "fc1": nir.Linear(weight=w1.T), "hidden": lif(64),
               "fc2": nir.Linear(weight=w2.T), "motion": lif(1),
               "output": nir.Output(output_type={"output": np.array([1])})},
        edges=[("input", "fc1"), ("fc1", "hidden"), ("hidden", "fc2"), ("fc2", "motion"),
               ("motion", "output")])


def events() -> np.ndarray:
    rng = np.random.default_rng(1)
    frames = [rng.random((n, 100)) < (0.5 if moving else 0.02) for n, moving in PHASES]
    return np.concatenate(frames)


def build():
    frames = events()
    data, _ = ex.export(graph(), dt=DT, reset_mode="subtract", reset_timing="delayed",
                        name="motion", samples=frames.astype(np.float64), quiet=True)
    return {"motion.spkb": data, "motion-events.csv": spikefile.encode(frames)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    a = ap.parse_args(argv)
    files = build()
    files.update(demo_button.build())
    for name, data in files.items():
        if name.endswith(".spkb"):
            blob.validate(data)
    stale = []
    for name, data in files.items():
        path = os.path.join(OUT, name)
        if a.check:
            if not os.path.exists(path) or open(path, "rb").read() != data:
                stale.append(name)
        else:
            os.makedirs(OUT, exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            print(f"wrote {os.path.relpath(path, ROOT)} ({len(data)} bytes)")
    if stale:
        print("demo files out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
