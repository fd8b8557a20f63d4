#!/usr/bin/env python3
"""Golden vectors as C tables for the golden runner (golden_runner.c).

usage: gen_cases.py --vectors DIR --blobs DIR --out FILE.c [--max-bytes N] [NAME ...]

Reads the .vec files (format 2, written by `python3 -m spikert_tools.cvectors --out DIR`
from the numpy reference's golden JSON; the format is described there and in
Tests/CABI/README.md) in the order of DIR/INDEX, and the blob each one names (relative
to --blobs, normally Tests/SpikeCoreTests/Blobs), and writes one C99 file with:

  - every blob as a 16-byte aligned `const uint8_t` array (flash on a board; loaded in
    place from there);
  - per case: the step table (tick at the start of each explicit step, after its actions,
    and after it), the actions, input spikes and input values keyed by step, every
    expected spike keyed by step, the recorded membranes, the quiescence string, the
    decoder values, the seven counters, the final state hash, the number of learning
    rules (a library built without learning must refuse those cases), and a digest of
    the expected spikes (FNV-1a 64 over each spike's tick as 8 little-endian bytes, then
    population and neuron as 4 little-endian bytes each, in (tick, population, neuron)
    order: what golden_runner.c computes over the spikes it sees);
  - `golden_cases[]` and `golden_case_count`.

Nothing here runs SpikeRT: every expected number is copied from the vectors.

--max-bytes N keeps the whole case list if its tables fit in N bytes, otherwise drops the
cases with the largest tables first until they fit (the rule README.md documents) and
lists the dropped ones in a comment and on stderr. Default: no limit.
"""

from __future__ import annotations

import argparse
import os
import sys

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = (1 << 64) - 1

ACTION_KINDS = {"reward": 0, "idle": 1, "power": 2, "threshold_scale": 3, "learning": 4,
                "param": 5, "reset_decoders": 6}
COUNTERS = ("ticks", "synaptic_events", "neuron_updates", "spikes", "input_spikes",
            "skipped_ticks", "plasticity_updates")


class VecError(Exception):
    pass


def fnv1a(h: int, data: bytes) -> int:
    for b in data:
        h ^= b
        h = (h * FNV_PRIME) & MASK64
    return h


def spike_digest(spikes) -> int:
    h = FNV_OFFSET
    for tick, pop, neuron in spikes:
        h = fnv1a(h, tick.to_bytes(8, "little") + pop.to_bytes(4, "little") +
                  neuron.to_bytes(4, "little"))
    return h


def parse_vec(path: str) -> dict:
    c = {"pops": [], "actions": [], "in_spikes": [], "in_values": [], "spikes": [],
         "mem": {}, "decoders": [], "counters": {}, "t0": [], "t1": []}
    with open(path, encoding="ascii") as f:
        lines = [ln.rstrip("\n") for ln in f]
    if not lines or lines[0] != "spikert-vectors 2":
        raise VecError(f"{path}: not a format-2 vector file")
    ended = False
    for n, line in enumerate(lines[1:], start=2):
        if not line or line.startswith("#"):
            continue
        f = line.split(" ")
        k = f[0]
        try:
            if k == "case":
                c["name"] = f[1]
            elif k == "blob":
                c["blob"] = f[1]
            elif k == "steps":
                c["steps"] = int(f[1])
            elif k == "population":
                if int(f[1]) != len(c["pops"]):
                    raise VecError("populations out of order")
                c["pops"].append((int(f[2]), int(f[3])))
            elif k == "step":
                s, t0, t1 = int(f[1]), int(f[2]), int(f[3])
                if s != len(c["t0"]):
                    raise VecError("steps out of order")
                c["t0"].append(t0)
                c["t1"].append(t1)
            elif k == "action":
                s, kind, args = int(f[1]), f[2], [int(x) for x in f[3:]]
                if kind not in ACTION_KINDS or len(args) > 3:
                    raise VecError(f"unknown action {kind}")
                c["actions"].append((s, ACTION_KINDS[kind], *(args + [0] * (3 - len(args)))))
            elif k == "input_spike":
                c["in_spikes"].append((int(f[1]), int(f[2]), int(f[3])))
            elif k == "input_value":
                c["in_values"].append((int(f[1]), int(f[2]), int(f[3]), int(f[4])))
            elif k == "spike":
                c["spikes"].append((int(f[1]), int(f[2]), int(f[3])))
            elif k == "membrane":
                s, p, cnt = int(f[1]), int(f[2]), int(f[3])
                vals = [int(x) for x in f[4:]]
                if len(vals) != cnt:
                    raise VecError("membrane count")
                c["mem"].setdefault(p, {})[s] = vals
            elif k == "quiescent":
                c["quiescent"] = f[1]
            elif k == "decoder_values":
                i, cnt = int(f[1]), int(f[2])
                vals = [int(x) for x in f[3:]]
                if i != len(c["decoders"]) or len(vals) != cnt:
                    raise VecError("decoder_values")
                c["decoders"].append(vals)
            elif k == "counter":
                c["counters"][f[1]] = int(f[2])
            elif k == "hash":
                c["hash"] = int(f[1], 16)
            elif k == "rules":
                c["rules"] = int(f[1])
            elif k == "end":
                ended = True
            # case/source/seed/tick_ns/power/projections/encoders/decoders/name: the
            # runner does not need them
        except (IndexError, ValueError) as err:
            raise VecError(f"{path}:{n}: {err}") from None
    if not ended:
        raise VecError(f"{path}: no end record")
    for key in ("name", "blob", "steps", "quiescent", "hash"):
        if key not in c:
            raise VecError(f"{path}: no {key} record")
    if len(c["t0"]) != c["steps"] or len(c["quiescent"]) != c["steps"]:
        raise VecError(f"{path}: step table or quiescence does not cover {c['steps']} steps")
    for name in COUNTERS:
        if name not in c["counters"]:
            raise VecError(f"{path}: no counter {name}")
    # expected spikes by explicit step: the tick of a spike is its step's start tick
    step_of = {}
    for s, t0 in enumerate(c["t0"]):
        step_of.setdefault(t0, s)
    keyed = []
    for tick, pop, neuron in c["spikes"]:
        if tick not in step_of:
            raise VecError(f"{path}: spike at tick {tick}, which no step starts at")
        keyed.append((step_of[tick], pop, neuron))
    c["spike_steps"] = keyed
    c["digest"] = spike_digest(c["spikes"])
    for p, rows in c["mem"].items():
        if sorted(rows) != list(range(c["steps"])):
            raise VecError(f"{path}: membranes of population {p} do not cover every step")
    return c


def table_bytes(c: dict, blob_len: int) -> int:
    """Rough size of a case's tables in the image (for --max-bytes)."""
    mem = sum(len(v) for rows in c["mem"].values() for v in rows.values())
    return (blob_len + 16 * c["steps"] + 32 * len(c["actions"]) + 8 * len(c["in_spikes"]) +
            12 * len(c["in_values"]) + 8 * len(c["spikes"]) + 4 * mem + c["steps"] +
            8 * sum(len(d) for d in c["decoders"]) + 200)


def c_ident(name: str) -> str:
    out = "".join(ch if ch.isalnum() else "_" for ch in name)
    return "c_" + out


def rows(items, per_line, fmt):
    out = []
    for i in range(0, len(items), per_line):
        out.append("    " + " ".join(fmt(x) for x in items[i:i + per_line]))
    return "\n".join(out)


def emit_case(c: dict, blob: bytes) -> tuple:
    """(definitions text, initializer of the golden_case entry)."""
    cid = c_ident(c["name"])
    d = []
    d.append(f"/* {c['name']}: {c['steps']} steps, {len(c['spikes'])} spikes, blob {c['blob']} */")
    d.append(f"static const uint8_t {cid}_blob[{len(blob)}] GOLDEN_ALIGNED16 = {{")
    d.append(rows(list(blob), 16, lambda b: f"0x{b:02x},"))
    d.append("};")
    d.append(f"static const uint64_t {cid}_t0[{c['steps']}] = {{")
    d.append(rows(c["t0"], 8, lambda t: f"{t}u,"))
    d.append("};")
    d.append(f"static const uint64_t {cid}_t1[{c['steps']}] = {{")
    d.append(rows(c["t1"], 8, lambda t: f"{t}u,"))
    d.append("};")
    d.append(f"static const uint32_t {cid}_pop_size[{len(c['pops'])}] = {{")
    d.append(rows([p[0] for p in c["pops"]], 12, lambda v: f"{v}u,"))
    d.append("};")

    def arr(kind, name, items, fmt, per_line):
        if not items:
            return "NULL"
        d.append(f"static const {kind} {cid}_{name}[{len(items)}] = {{")
        d.append(rows(items, per_line, fmt))
        d.append("};")
        return f"{cid}_{name}"

    actions = arr("golden_action", "actions", c["actions"],
                  lambda a: f"{{{a[0]}u, {a[1]}u, {a[2]}, {a[3]}, {a[4]}}},", 2)
    ins = arr("golden_event", "in_spikes", c["in_spikes"],
              lambda e: f"{{{e[0]}u, {e[1]}u, {e[2]}u}},", 6)
    vals = arr("golden_value", "in_values", c["in_values"],
               lambda v: f"{{{v[0]}u, {v[1]}u, {v[2]}u, {v[3]}}},", 4)
    spikes = arr("golden_event", "spikes", c["spike_steps"],
                 lambda e: f"{{{e[0]}u, {e[1]}u, {e[2]}u}},", 6)
    mem_pops = sorted(c["mem"])
    flat = []
    for s in range(c["steps"]):
        for p in mem_pops:
            row = c["mem"][p][s]
            if len(row) != c["pops"][p][0]:
                raise VecError(f"{c['name']}: membrane row of population {p} has {len(row)} values")
            flat.extend(row)
    mpops = arr("uint32_t", "mem_pops", mem_pops, lambda v: f"{v}u,", 12)
    mem = arr("int32_t", "mem", flat, lambda v: f"{v},", 10)
    dec_count = arr("uint32_t", "dec_count", [len(x) for x in c["decoders"]],
                    lambda v: f"{v}u,", 12)
    dec_flat = [v for x in c["decoders"] for v in x]
    dec_values = arr("int64_t", "dec_values", dec_flat, lambda v: f"INT64_C({v}),", 6)
    counters = ", ".join(f"{c['counters'][k]}u" for k in COUNTERS)
    entry = (f"    {{\"{c['name']}\", {cid}_blob, {len(blob)}u, {c['steps']}u, {cid}_t0, {cid}_t1,\n"
             f"     {len(c['pops'])}u, {cid}_pop_size,\n"
             f"     {len(c['actions'])}u, {actions}, {len(c['in_spikes'])}u, {ins},\n"
             f"     {len(c['in_values'])}u, {vals}, {len(c['spike_steps'])}u, {spikes},\n"
             f"     {len(mem_pops)}u, {mpops}, {mem}, \"{c['quiescent']}\",\n"
             f"     {len(c['decoders'])}u, {dec_count}, {dec_values},\n"
             f"     {{{counters}}}, 0x{c['hash']:016x}u, 0x{c['digest']:016x}u,\n"
             f"     {c.get('rules', 0)}u}},")
    return "\n".join(d), entry


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vectors", required=True, help="directory of .vec files with INDEX")
    ap.add_argument("--blobs", required=True, help="Tests/SpikeCoreTests/Blobs")
    ap.add_argument("--out", required=True, help="the C file to write")
    ap.add_argument("--max-bytes", type=int, default=0, help="size budget of the tables")
    ap.add_argument("names", nargs="*", help="only these cases (default: all of INDEX)")
    args = ap.parse_args(argv)

    with open(os.path.join(args.vectors, "INDEX"), encoding="ascii") as f:
        files = [ln.strip() for ln in f if ln.strip()]
    if args.names:
        wanted = {n + ".vec" for n in args.names}
        unknown = wanted - set(files)
        if unknown:
            print(f"gen_cases: not in INDEX: {' '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        files = [x for x in files if x in wanted]
    cases = []
    try:
        for fn in files:
            c = parse_vec(os.path.join(args.vectors, fn))
            with open(os.path.join(args.blobs, c["blob"]), "rb") as bf:
                blob = bf.read()
            cases.append((c, blob, table_bytes(c, len(blob))))
    except (VecError, OSError) as err:
        print(f"gen_cases: {err}", file=sys.stderr)
        return 1
    dropped = []
    if args.max_bytes:
        while cases and sum(x[2] for x in cases) > args.max_bytes:
            big = max(range(len(cases)), key=lambda i: (cases[i][2], cases[i][0]["name"]))
            dropped.append(cases.pop(big))
    total = sum(x[2] for x in cases)

    out = ["/* Generated by cross/firmware/mps2-an386/gen_cases.py from the golden vectors",
           f" * ({os.path.basename(os.path.normpath(args.vectors))}/INDEX): {len(cases)} cases,"
           f" about {total} bytes of tables.",
           " * Do not edit. */",
           "#include \"golden_runner.h\"", ""]
    if dropped:
        out.append("/* Left out to fit --max-bytes, largest tables first: " +
                   ", ".join(f"{c['name']} ({n} B)" for c, _, n in dropped) + " */")
        print("gen_cases: left out to fit " + str(args.max_bytes) + " bytes: " +
              " ".join(c["name"] for c, _, _ in dropped), file=sys.stderr)
    entries = []
    for c, blob, _ in cases:
        defs, entry = emit_case(c, blob)
        out.append(defs)
        out.append("")
        entries.append(entry)
    out.append(f"const golden_case golden_cases[{max(len(entries), 1)}] = {{")
    out.extend(entries if entries else ["    {0}"])
    out.append("};")
    out.append(f"const uint32_t golden_case_count = {len(entries)}u;")
    out.append(f"const uint32_t golden_cases_left_out = {len(dropped)}u;")
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    os.replace(tmp, args.out)
    print(f"gen_cases: {len(cases)} cases, about {total} bytes of tables -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
