"""Golden blobs: Tests/SpikeCoreTests/Blobs/<name>.spkb for every golden vector
Tests/SpikeCoreTests/Golden/<name>.json, a few extension-key blobs in Blobs/extras/, and
the exported NIR sample networks in Blobs/nir/ (see spikert_tools.nirsamples).

A golden case's optional "plasticity" (learning rules) and "power" keys go into the
blob as body keys 6 and 8 (blob.case_to_body; a rule also marks its projection plastic).

usage: python3 -m spikert_tools.goldens [--check] [--no-nir]

Deterministic: a rerun writes identical bytes. Every blob is validated against
docs/model.cddl before it is written. With --check nothing is written; the exit status
is 1 if any file is missing or differs from what would be written.
"""

from __future__ import annotations

import json
import os
import sys

from . import blob

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
GOLDEN = os.path.join(ROOT, "Tests", "SpikeCoreTests", "Golden")
BLOBS = os.path.join(ROOT, "Tests", "SpikeCoreTests", "Blobs")


def golden_cases():
    for fn in sorted(os.listdir(GOLDEN)):
        if fn.endswith(".json"):
            with open(os.path.join(GOLDEN, fn), encoding="utf-8") as f:
                yield fn[:-5], json.load(f)


def golden_blob(case: dict) -> bytes:
    return blob.encode(blob.case_to_body(case))


# Extension values of every CBOR major type a reader must be able to skip, nested.
_EXT_VALUES = {
    -1: "vendor note",
    -2: [1, -2, [3, {4: "x"}], b"\x00\x01"],
    -3: {"k": 1.5, 7: [None, True, False], -9: {-1: []}},
    -100: blob.tensor(blob.TAG_I32, [1, -1, 2**31 - 1]),
    -70000: 2**40,
}


def extras() -> dict:
    """name -> blob bytes of the loader skip-path blobs (each is a golden network)."""
    cases = dict(golden_cases())
    out = {}
    base = cases["proj_dense_two_layer"]
    names = {"populations": [f"layer{k}" for k in range(len(base["populations"]))],
             "projections": [f"w{k}" for k in range(len(base["projections"]))],
             "encoders": ["in"] * len(base["encoders"]),
             "decoders": [f"out{k}" for k in range(len(base["decoders"]))]}
    everywhere = {place: _EXT_VALUES for place in
                  ("body", "meta", "population", "projection", "encoder", "decoder")}
    for name, src, kw in [
        ("names_only", "proj_dense_two_layer", {"names": names}),
        ("extensions_everywhere", "proj_dense_two_layer",
         {"names": names, "extensions": everywhere}),
        ("extensions_conv_sparse", "conv2d_geometries",
         {"extensions": {"body": {-1: "conv"}, "projection": {-5: [b"", {}]}}}),
        ("extensions_sparse", "proj_sparse_csr",
         {"extensions": {"population": {-1: 0}, "projection": {-2: {-3: -4}}}}),
        ("extensions_decoders", "decoders_all",
         {"extensions": {"decoder": {-1: "readout"}, "encoder": {-1: 1}, "meta": {-7: 7}}}),
    ]:
        case = dict(cases[src])
        case["description"] = (f"same network as Golden/{src}.json, with "
                               + ("names" if "extensions" not in kw else "extension keys")
                               + f" ({name})")
        out[name] = blob.encode(blob.case_to_body(case, **kw))
    return out


def _sync(path: str, data: bytes, check: bool, problems: list) -> None:
    if check:
        try:
            with open(path, "rb") as f:
                if f.read() != data:
                    problems.append(f"stale: {os.path.relpath(path, ROOT)}")
        except FileNotFoundError:
            problems.append(f"missing: {os.path.relpath(path, ROOT)}")
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    check = "--check" in argv
    problems: list[str] = []
    expected = set()
    for name, case in golden_cases():
        data = golden_blob(case)
        blob.validate(data)
        path = os.path.join(BLOBS, name + ".spkb")
        expected.add(path)
        _sync(path, data, check, problems)
        print(f"{name:32s} {len(data):7d} bytes")
    for name, data in extras().items():
        blob.validate(data)
        path = os.path.join(BLOBS, "extras", name + ".spkb")
        _sync(path, data, check, problems)
        print(f"extras/{name:25s} {len(data):7d} bytes")
    if "--no-nir" not in argv:
        from . import nirsamples

        for rel, data in nirsamples.files().items():
            if rel.endswith(".spkb"):
                blob.validate(data)
            _sync(os.path.join(BLOBS, "nir", rel), data, check, problems)
            print(f"nir/{rel:28s} {len(data):7d} bytes")
    for fn in sorted(os.listdir(BLOBS)) if os.path.isdir(BLOBS) else []:
        p = os.path.join(BLOBS, fn)
        if fn.endswith(".spkb") and p not in expected:
            problems.append(f"no golden vector for {os.path.relpath(p, ROOT)}")
    for p in problems:
        print(p, file=sys.stderr)
    if check and problems:
        print("golden blobs out of date: run python3 -m spikert_tools.goldens", file=sys.stderr)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
