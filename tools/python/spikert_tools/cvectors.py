"""Golden vectors as plain text for the C tests (Tests/CABI).

usage: python3 -m spikert_tools.cvectors --out DIR [--list] [NAME ...]

Writes DIR/<NAME>.vec for every golden vector Tests/SpikeCoreTests/Golden/<NAME>.json
(and for the loader extras in Tests/SpikeCoreTests/Blobs/extras/, which are golden
networks with names or extension keys added: same inputs, same expected results). With
NAMEs only those are written; an unknown NAME is an error. DIR/INDEX then lists the
written file names, one a line, in the order given (C99 cannot list a directory, so the
C tests read INDEX). Deterministic: the same JSON
gives the same bytes. Nothing here runs the Swift code under test: every number is copied
from the golden JSON, which the numpy reference produced; only `tick_ns` and `name`
records are read from the blob file itself (with spikert_tools.blob, a Python CBOR reader),
because the JSON does not carry them.

Format (version 1). One record per line, fields separated by single spaces, integers in
decimal (signed where the quantity is signed), the seed and the hash as 0x + 16 lowercase
hex digits. A C99 program reads it with fgets/strtok/strtol. No line is empty; `#` lines
are comments. The record order is fixed: header records, then inputs, then expected
results, then `end`.

    spikert-vectors 1                   first line, the format version
    case NAME                           the .vec file stem
    source Golden/NAME.json             the JSON it was derived from
    blob REL                            blob file, relative to Tests/SpikeCoreTests/Blobs
    ticks T                             ticks to step
    seed 0xHEX                          the blob's PRNG seed (informational)
    tick_ns N                           dt of the blob (from the blob's meta map)
    populations NP                      then NP lines:
    population I SIZE MODEL             MODEL 0 input 1 lif 2 cuba 3 if 4 li 5 alif 6 izh
    projections NQ                      then NQ lines:
    projection I SOURCE TARGET DELAY
    encoders NE                         then NE lines:
    encoder I POPULATION KIND CHANNELS  KIND 0 rate 1 latency 2 delta; CHANNELS = what
                                        spk_encoder_channels must say (size, or size/2
                                        for delta)
    decoders ND                         then ND lines:
    decoder I POPULATION KIND           KIND 0 count 1 first_spike 2 membrane
    name KIND INDEX TEXT                names the blob carries (KIND 0 population,
                                        1 projection, 2 encoder, 3 decoder, as
                                        SPK_POPULATION...); TEXT is the rest of the
                                        line (no spaces in any stored name)
    input_spike TICK POP NEURON         inject before stepping TICK
    input_value TICK ENC CHANNEL VALUE  spk_encoder_set before stepping TICK
    spike TICK POP NEURON               every spike of every population (inputs too)
    membrane TICK POP N V0 ... V(N-1)   v of every neuron after TICK (non-input
                                        populations of size <= 64, every tick)
    decoder_values I N X0 ... X(N-1)    decoder I after the last tick (count; first spike
                                        with 4294967295 = none; membrane v)
    counter synaptic_events N
    counter neuron_updates N
    counter spikes N
    hash 0xHEX                          state hash after the last tick
    end

Inputs are sorted by tick with a stable sort, so within one tick they keep the JSON's
order (the order they must be applied in); spikes are sorted by (tick, population,
neuron) as in the JSON; membrane records by (tick, population).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import blob
from . import spikeref as sr

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
GOLDEN = os.path.join(ROOT, "Tests", "SpikeCoreTests", "Golden")
BLOBS = os.path.join(ROOT, "Tests", "SpikeCoreTests", "Blobs")

FORMAT_VERSION = 1

# Loader extras (spikert_tools.goldens.extras): blob under Blobs/extras -> the golden
# vector whose network it carries. tests/test_cvectors.py checks the networks are equal.
EXTRAS = {
    "names_only": "proj_dense_two_layer",
    "extensions_everywhere": "proj_dense_two_layer",
    "extensions_conv_sparse": "conv2d_geometries",
    "extensions_sparse": "proj_sparse_csr",
    "extensions_decoders": "decoders_all",
}

COUNTERS = ("synaptic_events", "neuron_updates", "spikes")
NAME_KINDS = ("populations", "projections", "encoders", "decoders")  # SPK_POPULATION...


class VectorError(Exception):
    pass


def _enum(value, names, what):
    if isinstance(value, int):
        return value
    try:
        return names.index(value)
    except ValueError:
        raise VectorError(f"unknown {what} {value!r}") from None


def _hex64(s) -> str:
    v = int(s, 16) if isinstance(s, str) else int(s)
    if not 0 <= v < 2**64:
        raise VectorError(f"not a u64: {s!r}")
    return f"0x{v:016x}"


def _ints(xs) -> str:
    return " ".join(str(int(x)) for x in xs)


def golden_names() -> list:
    return sorted(fn[:-5] for fn in os.listdir(GOLDEN) if fn.endswith(".json"))


def all_names() -> list:
    return golden_names() + sorted(EXTRAS)


def source_of(name: str) -> tuple:
    """name -> (golden JSON stem, blob path relative to BLOBS)."""
    if name in EXTRAS:
        return EXTRAS[name], f"extras/{name}.spkb"
    return name, f"{name}.spkb"


def load_case(stem: str) -> dict:
    with open(os.path.join(GOLDEN, stem + ".json"), encoding="utf-8") as f:
        return json.load(f)


def render(name: str, case: dict, blob_rel: str, blob_net: dict) -> str:
    """The .vec text for golden `case` run on the blob `blob_rel` (decoded: blob_net)."""
    pops, projs = case["populations"], case["projections"]
    encs, decs = case["encoders"], case["decoders"]
    ticks = int(case["ticks"])
    out = [f"spikert-vectors {FORMAT_VERSION}",
           f"case {name}",
           f"source Golden/{case['name']}.json",
           f"blob {blob_rel}",
           f"ticks {ticks}",
           f"seed {_hex64(case['seed'])}",
           f"tick_ns {int(blob_net['dt_ns'])}"]
    out.append(f"populations {len(pops)}")
    for i, p in enumerate(pops):
        out.append(f"population {i} {int(p['size'])} {_enum(p['model'], sr.MODELS, 'model')}")
    out.append(f"projections {len(projs)}")
    for i, q in enumerate(projs):
        out.append(f"projection {i} {int(q['source'])} {int(q['target'])} {int(q['delay'])}")
    out.append(f"encoders {len(encs)}")
    for i, e in enumerate(encs):
        kind = _enum(e["kind"], sr.ENCODERS, "encoder kind")
        size = int(pops[int(e["population"])]["size"])
        channels = size // 2 if kind == sr.ENCODERS.index("delta") else size
        out.append(f"encoder {i} {int(e['population'])} {kind} {channels}")
    out.append(f"decoders {len(decs)}")
    for i, d in enumerate(decs):
        out.append(f"decoder {i} {int(d['population'])} "
                   f"{_enum(d['kind'], sr.DECODERS, 'decoder kind')}")
    names = blob_net.get("names") or {}
    for kind, key in enumerate(NAME_KINDS):
        for idx, text in enumerate(names.get(key) or []):
            if text is None:
                continue
            if not text or any(c.isspace() for c in text) or "\0" in text:
                raise VectorError(f"{name}: name {text!r} cannot go on a vec line")
            out.append(f"name {kind} {idx} {text}")

    def in_range(t):
        if not 0 <= int(t) < ticks:
            raise VectorError(f"{name}: tick {t} outside 0..{ticks - 1}")
        return int(t)

    inputs = case["inputs"]
    for t, p, j in sorted(inputs["spikes"], key=lambda r: int(r[0])):
        out.append(f"input_spike {in_range(t)} {int(p)} {int(j)}")
    for t, e, c, v in sorted(inputs["values"], key=lambda r: int(r[0])):
        out.append(f"input_value {in_range(t)} {int(e)} {int(c)} {int(v)}")

    exp = case["expected"]
    for t, p, j in sorted(tuple(int(x) for x in r) for r in exp["spikes"]):
        out.append(f"spike {in_range(t)} {p} {j}")
    membrane = {int(p): rows for p, rows in exp["membrane"].items()}
    for p, rows in membrane.items():
        if len(rows) != ticks:
            raise VectorError(f"{name}: membrane of population {p} has {len(rows)} rows")
        for row in rows:
            if len(row) != int(pops[p]["size"]):
                raise VectorError(f"{name}: membrane row of population {p} has {len(row)} values")
    for t in range(ticks):
        for p in sorted(membrane):
            row = membrane[p][t]
            out.append(f"membrane {t} {p} {len(row)} {_ints(row)}")
    if len(exp["decoders"]) != len(decs):
        raise VectorError(f"{name}: {len(exp['decoders'])} decoder results for {len(decs)} decoders")
    for i, vals in enumerate(exp["decoders"]):
        out.append(f"decoder_values {i} {len(vals)} {_ints(vals)}")
    for c in COUNTERS:
        out.append(f"counter {c} {int(exp['counters'][c])}")
    out.append(f"hash {_hex64(exp['final_hash'])}")
    out.append("end")
    return "\n".join(out) + "\n"


def vector(name: str) -> str:
    """The .vec text of golden vector or extra `name`."""
    stem, rel = source_of(name)
    case = load_case(stem)
    return render(name, case, rel, blob.read(os.path.join(BLOBS, rel)))


def _write(path: str, text: str) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m spikert_tools.cvectors",
                                 description="Golden vectors -> DIR/<name>.vec for the C tests "
                                             "(format: this module's docstring, Tests/CABI/README.md).")
    ap.add_argument("--out", help="output directory (created if missing)")
    ap.add_argument("--list", action="store_true", help="print the available names and exit")
    ap.add_argument("names", nargs="*", help="golden vector or extras names (default: all)")
    args = ap.parse_args(argv)
    known = all_names()
    if args.list:
        print("\n".join(known))
        return 0
    if not args.out:
        ap.error("--out DIR is required")
    unknown = [n for n in args.names if n not in known]
    if unknown:
        print(f"cvectors: unknown name(s): {' '.join(unknown)} (see --list)", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    written = []
    for name in args.names or known:
        try:
            text = vector(name)
        except (VectorError, blob.BlobError, OSError, KeyError) as err:
            print(f"cvectors: {name}: {err}", file=sys.stderr)
            return 1
        _write(os.path.join(args.out, name + ".vec"), text)
        written.append(name + ".vec")
    _write(os.path.join(args.out, "INDEX"), "".join(w + "\n" for w in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
