"""The files of a reference workload (docs/WORKLOADS.md, "Files"), written and read back
for tools/workloads.py, and the numpy reference's run of a written blob.

The blobs come from the exporter's blob writer (tools/python/spikert_tools), the
checksums from the numpy reference (tools/reference) reading the blob's bytes with its
own reader: the two meet only at docs/model.cddl, and spikert-bench must agree with
both.
"""

from __future__ import annotations

import os
import struct
import sys

import numpy as np

TOOLS = os.path.dirname(os.path.abspath(__file__))
DT_NS = 1_000_000  # 1 ms; the benchmark steps as fast as it can, dt only labels time

INPUT, LIF, IZH = 0, 1, 6  # docs/SEMANTICS.md 2.1 model numbers
MODEL_NAMES = {INPUT: "input", LIF: "lif", IZH: "izh"}
DENSE, SPARSE = 0, 1

# The learning variant's rule on every projection (blob units, docs/model.cddl): pair
# STDP with nearest-spike traces, tau = 20 ticks both ways (decay round(e^(-1/20) *
# 65536)), additive steps of 1/16 weight step for potentiation and slightly more for
# depression, hard bounds at the int8 limits (so inhibitory weights stay possible).
LEARNING_RULE = {"rule": "stdp_nearest", "a_plus": 4096, "a_minus": 4300,
                 "decay_pre": 62339, "decay_post": 62339, "w_min": -128, "w_max": 127,
                 "bounds": "hard"}


def case(net, learning: bool = False) -> dict:
    """The network (a workloads.Net) as the exporter's network dict (the form of
    Tests/SpikeCoreTests/Golden/README.md): every LIF population with delayed subtract
    reset, no refractory period, no bias, seed 0, no encoders or decoders (the benchmark
    injects the input spikes and reads the output population itself). Fields at the
    schema's default are left out."""
    pops = []
    for p in net.populations:
        d = {"size": p.size, "model": MODEL_NAMES[p.model]}
        if p.model == LIF:
            d.update(threshold=p.threshold, beta=p.beta, reset="subtract",
                     reset_timing="delayed")
        elif p.model == IZH:
            a, b, c, dd, peak = p.izh
            d.update(v_init=p.v_init, izh_a=a, izh_b=b, izh_c=c, izh_d=dd, v_peak=peak)
        pops.append(d)
    projs = []
    for q in net.projections:
        d = {"source": q.source, "target": q.target, "kind": "dense" if q.kind == DENSE
             else "sparse", "delay": q.delay, "shift": q.shift, "weights": q.stored_weights()}
        if q.kind == SPARSE:
            d["row_ptr"] = np.concatenate([[0], np.cumsum(q.mask.sum(axis=1))])
            d["col"] = np.nonzero(q.mask)[1]
        projs.append(d)
    what = "pair STDP on every projection" if learning else "frozen"
    out = {"name": net.name + ("+STDP" if learning else ""), "seed": 0,
           "description": f"reference workload {net.name} of docs/WORKLOADS.md ({what})",
           "populations": pops, "projections": projs}
    if learning:
        out["plasticity"] = [dict(LEARNING_RULE, projection=j) for j in range(len(projs))]
    return out


def population_names(net) -> list[str]:
    """input, hidden (hidden1, hidden2, ... when there are several), output."""
    hidden = len(net.populations) - 2
    return (["input"] + [f"hidden{k + 1}" if hidden > 1 else "hidden" for k in range(hidden)]
            + ["output"])


def exporter_on_path() -> None:
    """The exporter's package (tools/python/spikert_tools) importable from a checkout."""
    if os.path.join(TOOLS, "python") not in sys.path:
        sys.path.insert(0, os.path.join(TOOLS, "python"))


def encode(net, learning: bool = False) -> bytes:
    """The model blob of the network, by the exporter's blob writer, CDDL-checked."""
    exporter_on_path()
    from spikert_tools import blob

    body = blob.case_to_body(case(net, learning), dt_ns=DT_NS,
                             names={"populations": population_names(net)})
    data = blob.encode(body)
    blob.validate(data)
    return data


def spike_file(frames: np.ndarray) -> bytes:
    """The input frames as a spike file (docs/EXPORT.md), by the exporter's writer: a
    header line, then ``tick,channel`` per input spike in tick order."""
    exporter_on_path()
    from spikert_tools import spikefile

    return spikefile.encode(frames)


def manifest(name: str, ticks: int, activity: list[float]) -> str:
    """The KEY=VALUE file that ties a workload's files together (boards/README.md's
    format; spikert-bench reads it with SpikeIO's KeyValueFile)."""
    ppm = ",".join(str(round(a * 1e6)) for a in activity)
    return (f"# {name}: a reference workload of docs/WORKLOADS.md, written by"
            f" tools/workloads.py\n"
            f"NAME={name}\nMODEL={name}.spkb\nLEARNING_MODEL={name}+STDP.spkb\n"
            f"INPUT={name}-events.csv\nTICKS={ticks}\n"
            f"# float32 reference: neurons spiking per tick, parts per million, per\n"
            f"# population after the input\nFLOAT_ACTIVITY_PPM={ppm}\n")


def read_manifest(path: str) -> dict[str, str]:
    """The KEY=VALUE lines of a .workload file (comments and blank lines skipped), for
    the Python side; spikert-bench reads it with SpikeIO's KeyValueFile."""
    out = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                key, _, value = line.partition("=")
                out[key] = value
    return out


# ---- the integer reference ------------------------------------------------------------


def reference_run(data: bytes, frames: np.ndarray):
    """Run a model blob in the numpy reference (tools/reference/spikeref.py), read by the
    reference's own reader (blobread.py) from the blob's bytes, and return (activity per
    non-input population, checksum, state hash) as spikert-bench computes them:
    population 0 gets the frames' spikes, the last population is the output."""
    if os.path.join(TOOLS, "reference") not in sys.path:
        sys.path.insert(0, os.path.join(TOOLS, "reference"))
    import blobread
    import spikeref

    spec = blobread.network(data)
    sizes = [p["size"] for p in spec["populations"]]
    net = spikeref.Network(spec)
    out = len(sizes) - 1
    totals = np.zeros(len(sizes))
    h = spikeref.FNV_OFFSET
    for t in range(frames.shape[0]):
        for j in np.flatnonzero(frames[t]):
            net.inject(0, int(j))
        net.step()
        for k in range(1, len(sizes)):
            totals[k] += len(net.spikes(k)) / sizes[k]
        for j in net.spikes(out):
            h = spikeref.fnv1a64(struct.pack("<QI", t, int(j)), h)
    state = net.state_hash()
    checksum = spikeref.fnv1a64(struct.pack("<Q", state), h)
    return list(totals[1:] / frames.shape[0]), checksum, state


def write(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
