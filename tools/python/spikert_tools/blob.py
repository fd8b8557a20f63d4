"""SpikeRT model blobs: write, read and validate, exactly per docs/model.cddl.

A blob is the CBOR array ``["SpikeRT", 1, body, crc32]``; ``crc32`` is ``zlib.crc32``
of every byte before the crc item. Maps have integer keys (negative = extension, skipped
by readers); tensors are RFC 8746 typed arrays (``cbor2.CBORTag`` over a little-endian
byte string).

Determinism: maps are written with their keys in ascending order, non-negative keys
first, then extension keys in the order given; optional fields equal to the default the
schema states are omitted; integers use cbor2's shortest encoding. The same body always
gives the same bytes.

The in-memory form used throughout the tools is the golden-case dict of
Tests/SpikeCoreTests/Golden/README.md (populations with every field, enum names as
strings); :func:`case_to_body` / :func:`body_to_network` convert between the two.
"""

from __future__ import annotations

import io
import os
import zlib

import cbor2
import numpy as np

from . import __version__
from . import spikeref as sr

MAGIC = "SpikeRT"
VERSION = 1
PRODUCER = f"spikert-tools {__version__}"
DT_DEFAULT_NS = 1_000_000  # 1 ms, for networks whose dt is not known

# RFC 8746 tags
TAG_U8, TAG_U16, TAG_U32, TAG_I8, TAG_I32 = 64, 69, 70, 72, 78
_TAG_DTYPE = {TAG_U8: "<u1", TAG_U16: "<u2", TAG_U32: "<u4", TAG_I8: "<i1", TAG_I32: "<i4"}

# population field -> (key, default) per docs/model.cddl
POP_KEYS = [
    ("threshold", 2, 0), ("beta", 3, 65536), ("alpha", 4, 0), ("reset", 5, 0),
    ("reset_timing", 6, 0), ("v_reset", 7, 0), ("v_init", 8, 0), ("refractory", 9, 0),
    ("bias", 10, 0), ("adapt_inc", 11, 0), ("adapt_decay", 12, 0), ("izh_a", 13, 0),
    ("izh_b", 14, 0), ("izh_c", 15, 0), ("izh_d", 16, 0), ("v_peak", 17, 0),
]
ENUM_FIELDS = {"model": sr.MODELS, "reset": sr.RESETS, "reset_timing": sr.TIMINGS}


class BlobError(ValueError):
    """A blob that does not follow docs/model.cddl (message names the field)."""


# ------------------------------------------------------------------------------ tensors

def tensor(tag: int, values) -> cbor2.CBORTag:
    """RFC 8746 typed array: ``values`` as little-endian elements of the tag's type."""
    arr = np.asarray(values).reshape(-1)
    dt = np.dtype(_TAG_DTYPE[tag])
    if arr.size:
        info = np.iinfo(dt)
        if int(arr.min()) < info.min or int(arr.max()) > info.max:
            raise BlobError(f"tensor tag {tag}: values outside {dt} range")
    return cbor2.CBORTag(tag, arr.astype(dt).tobytes())


def untensor(item, tag: int, where: str) -> np.ndarray:
    if not isinstance(item, cbor2.CBORTag) or item.tag != tag or not isinstance(
            item.value, (bytes, bytearray)):
        raise BlobError(f"{where}: expected an RFC 8746 typed array with tag {tag}")
    dt = np.dtype(_TAG_DTYPE[tag])
    if len(item.value) % dt.itemsize:
        raise BlobError(f"{where}: byte length {len(item.value)} not a multiple of "
                        f"{dt.itemsize}")
    return np.frombuffer(bytes(item.value), dtype=dt).astype(np.int64)


# ------------------------------------------------------------------------------ maps

def _map(fields: dict, extensions: dict | None = None) -> dict:
    """A map with non-negative keys ascending, then the extension (negative) keys."""
    out = {k: fields[k] for k in sorted(fields)}
    for k, v in (extensions or {}).items():
        if not isinstance(k, int) or k >= 0:
            raise BlobError(f"extension key {k!r}: extension keys are negative integers")
        out[k] = v
    return out


def _enum_index(value, names):
    return names.index(value) if isinstance(value, str) else int(value)


def case_to_body(case: dict, *, dt_ns: int = DT_DEFAULT_NS, producer: str = PRODUCER,
                 names: dict | None = None, extensions: dict | None = None) -> dict:
    """Golden-format network dict -> model-body map.

    ``names`` may give ``{"populations": [...], "projections": [...], "encoders": [...],
    "decoders": [...]}`` (None entries are skipped); ``extensions`` maps a place
    (``"body"``, ``"meta"``, ``"population"``, ``"projection"``, ``"encoder"``,
    ``"decoder"``) to a dict of negative key -> value added to every such map.
    """
    names = names or {}
    ext = extensions or {}

    def name_of(kind, k):
        lst = names.get(kind) or []
        return lst[k] if k < len(lst) else None

    meta = {0: str(case.get("name", "")), 1: producer, 2: int(dt_ns)}
    if case.get("description"):
        meta[3] = str(case["description"])
    pops = []
    for k, p in enumerate(case["populations"]):
        m = {0: int(p["size"]), 1: _enum_index(p["model"], sr.MODELS)}
        for field, key, default in POP_KEYS:
            v = p.get(field, default)
            if field in ENUM_FIELDS:
                v = _enum_index(v, ENUM_FIELDS[field])
            v = int(v)
            if v != default:
                m[key] = v
        if name_of("populations", k):
            m[18] = name_of("populations", k)
        pops.append(_map(m, ext.get("population")))
    projs = []
    for k, q in enumerate(case.get("projections", [])):
        kind = _enum_index(q["kind"], sr.KINDS)
        m = {0: int(q["source"]), 1: int(q["target"]), 2: kind,
             5: tensor(TAG_I8, np.asarray(q["weights"], dtype=np.int64))}
        if int(q.get("delay", 0)):
            m[3] = int(q["delay"])
        if int(q.get("shift", 0)):
            m[4] = int(q["shift"])
        if kind == sr.SPARSE:
            m[6] = tensor(TAG_U32, np.asarray(q["row_ptr"], dtype=np.int64))
            m[7] = tensor(TAG_U16, np.asarray(q["col"], dtype=np.int64))
        if kind == sr.CONV2D:
            c = q["conv"]
            m[8] = [int(c[f]) for f in sr.CONV_FIELDS]
        if q.get("plastic"):
            m[9] = True
        if name_of("projections", k):
            m[10] = name_of("projections", k)
        projs.append(_map(m, ext.get("projection")))
    encs = []
    for k, e in enumerate(case.get("encoders", [])):
        m = {0: int(e["population"]), 1: _enum_index(e["kind"], sr.ENCODERS)}
        if int(e.get("param", 0)):
            m[2] = int(e["param"])
        if name_of("encoders", k):
            m[3] = name_of("encoders", k)
        encs.append(_map(m, ext.get("encoder")))
    decs = []
    for k, d in enumerate(case.get("decoders", [])):
        m = {0: int(d["population"]), 1: _enum_index(d["kind"], sr.DECODERS)}
        if name_of("decoders", k):
            m[2] = name_of("decoders", k)
        decs.append(_map(m, ext.get("decoder")))
    body = {0: _map(meta, ext.get("meta")), 1: sr.parse_seed(case.get("seed", 0)), 2: pops}
    if projs:
        body[3] = projs
    if encs:
        body[4] = encs
    if decs:
        body[5] = decs
    return _map(body, ext.get("body"))


# ------------------------------------------------------------------------------ bytes

def encode(body: dict) -> bytes:
    """The complete blob for a model body (array head, magic, version, body, crc32)."""
    head = b"\x84" + cbor2.dumps(MAGIC) + cbor2.dumps(VERSION) + cbor2.dumps(body)
    return head + cbor2.dumps(zlib.crc32(head) & 0xFFFFFFFF)


def decode(blob: bytes) -> dict:
    """Check the frame (array of 4, magic, version, crc) and return the body map."""
    if len(blob) < 1 or blob[0] != 0x84:
        raise BlobError("blob: expected a CBOR array of 4 items")
    fp = io.BytesIO(blob)
    fp.seek(1)
    dec = cbor2.CBORDecoder(fp)
    try:
        magic = dec.decode()
        version = dec.decode()
        body = dec.decode()
        crc_at = fp.tell()
        crc = dec.decode()
    except (cbor2.CBORDecodeError, EOFError) as err:
        raise BlobError(f"blob: not well-formed CBOR ({err})") from None
    if fp.tell() != len(blob):
        raise BlobError(f"blob: {len(blob) - fp.tell()} trailing bytes")
    if magic != MAGIC:
        raise BlobError(f"magic={magic!r}: expected {MAGIC!r}")
    if version != VERSION:
        raise BlobError(f"version={version!r}: this reader knows version {VERSION}")
    want = zlib.crc32(blob[:crc_at]) & 0xFFFFFFFF
    if crc != want:
        raise BlobError(f"crc32={crc!r}: computed 0x{want:08x}")
    if not isinstance(body, dict):
        raise BlobError("body: expected a map")
    return body


def _known(m: dict, where: str, known) -> dict:
    """Drop extension keys; refuse unknown non-negative ones."""
    if not isinstance(m, dict):
        raise BlobError(f"{where}: expected a map")
    out = {}
    for k, v in m.items():
        if not isinstance(k, int):
            raise BlobError(f"{where}: key {k!r} is not an integer")
        if k < 0:
            continue
        if k not in known:
            raise BlobError(f"{where}.{k}: unknown required field")
        out[k] = v
    return out


def body_to_network(body: dict) -> dict:
    """Model body -> golden-format network dict (what spikeref.Network takes), plus
    ``"name"``, ``"description"``, ``"dt_ns"``, ``"producer"`` and ``"names"``."""
    b = _known(body, "body", range(8))
    meta = _known(b.get(0, {}), "meta", range(4))
    pops, names = [], {"populations": [], "projections": [], "encoders": [], "decoders": []}
    for k, m in enumerate(b.get(2, [])):
        m = _known(m, f"populations[{k}]", range(19))
        p = {"size": m[0], "model": sr.MODELS[m[1]]}
        for field, key, default in POP_KEYS:
            p[field] = m.get(key, default)
        p["reset"] = sr.RESETS[p["reset"]]
        p["reset_timing"] = sr.TIMINGS[p["reset_timing"]]
        pops.append({f: p[f] for f in sr.POP_FIELDS})
        names["populations"].append(m.get(18))
    projs = []
    for k, m in enumerate(b.get(3, [])):
        w = f"projections[{k}]"
        m = _known(m, w, range(11))
        q = {"source": m[0], "target": m[1], "kind": sr.KINDS[m[2]], "delay": m.get(3, 0),
             "shift": m.get(4, 0), "weights": untensor(m[5], TAG_I8, f"{w}.weights").tolist(),
             "row_ptr": [], "col": [], "conv": None}
        if 6 in m:
            q["row_ptr"] = untensor(m[6], TAG_U32, f"{w}.row_ptr").tolist()
        if 7 in m:
            q["col"] = untensor(m[7], TAG_U16, f"{w}.col").tolist()
        if 8 in m:
            q["conv"] = dict(zip(sr.CONV_FIELDS, (int(x) for x in m[8])))
        if m.get(9):
            q["plastic"] = True
        projs.append(q)
        names["projections"].append(m.get(10))
    encs = []
    for k, m in enumerate(b.get(4, [])):
        m = _known(m, f"encoders[{k}]", range(4))
        encs.append({"population": m[0], "kind": sr.ENCODERS[m[1]], "param": m.get(2, 0)})
        names["encoders"].append(m.get(3))
    decs = []
    for k, m in enumerate(b.get(5, [])):
        m = _known(m, f"decoders[{k}]", range(3))
        decs.append({"population": m[0], "kind": sr.DECODERS[m[1]]})
        names["decoders"].append(m.get(2))
    return {"name": meta.get(0, ""), "description": meta.get(3, ""), "producer": meta.get(1, ""),
            "dt_ns": meta.get(2, 0), "seed": f"0x{b.get(1, 0):016x}", "populations": pops,
            "projections": projs, "encoders": encs, "decoders": decs, "names": names,
            "plasticity": b.get(6, []), "state": b.get(7)}


def read(path_or_bytes) -> dict:
    """A blob file (path) or bytes -> golden-format network dict."""
    data = path_or_bytes
    if isinstance(path_or_bytes, (str, os.PathLike)):
        with open(path_or_bytes, "rb") as f:
            data = f.read()
    return body_to_network(decode(bytes(data)))


# ------------------------------------------------------------------------------ CDDL

def schema_path() -> str:
    """docs/model.cddl of the repository this package sits in ($SPIKERT_CDDL overrides)."""
    env = os.environ.get("SPIKERT_CDDL")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "docs", "model.cddl"))


_VALIDATOR = None


def validate(blob: bytes) -> None:
    """Raise BlobError unless ``blob`` matches docs/model.cddl (cddl-verifier) and its
    frame and crc check out."""
    global _VALIDATOR
    if _VALIDATOR is None:
        import cddl_verifier

        path = schema_path()
        if not os.path.exists(path):
            raise BlobError(f"schema {path} not found (set SPIKERT_CDDL to docs/model.cddl)")
        with open(path, encoding="utf-8") as f:
            _VALIDATOR = cddl_verifier.Validator(f.read())
    result = _VALIDATOR.validate(bytes(blob))
    if not result.valid:
        msgs = "; ".join(f"{d.message} (path {'/'.join(map(str, d.path)) or '-'})"
                         for d in result.diagnostics[:5])
        raise BlobError(f"blob does not match docs/model.cddl: {msgs}")
    decode(blob)


def write(path: str, body: dict, *, check: bool = True) -> bytes:
    """Encode ``body``, validate it against the CDDL (unless check=False), write it."""
    data = encode(body)
    if check:
        validate(data)
    with open(path, "wb") as f:
        f.write(data)
    return data
