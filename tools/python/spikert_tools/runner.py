"""What the example scripts that drive `spikert run` share: finding a built binary, and
building golden-format network dicts (blob.case_to_body turns them into blobs) without
repeating every population field.
"""

from __future__ import annotations

import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))

# Built binaries, most optimized first: the Embedded host build, SwiftPM release, debug.
CANDIDATES = ("out/embedded/host/spikert", ".build/release/spikert", ".build/debug/spikert")


def find_spikert(given: str | None, script: str) -> str:
    """`given`, or the first built spikert in the tree; exits with a hint if none."""
    if given:
        return given
    for p in CANDIDATES:
        full = os.path.join(ROOT, p)
        if os.path.exists(full):
            return full
    sys.exit(f"{script}: no spikert binary found; build one (swift build -c release) "
             "or pass --spikert PATH")


def population(size: int, model: str, **fields) -> dict:
    """A population with every field of the golden format, defaults 0 / subtract /
    delayed, overridden by `fields`."""
    d = {"size": size, "model": model, "threshold": 0, "beta": 0, "alpha": 0,
         "reset": "subtract", "reset_timing": "delayed", "v_reset": 0, "v_init": 0,
         "refractory": 0, "bias": 0, "adapt_inc": 0, "adapt_decay": 0,
         "izh_a": 0, "izh_b": 0, "izh_c": 0, "izh_d": 0, "v_peak": 0}
    unknown = set(fields) - set(d)
    if unknown:
        raise ValueError(f"population: unknown fields {sorted(unknown)}")
    d.update(fields)
    return d


def projection(source: int, target: int, kind: str, weights, shift: int = 0,
               delay: int = 0) -> dict:
    """A DENSE or ONE_TO_ONE projection in the golden format."""
    return {"source": source, "target": target, "kind": kind, "delay": delay, "shift": shift,
            "weights": [int(w) for w in weights], "row_ptr": [], "col": [], "conv": None}
