"""Model blobs (docs/model.cddl) -> the network dict spikeref.Network takes.

The reference's own reader, written from docs/model.cddl alone: the exporter
(tools/python) and this reference are independent and meet only at that schema and at
the bytes of a blob, so a blob the exporter writes and this reader runs checks both.
It reads model blobs, not checkpoints (a blob with a state is refused: the reference
starts every run from the initial state of SEMANTICS.md 8).

The frame (array of four, magic, version, CRC-32 of every byte before the CRC item) and
the maps' keys are checked here; the values' ranges and the network's consistency are
checked by spikeref.Network, as for any network dict. Negative keys are extensions and
are skipped; an unknown non-negative key is refused.
"""

from __future__ import annotations

import io
import zlib

import cbor2
import numpy as np

import spikeref as sr

MAGIC = "SpikeRT"
VERSION = 1

# RFC 8746 typed-array tags of model.cddl: uint8, uint16, uint32, int8, int32 arrays
U8, U16, U32, I8, I32 = 64, 69, 70, 72, 78
_DTYPE = {U8: "<u1", U16: "<u2", U32: "<u4", I8: "<i1", I32: "<i4"}

# population: key -> (field, default); 0 size and 1 model are required, 18 is the name
POPULATION = {2: ("threshold", 0), 3: ("beta", sr.Q16_ONE), 4: ("alpha", 0),
              5: ("reset", 0), 6: ("reset_timing", 0), 7: ("v_reset", 0), 8: ("v_init", 0),
              9: ("refractory", 0), 10: ("bias", 0), 11: ("adapt_inc", 0),
              12: ("adapt_decay", 0), 13: ("izh_a", 0), 14: ("izh_b", 0), 15: ("izh_c", 0),
              16: ("izh_d", 0), 17: ("v_peak", 0)}
# plasticity: key -> field; 0 projection and 1 rule are required, 12 is enabled
PLASTICITY = {2: "a_plus", 3: "a_minus", 4: "decay_pre", 5: "decay_post", 6: "w_min",
              7: "w_max", 8: "learning_rate", 9: "decay_elig", 10: "bounds",
              11: "norm_target"}
POWER = {0: "mode", 1: "fold", 2: "threshold_scale"}


class BlobError(ValueError):
    """Bytes that are not a model blob of docs/model.cddl (the message says where)."""


def body(data: bytes) -> dict:
    """Check the frame and return the model body map."""
    data = bytes(data)
    if not data or data[0] != 0x84:
        raise BlobError("blob: expected a CBOR array of 4 items")
    fp = io.BytesIO(data)
    fp.seek(1)
    dec = cbor2.CBORDecoder(fp)
    try:
        magic, version, model = dec.decode(), dec.decode(), dec.decode()
        crc_at = fp.tell()
        crc = dec.decode()
    except (cbor2.CBORDecodeError, EOFError) as err:
        raise BlobError(f"blob: not well-formed CBOR ({err})") from None
    if fp.tell() != len(data):
        raise BlobError(f"blob: {len(data) - fp.tell()} bytes after the CRC")
    if magic != MAGIC or version != VERSION:
        raise BlobError(f"blob: magic {magic!r} version {version!r}, expected "
                        f"{MAGIC!r} {VERSION}")
    if crc != zlib.crc32(data[:crc_at]):
        raise BlobError(f"blob: CRC {crc!r} does not match 0x{zlib.crc32(data[:crc_at]):08x}")
    return _map(model, "body", 8)


def _map(m, where: str, last_key: int) -> dict:
    """A schema map without its extension (negative) keys; other keys must be known."""
    if not isinstance(m, dict):
        raise BlobError(f"{where}: expected a map")
    out = {}
    for k, v in m.items():
        if not isinstance(k, int) or isinstance(k, bool):
            raise BlobError(f"{where}: key {k!r} is not an integer")
        if k > last_key:
            raise BlobError(f"{where}.{k}: not a key of docs/model.cddl")
        if k >= 0:
            out[k] = v
    return out


def _array(item, tag: int, where: str) -> list:
    if not (isinstance(item, cbor2.CBORTag) and item.tag == tag
            and isinstance(item.value, bytes)):
        raise BlobError(f"{where}: expected a typed array with tag {tag}")
    size = np.dtype(_DTYPE[tag]).itemsize
    if len(item.value) % size:
        raise BlobError(f"{where}: {len(item.value)} bytes, not whole elements")
    return np.frombuffer(item.value, dtype=_DTYPE[tag]).astype(np.int64).tolist()


def _required(m: dict, keys, where: str) -> None:
    for k in keys:
        if k not in m:
            raise BlobError(f"{where}.{k}: missing")


def _name(names, index: int, where: str) -> str:
    if not isinstance(index, int) or not 0 <= index < len(names):
        raise BlobError(f"{where}={index!r}: expected 0 .. {len(names) - 1}")
    return names[index]


def population(m, where: str) -> dict:
    m = _map(m, where, 18)
    _required(m, (0, 1), where)
    p = {"size": m[0], "model": _name(sr.MODELS, m[1], f"{where}.1")}
    for key, (field, default) in POPULATION.items():
        p[field] = m.get(key, default)
    p["reset"] = _name(sr.RESETS, p["reset"], f"{where}.5")
    p["reset_timing"] = _name(sr.TIMINGS, p["reset_timing"], f"{where}.6")
    return p


def projection(m, where: str) -> dict:
    m = _map(m, where, 10)
    _required(m, (0, 1, 2, 5), where)
    q = {"source": m[0], "target": m[1], "kind": _name(sr.KINDS, m[2], f"{where}.2"),
         "delay": m.get(3, 0), "shift": m.get(4, 0),
         "weights": _array(m[5], I8, f"{where}.5")}
    if 6 in m:
        q["row_ptr"] = _array(m[6], U32, f"{where}.6")
    if 7 in m:
        q["col"] = _array(m[7], U16, f"{where}.7")
    if 8 in m:
        if not isinstance(m[8], list) or len(m[8]) != len(sr.CONV_FIELDS):
            raise BlobError(f"{where}.8: expected {len(sr.CONV_FIELDS)} geometry values")
        q["conv"] = dict(zip(sr.CONV_FIELDS, m[8]))
    return q


def rule(m, where: str) -> dict:
    m = _map(m, where, 12)
    _required(m, (0, 1), where)
    r = {"projection": m[0], "rule": _name(sr.RULES, m[1], f"{where}.1")}
    for key, field in PLASTICITY.items():
        if key in m:
            r[field] = m[key]
    if "bounds" in r:
        r["bounds"] = _name(sr.BOUNDS, r["bounds"], f"{where}.10")
    r["enabled"] = m.get(12, True)
    return r


def network(data: bytes) -> dict:
    """A model blob's bytes -> network dict (golden-case form, plus "name" and "dt_ns")."""
    b = body(data)
    _required(b, (0, 1, 2), "body")
    if 7 in b:
        raise BlobError("body.7: a checkpoint; the reference reads model blobs only")
    meta = _map(b[0], "meta", 3)

    def items(key):
        value = b.get(key, [])
        if not isinstance(value, list):
            raise BlobError(f"body.{key}: expected an array")
        return value

    net = {"name": meta.get(0, ""), "dt_ns": meta.get(2, 0), "seed": b[1],
           "populations": [population(m, f"populations[{k}]")
                           for k, m in enumerate(items(2))],
           "projections": [projection(m, f"projections[{k}]")
                           for k, m in enumerate(items(3))],
           "encoders": [], "decoders": [],
           "plasticity": [rule(m, f"plasticity[{k}]") for k, m in enumerate(items(6))]}
    for k, m in enumerate(items(4)):
        m = _map(m, f"encoders[{k}]", 3)
        _required(m, (0, 1), f"encoders[{k}]")
        net["encoders"].append({"population": m[0], "param": m.get(2, 0),
                                "kind": _name(sr.ENCODERS, m[1], f"encoders[{k}].1")})
    for k, m in enumerate(items(5)):
        m = _map(m, f"decoders[{k}]", 2)
        _required(m, (0, 1), f"decoders[{k}]")
        net["decoders"].append({"population": m[0],
                                "kind": _name(sr.DECODERS, m[1], f"decoders[{k}].1")})
    if 8 in b:
        power = _map(b[8], "power", 2)
        net["power"] = {POWER[k]: v for k, v in power.items()}
        if "mode" in net["power"]:
            net["power"]["mode"] = _name(sr.POWER_MODES, power[0], "power.0")
    return net


def read(path: str) -> dict:
    """network() of a blob file."""
    with open(path, "rb") as f:
        return network(f.read())
