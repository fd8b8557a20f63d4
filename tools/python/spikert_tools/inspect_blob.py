"""spikert-inspect BLOB [--json]: structure, parameters and memory of a SpikeRT blob.

The arena size is *computed* here by mirroring SpikeCore's placement code, not measured
by running it: Sources/SpikeCore/NetworkLayout.swift (the order of `cursor.take` calls),
ArenaCursor.swift (every block rounded up to 16 bytes, zero-size blocks take nothing)
and PopulationRuntime.swift (spike-list slots: the smallest power of two > history
depth). The record strides are those of the Swift structs on a 64-bit target
(PopulationRuntime 256, ProjectionRuntime 200, EncoderRuntime 40, DecoderRuntime 24,
PlasticityRuntime 128 bytes; checked with MemoryLayout<T>.stride on x86_64 for
SpikeCore as of commit 836631a) and on a 32-bit target (192, 100, 24, 12, 92: derived
by the same layout rules, Int and pointers 4 bytes; not checked on a 32-bit build).
If NetworkLayout changes, this mirror must change with it.

Learning rules (SEMANTICS.md 11) add a PlasticityRuntime record each, their traces
(pre n_src + post n_tgt Int32, R-STDP also eligibility Int32 + stamp UInt32 per
synapse), 2 x the largest target Int32 of scratch, the largest source UInt8 of row
flags, and a copy of every ruled projection's weights even when the other tensors are
used in place.
"""

from __future__ import annotations

import argparse
import json
import sys

import math

from . import blob
from . import schema
from .closedpipe import survives_closed_stdout

ALIGN = 16
# MemoryLayout<T>.stride of the runtime records, per pointer width
STRIDES = {64: {"population": 256, "projection": 200, "encoder": 40, "decoder": 24,
                "plasticity": 128},
           32: {"population": 192, "projection": 100, "encoder": 24, "decoder": 12,
                "plasticity": 92}}


def _take(used, elem, count):
    if count <= 0:
        return used
    return used + ((elem * count + ALIGN - 1) & ~(ALIGN - 1))


def arena_size(net: dict, *, bits: int = 64, tensors_in_place: bool = False) -> int:
    """Bytes of arena `Network.arenaSize(for:)` returns for this network (mirror of
    NetworkLayout.init)."""
    st = STRIDES[bits]
    pops, projs = net["populations"], net["projections"]
    encs, decs = net["encoders"], net["decoders"]
    P, Q = len(pops), len(projs)
    u = 0
    u = _take(u, st["population"], P)
    u = _take(u, st["projection"], Q)
    u = _take(u, st["encoder"], len(encs))
    u = _take(u, st["decoder"], len(decs))
    rules = net.get("plasticity") or []
    u = _take(u, st["plasticity"], len(rules))
    ruled = {r["projection"] for r in rules}
    u = _take(u, 2, Q)   # incoming: UInt16 per projection
    u = _take(u, 2, P)   # order
    u = _take(u, 1, P)   # placed
    needs_wide, largest = False, 0
    for i, p in enumerate(pops):
        n = p["size"]
        model = schema.MODELS.index(p["model"]) if isinstance(p["model"], str) else p["model"]
        depth = max([q["delay"] for q in projs if q["source"] == i], default=0)
        fan_in = sum(1 for q in projs if q["target"] == i)
        needs_wide |= fan_in > 1
        largest = max(largest, n)
        slots = 1
        while slots <= depth:
            slots <<= 1
        is_input = model == schema.INPUT
        u = _take(u, 4, 0 if is_input else n)                         # v
        u = _take(u, 4, n if model in (schema.CUBA, schema.ALIF, schema.IZH) else 0)  # aux
        u = _take(u, 2, n if model not in (schema.INPUT, schema.LI) else 0)   # refractory
        u = _take(u, 1, n)                                            # spiked
        u = _take(u, 1, n if is_input else 0)                         # pending
        u = _take(u, 4, 0 if is_input else n)                         # current
        u = _take(u, 2, n * slots)                                    # spike lists
        u = _take(u, 4, slots)                                        # spike counts
    if needs_wide:
        u = _take(u, 8, largest)
    dense_targets = [pops[q["target"]]["size"] for q in projs
                     if q["kind"] in ("dense", schema.DENSE)]
    u = _take(u, 2, max(dense_targets, default=0))   # Int16 partial sums of DENSE delivery
    seen_target = set()
    for j, q in enumerate(projs):
        n_tgt = pops[q["target"]]["size"]
        if q["target"] in seen_target:
            u = _take(u, 4, n_tgt)  # own accumulator
        seen_target.add(q["target"])
        if tensors_in_place and j in ruled:
            u = _take(u, 1, len(q["weights"]))  # learning writes the arena's own copy
        if not tensors_in_place:
            u = _take(u, 1, len(q["weights"]))
            kind = schema.KINDS.index(q["kind"]) if isinstance(q["kind"], str) else q["kind"]
            if kind == schema.SPARSE:
                u = _take(u, 4, len(q["row_ptr"]))
                u = _take(u, 2, len(q["col"]))
    for e in encs:
        n = pops[e["population"]]["size"]
        ch = n // 2 if e["kind"] in ("delta", schema.DELTA) else n
        u = _take(u, 4, ch)
        if e["kind"] not in ("rate", schema.RATE):
            u = _take(u, 4, ch)
    for d in decs:
        if d["kind"] not in ("membrane", schema.MEMBRANE):
            u = _take(u, 4, pops[d["population"]]["size"])
    largest_target = largest_source = 0
    for r in rules:
        q = projs[r["projection"]]
        n_src, n_tgt = pops[q["source"]]["size"], pops[q["target"]]["size"]
        largest_target = max(largest_target, n_tgt)
        largest_source = max(largest_source, n_src)
        u = _take(u, 4, n_src)   # pre traces
        u = _take(u, 4, n_tgt)   # post traces
        if r["rule"] in ("rstdp_nearest", "rstdp_all", 2, 3):
            u = _take(u, 4, len(q["weights"]))  # eligibility
            u = _take(u, 4, len(q["weights"]))  # stamps
    if rules:
        u = _take(u, 4, 2 * largest_target)     # depression scratch
        u = _take(u, 1, largest_source)         # row flags
    return u


def _conv_axis_pairs(n_in: int, k: int, stride: int, pad: int) -> int:
    """(output position, kernel tap) pairs of one axis that land inside the input:
    o * stride - pad + tap in 0..n_in-1 (SEMANTICS.md 2.4)."""
    n_out = (n_in + 2 * pad - k) // stride + 1
    return sum(1 for o in range(max(n_out, 0)) for tap in range(k)
               if 0 <= o * stride - pad + tap < n_in)


def synapses(q, pops):
    kind = q["kind"]
    if kind == "conv2d":
        g = q["conv"]
        return (_conv_axis_pairs(g["in_h"], g["k_h"], g["stride_h"], g["pad_h"])
                * _conv_axis_pairs(g["in_w"], g["k_w"], g["stride_w"], g["pad_w"])
                * g["in_c"] * g["out_c"])
    if kind == "dense":
        return pops[q["source"]]["size"] * pops[q["target"]]["size"]
    return len(q["weights"])


def tau_ticks(decay: int) -> float:
    """Time constant (ticks) of a Q16 per-tick decay: -1/ln(decay/65536); 0 for decay 0,
    inf for 65536 (the inverse of the exporter's tau -> decay)."""
    if decay <= 0:
        return 0.0
    if decay >= 65536:
        return math.inf
    return -1.0 / math.log(decay / 65536)


def _json_tau(t: float):
    return None if math.isinf(t) else float(f"{t:.6g}")


def _summary(values) -> dict:
    """count, nonzero, min, max, mean of a trace."""
    n = len(values)
    nz = sum(1 for v in values if v)
    return {"count": n, "nonzero": nz, "min": min(values) if n else 0,
            "max": max(values) if n else 0,
            "mean": round(sum(values) / n, 2) if n else 0.0}


def state_summary(net: dict) -> dict:
    """What a checkpoint holds: tick, counters, spikes in the last tick, and per learning
    rule its traces (pre x_i, post y_j; 65536 = one spike) and R-STDP eligibility."""
    st = net["state"]
    out = {"tick": st["tick"], "decoder_window_start": st.get("decoder_window_start", 0),
           "counters": st.get("counters"),
           "spiking_last_tick": [sum(p["spiked"]) for p in st["populations"]],
           "traces": []}
    for k, rs in enumerate(st.get("plasticity") or []):
        t = {"rule": k, "projection": net["plasticity"][k]["projection"],
             "pre": _summary(rs["pre"]), "post": _summary(rs["post"])}
        if "eligibility" in rs:
            t["eligibility"] = _summary(rs["eligibility"])
            t["stamps"] = {"min": min(rs["stamps"], default=0),
                           "max": max(rs["stamps"], default=0)}
        out["traces"].append(t)
    return out


def _check_indices(net: dict) -> None:
    """The population indices this page follows are in range. Only that: the full
    semantic check of SEMANTICS.md 9 is the runtime's (`spikert validate`)."""
    n = len(net["populations"])
    refs = [(f"projections[{k}].{f}", q[f]) for k, q in enumerate(net["projections"])
            for f in ("source", "target")]
    refs += [(f"{kind}[{k}].population", x["population"])
             for kind in ("encoders", "decoders") for k, x in enumerate(net[kind])]
    for where, value in refs:
        if not 0 <= value < n:
            raise blob.BlobError(f"{where}={value}: no such population (the network has {n})")
    for k, q in enumerate(net["projections"]):
        if q["kind"] == "conv2d" and q["conv"] is None:
            raise blob.BlobError(f"projections[{k}]: CONV2D without its geometry (key 8)")


def describe(path: str) -> dict:
    with open(path, "rb") as f:
        data = f.read()
    net = blob.read(data)
    _check_indices(net)
    pops, projs = net["populations"], net["projections"]
    names = net["names"]
    out = {"file": path, "bytes": len(data),
           "meta": {"name": net["name"], "producer": net["producer"], "dt_ns": net["dt_ns"],
                    "description": net["description"]},
           "seed": net["seed"], "populations": [], "projections": [], "encoders": [],
           "decoders": [], "plasticity": [], "power": dict(net["power"])}
    for k, p in enumerate(pops):
        params = {f: p[f] for f in schema.POP_FIELDS[2:] if p[f] != 0 or f in ("beta",)}
        out["populations"].append({"index": k, "name": names["populations"][k],
                                   "model": p["model"], "size": p["size"], "params": params})
    total_w, total_syn = 0, 0
    for k, q in enumerate(projs):
        syn = synapses(q, pops)
        total_w += len(q["weights"])
        total_syn += syn
        shape = (f"{pops[q['source']]['size']}x{pops[q['target']]['size']}"
                 if q["kind"] in ("dense", "sparse") else
                 "x".join(str(q["conv"][f]) for f in ("k_h", "k_w", "in_c", "out_c"))
                 if q["kind"] == "conv2d" else str(len(q["weights"])))
        out["projections"].append({
            "index": k, "name": names["projections"][k], "source": q["source"],
            "target": q["target"], "kind": q["kind"], "shape": shape, "shift": q["shift"],
            "delay": q["delay"], "plastic": bool(q.get("plastic")), "weights": len(q["weights"]),
            "synapses": syn, "conv": q["conv"]})
    for k, e in enumerate(net["encoders"]):
        out["encoders"].append(dict(e, name=names["encoders"][k]))
    for k, d in enumerate(net["decoders"]):
        out["decoders"].append(dict(d, name=names["decoders"][k]))
    for k, r in enumerate(net["plasticity"]):
        d = dict(r, index=k, projection_name=names["projections"][r["projection"]])
        for f in ("decay_pre", "decay_post", "decay_elig"):
            d["tau_" + f[6:]] = _json_tau(tau_ticks(r[f]))
        d["a_plus_steps"] = r["a_plus"] / 65536
        d["a_minus_steps"] = r["a_minus"] / 65536
        out["plasticity"].append(d)
    out["power"]["threshold_scale_factor"] = net["power"]["threshold_scale"] / 65536
    if net["state"] is not None:
        out["state"] = state_summary(net)
    neurons = sum(p["size"] for p in pops)
    tensor_bytes = sum(len(q["weights"]) + 4 * len(q["row_ptr"]) + 2 * len(q["col"])
                       for q in projs)
    arena = arena_size(net)
    arena_xip = arena_size(net, tensors_in_place=True)
    out["memory"] = {
        "neurons": neurons, "synapses": total_syn, "weight_bytes": total_w,
        "tensor_bytes": tensor_bytes,
        "bytes_per_synapse": round(tensor_bytes / total_syn, 4) if total_syn else 0,
        "arena_bytes_64bit": arena, "arena_bytes_64bit_in_place": arena_xip,
        "arena_bytes_32bit": arena_size(net, bits=32),
        "arena_bytes_per_neuron": round(arena_xip / neurons, 2),
        "arena_note": "computed by mirroring Sources/SpikeCore/NetworkLayout.swift, not "
                      "measured; 'in_place' = read-only tensors used from the blob",
    }
    return out


def render(d: dict) -> str:
    m = d["meta"]
    lines = [f"{d['file']}: {d['bytes']} bytes, model '{m['name']}' by {m['producer']}, "
             f"dt {m['dt_ns']} ns, seed {d['seed']}"]
    if m["description"]:
        lines.append(f"  {m['description']}")
    lines.append(f"populations ({len(d['populations'])}):")
    for p in d["populations"]:
        params = " ".join(f"{k}={v}" for k, v in p["params"].items())
        lines.append(f"  [{p['index']}] {p['name'] or '':12s} {p['model']:6s} n={p['size']:<6d} "
                     f"{params}")
    lines.append(f"projections ({len(d['projections'])}):")
    for q in d["projections"]:
        lines.append(f"  [{q['index']}] {q['name'] or '':16s} {q['source']}->{q['target']} "
                     f"{q['kind']:10s} shape={q['shape']:12s} shift={q['shift']:<2d} "
                     f"delay={q['delay']:<3d} plastic={'yes' if q['plastic'] else 'no'} "
                     f"synapses={q['synapses']}")
    if d["encoders"]:
        lines.append("encoders: " + ", ".join(
            f"{e['kind']} on {e['population']} (param {e['param']})" for e in d["encoders"]))
    if d["decoders"]:
        lines.append("decoders: " + ", ".join(
            f"{x['kind']} on {x['population']}" + (f" '{x['name']}'" if x["name"] else "")
            for x in d["decoders"]))
    if d["plasticity"]:
        lines.append(f"plasticity ({len(d['plasticity'])}):")
    for r in d["plasticity"]:
        def tau(f):
            t = r["tau_" + f]
            return "inf" if t is None else f"{t:g}"
        line = (f"  [{r['index']}] projection {r['projection']}"
                + (f" '{r['projection_name']}'" if r["projection_name"] else "")
                + f" {r['rule']:13s} a_plus={r['a_plus']} ({r['a_plus_steps']:g} steps) "
                  f"a_minus={r['a_minus']} ({r['a_minus_steps']:g} steps) "
                  f"decay_pre={r['decay_pre']} (tau {tau('pre')} ticks) "
                  f"decay_post={r['decay_post']} (tau {tau('post')} ticks) "
                  f"w={r['w_min']}..{r['w_max']} {r['bounds']}")
        if r["rule"].startswith("rstdp"):
            line += (f" learning_rate={r['learning_rate']} decay_elig={r['decay_elig']} "
                     f"(tau {tau('elig')} ticks)")
        if r["norm_target"]:
            line += f" norm_target={r['norm_target']}"
        line += "" if r["enabled"] else " DISABLED"
        lines.append(line)
    pw = d["power"]
    lines.append(f"power: {pw['mode']} (low-power fold {pw['fold']}, threshold scale "
                 f"{pw['threshold_scale']} = x{pw['threshold_scale_factor']:g})")
    if "state" in d:
        st = d["state"]
        c = st["counters"]
        lines.append(f"checkpoint: tick {st['tick']}, decoder window from "
                     f"{st['decoder_window_start']}, spiking in the last tick per population "
                     f"{st['spiking_last_tick']}")
        if c:
            lines.append("  counters: " + " ".join(f"{k}={v}" for k, v in c.items()))
        for t in st["traces"]:
            def fmt(name, x):
                return (f"{name} {x['nonzero']}/{x['count']} nonzero, {x['min']}..{x['max']}, "
                        f"mean {x['mean']:g}")
            line = (f"  rule [{t['rule']}] traces: " + fmt("pre", t["pre"]) + "; "
                    + fmt("post", t["post"]))
            if "eligibility" in t:
                line += ("; " + fmt("eligibility", t["eligibility"])
                         + f"; stamps {t['stamps']['min']}..{t['stamps']['max']}")
            lines.append(line)
    mem = d["memory"]
    lines.append(f"memory: {mem['neurons']} neurons, {mem['synapses']} synapses, "
                 f"{mem['weight_bytes']} weight bytes ({mem['tensor_bytes']} tensor bytes, "
                 f"{mem['bytes_per_synapse']} B/synapse)")
    lines.append(f"arena (computed from the NetworkLayout mirror, 64-bit): "
                 f"{mem['arena_bytes_64bit']} bytes with tensors copied, "
                 f"{mem['arena_bytes_64bit_in_place']} with tensors in place "
                 f"({mem['arena_bytes_per_neuron']} B/neuron); 32-bit: "
                 f"{mem['arena_bytes_32bit']} bytes")
    return "\n".join(lines)


@survives_closed_stdout
def main(argv=None):
    ap = argparse.ArgumentParser(prog="spikert-inspect", description="Describe a SpikeRT blob.")
    ap.add_argument("blob")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    a = ap.parse_args(argv)
    try:
        d = describe(a.blob)
    except (blob.BlobError, ValueError, OSError) as err:
        print(f"spikert-inspect: {err}", file=sys.stderr)
        return 2
    print(json.dumps(d, indent=2) if a.json else render(d))
    return 0


if __name__ == "__main__":
    sys.exit(main())
