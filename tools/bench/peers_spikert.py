"""SpikeRT side of peers.py: one spikert-bench run of one workload file.

spikert-bench does its own timing (docs/BENCHMARKS.md, "Timing"): an untimed warm-up
pass, then ``--repeat`` timed passes from ``reset()``, every tick bracketed by two
``clock_gettime(CLOCK_MONOTONIC)`` reads; median and p99 by nearest rank over all
timed ticks. Its ``--json`` line is taken as it is.
"""

from __future__ import annotations

import json
import os
import subprocess

from peers_workloads import ROOT

DEFAULT_BENCHES = ("out/embedded/host/spikert-bench", ".build/release/spikert-bench")


def default_bench() -> str | None:
    """The first of the Embedded host build and the SwiftPM release build that exists."""
    for rel in DEFAULT_BENCHES:
        path = os.path.join(ROOT, rel)
        if os.access(path, os.X_OK):
            return path
    return None


def label(path: str) -> str:
    """A short name for a binary: its folder relative to the checkout
    (out/embedded/host-x86-64-v3/spikert-bench -> host-x86-64-v3)."""
    full = os.path.abspath(path)
    rel = os.path.relpath(full, ROOT) if full.startswith(ROOT + os.sep) else full
    parts = rel.split(os.sep)
    if parts[-1] == "spikert-bench" and len(parts) > 1:
        parts = parts[:-1]
    if parts[:2] == ["out", "embedded"] and len(parts) > 2:
        parts = parts[2:]
    return "/".join(parts)


def run(bench: str, path: str, ticks: int, repeat: int) -> dict:
    """Run one workload file; the parsed JSON result (keys of BenchReport.jsonLine)."""
    cmd = [bench, "--json", "--ticks", str(ticks), "--repeat", str(repeat), path]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {done.returncode}): "
                           f"{done.stderr.strip()[-500:]}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if len(lines) != 1:
        raise RuntimeError(f"{' '.join(cmd)}: expected one JSON line, got {len(lines)}")
    result = json.loads(lines[0])
    if result["ticks"] != ticks:
        raise RuntimeError(f"{bench} ran {result['ticks']} ticks of {path}, not {ticks}")
    return result
