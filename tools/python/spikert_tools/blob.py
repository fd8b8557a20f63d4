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
That dict may also carry ``"plasticity"`` (learning rules, SEMANTICS.md 11), ``"power"``
(SEMANTICS.md 12) and, for a checkpoint, ``"state"`` (see :func:`normalize_state`).
Learning rules, the power map and the state are validated when they are written and when
they are read (ranges of SEMANTICS.md 9; errors name the field and the value).
"""

from __future__ import annotations

import io
import os
import zlib

import cbor2
import numpy as np

from . import __version__
from .schema import (  # noqa: F401  (the schema's names stay reachable as blob.X)
    BOUNDS, CONV2D, CONV_FIELDS, COUNTERS, DECODERS, DELTA, ENCODERS, ENUM_FIELDS, IZH,
    KINDS, MAGIC, MODELS, PLASTICITY_FIELDS, PLASTICITY_KEYS, PLASTICITY_STATE_KEYS,
    POP_FIELDS, POP_KEYS, POP_STATE_KEYS, POWER_DEFAULT, POWER_KEYS, POWER_MODES, Q16_ONE,
    RESETS, RULES, SPARSE, STATE_FIELDS, TAG_DTYPE, TAG_I8, TAG_I32, TAG_U8, TAG_U16,
    TAG_U32, TIMINGS, U64_MAX, VERSION, enum_index)

PRODUCER = f"spikert-tools {__version__}"
DT_DEFAULT_NS = 1_000_000  # 1 ms, for networks whose dt is not known


class BlobError(ValueError):
    """A blob that does not follow docs/model.cddl (message names the field)."""


# ------------------------------------------------------------------------------ tensors

def tensor(tag: int, values) -> cbor2.CBORTag:
    """RFC 8746 typed array: ``values`` as little-endian elements of the tag's type."""
    arr = np.asarray(values).reshape(-1)
    dt = np.dtype(TAG_DTYPE[tag])
    if arr.size:
        info = np.iinfo(dt)
        if int(arr.min()) < info.min or int(arr.max()) > info.max:
            raise BlobError(f"tensor tag {tag}: values outside {dt} range")
    return cbor2.CBORTag(tag, arr.astype(dt).tobytes())


def untensor(item, tag: int, where: str) -> np.ndarray:
    if not isinstance(item, cbor2.CBORTag) or item.tag != tag or not isinstance(
            item.value, (bytes, bytearray)):
        raise BlobError(f"{where}: expected an RFC 8746 typed array with tag {tag}")
    dt = np.dtype(TAG_DTYPE[tag])
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


# ------------------------------------------------------------------------------ checks

def _int(value, where: str, lo: int | None = None, hi: int | None = None) -> int:
    """An integer in lo..hi, or BlobError naming ``where`` and the value."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise BlobError(f"{where}={value!r}: expected an integer")
    v = int(value)
    if lo is not None and not lo <= v <= hi:
        raise BlobError(f"{where}={v}: outside {lo}..{hi}")
    return v


def seed_value(seed) -> int:
    """The PRNG seed of a network (a u64, as an integer or a "0x..." string) -> int."""
    if isinstance(seed, str):
        try:
            value = int(seed, 0)
        except ValueError:
            raise BlobError(f"seed={seed!r}: expected a u64 (hex string or integer)") from None
    elif isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)):
        value = int(seed)
    else:
        raise BlobError(f"seed={seed!r}: expected a u64 (hex string or integer)")
    if not 0 <= value <= U64_MAX:
        raise BlobError(f"seed={seed!r}: out of range 0 .. 2^64-1")
    return value


def _enum(value, names, where: str) -> int:
    """Enum name (or its number) -> number."""
    if isinstance(value, str):
        if value not in names:
            raise BlobError(f"{where}={value!r}: expected one of {', '.join(names)}")
        return names.index(value)
    return _int(value, where, 0, len(names) - 1)


def _bool(value, where: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise BlobError(f"{where}={value!r}: expected true or false")
    return bool(value)


def _fields(d, where: str, known) -> dict:
    if not isinstance(d, dict):
        raise BlobError(f"{where}: expected a map, got {type(d).__name__}")
    for f in d:
        if f not in known:
            raise BlobError(f"{where}.{f}: unknown field (known: {', '.join(known)})")
    return d


def _kind_name(q: dict) -> str:
    k = q.get("kind")
    return KINDS[enum_index(k, KINDS)] if not isinstance(k, str) else k


def _projection_index(value, projections, names, where: str) -> int:
    """A projection given by index or, if projections have names, by name."""
    if isinstance(value, str):
        hits = [k for k, n in enumerate(names or []) if n is not None and n == value]
        if len(hits) != 1:
            known = ", ".join(repr(n) for n in (names or []) if n is not None) or "none"
            what = "no projection has that name" if not hits else "several projections have it"
            raise BlobError(f"{where}={value!r}: {what} (projection names: {known})")
        return hits[0]
    if not projections:
        raise BlobError(f"{where}={value!r}: the network has no projections")
    return _int(value, where, 0, len(projections) - 1)


def normalize_plasticity(rules, projections, *, projection_names=None) -> list:
    """Validate learning rules (golden-case dicts; missing fields take the CDDL defaults,
    enums may be names or numbers, ``projection`` an index or a projection name) and
    return them with every field, enums as names (the golden-case form).

    Checks (SEMANTICS.md 9 and 11): rule 0..3; a_plus, a_minus, learning_rate 0..2^24;
    decays 0..65536; w_min, w_max int8 with w_min <= w_max; bounds hard/soft;
    norm_target 0..2^23 and nonzero only for STDP rules on DENSE projections; at most
    one rule per projection, none on a CONV2D projection."""
    if rules is None:
        return []
    if not isinstance(rules, (list, tuple)):
        raise BlobError(f"plasticity: expected a list of rules, got {type(rules).__name__}")
    if len(rules) > 4096:
        raise BlobError(f"plasticity: {len(rules)} rules, at most 4096")
    out, owner = [], {}
    for k, r in enumerate(rules):
        w = f"plasticity[{k}]"
        _fields(r, w, PLASTICITY_FIELDS)
        for req in ("projection", "rule"):
            if req not in r:
                raise BlobError(f"{w}.{req}: missing (required)")
        j = _projection_index(r["projection"], projections, projection_names,
                              f"{w}.projection")
        d = {"projection": j, "rule": RULES[_enum(r["rule"], RULES, f"{w}.rule")]}
        for f, _key, default, lo, hi in PLASTICITY_KEYS:
            if f == "bounds":
                d[f] = BOUNDS[_enum(r.get(f, default), BOUNDS, f"{w}.bounds")]
            else:
                d[f] = _int(r.get(f, default), f"{w}.{f}", lo, hi)
        d["enabled"] = _bool(r.get("enabled", True), f"{w}.enabled")
        if d["w_min"] > d["w_max"]:
            raise BlobError(f"{w}.w_min={d['w_min']}: greater than w_max={d['w_max']} "
                            f"(need w_min <= w_max)")
        kind = _kind_name(projections[j])
        if kind == "conv2d":
            raise BlobError(f"{w}.projection={j}: projection {j} is CONV2D; learning rules "
                            f"are not allowed on CONV2D projections (shared weights)")
        if d["norm_target"] and (d["rule"] not in RULES[:2] or kind != "dense"):
            raise BlobError(f"{w}.norm_target={d['norm_target']}: normalization is only for "
                            f"STDP rules (stdp_nearest, stdp_all) on DENSE projections; this "
                            f"is {d['rule']} on a {kind.upper()} projection (use 0)")
        if j in owner:
            raise BlobError(f"{w}.projection={j}: projection {j} already has a learning "
                            f"rule (plasticity[{owner[j]}]); at most one per projection")
        owner[j] = k
        out.append(d)
    return out


def normalize_power(power, populations=None) -> dict:
    """Validate a power configuration ``{"mode", "fold", "threshold_scale"}`` (missing
    fields take the defaults normal / 2 / 65536) and return it with every field, the mode
    as a name. The low-power mode is refused for a network with an IZH population
    (SEMANTICS.md 12.2)."""
    if power is None:
        return dict(POWER_DEFAULT)
    _fields(power, "power", [f for f, *_ in POWER_KEYS])
    mode = POWER_MODES[_enum(power.get("mode", "normal"), POWER_MODES, "power.mode")]
    d = {"mode": mode}
    for f, _key, default, lo, hi in POWER_KEYS[1:]:
        d[f] = _int(power.get(f, default), f"power.{f}", lo, hi)
    if mode == "low":
        for k, p in enumerate(populations or []):
            if enum_index(p["model"], MODELS) == IZH:
                raise BlobError(f"power.mode='low': population {k} is IZH, and a network with "
                                f"an IZH population refuses the low-power mode "
                                f"(SEMANTICS.md 12.2)")
    return d


def plasticity_map(rule: dict) -> dict:
    """A normalized rule -> its CBOR map fields (defaults omitted)."""
    m = {0: rule["projection"], 1: RULES.index(rule["rule"])}
    for f, key, default, _lo, _hi in PLASTICITY_KEYS:
        v = BOUNDS.index(rule[f]) if f == "bounds" else rule[f]
        if v != default:
            m[key] = v
    if not rule["enabled"]:
        m[12] = False
    return m


def power_map(power: dict) -> dict:
    """A normalized power config -> its CBOR map fields (defaults omitted; {} = default)."""
    m = {}
    for f, key, default, _lo, _hi in POWER_KEYS:
        v = POWER_MODES.index(power[f]) if f == "mode" else power[f]
        if v != default:
            m[key] = v
    return m


def _values(value, tag: int, where: str, n: int | None = None, *, multiple_of=None,
            lo=None, hi=None) -> list:
    """A tensor's values as a list of ints, range- and length-checked."""
    if isinstance(value, np.ndarray):
        if value.ndim != 1:
            raise BlobError(f"{where}: expected a flat list of integers, got shape "
                            f"{value.shape}")
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        raise BlobError(f"{where}: expected a list of integers, got {type(value).__name__}")
    info = np.iinfo(np.dtype(TAG_DTYPE[tag]))
    lo = info.min if lo is None else lo
    hi = info.max if hi is None else hi
    vals = []
    for i, x in enumerate(value):
        if not isinstance(x, (int, np.integer)):  # bool is an int: True = 1
            raise BlobError(f"{where}[{i}]={x!r}: expected an integer")
        x = int(x)
        if not lo <= x <= hi:
            raise BlobError(f"{where}[{i}]={x}: outside {lo}..{hi}")
        vals.append(x)
    if n is not None and len(vals) != n:
        raise BlobError(f"{where}: {len(vals)} values, expected {n}")
    if multiple_of and len(vals) % multiple_of:
        raise BlobError(f"{where}: {len(vals)} values, not a multiple of {multiple_of}")
    return vals


def normalize_counters(counters, where: str = "state.counters") -> dict:
    """Counters as a dict (names of COUNTERS; missing ones 0) or a list of 3..6 values
    in COUNTERS order -> a dict with all six."""
    if isinstance(counters, dict):
        _fields(counters, where, COUNTERS)
        vals = [counters.get(c, 0) for c in COUNTERS]
    elif isinstance(counters, (list, tuple)):
        if not 3 <= len(counters) <= len(COUNTERS):
            raise BlobError(f"{where}: {len(counters)} counters, expected 3..6")
        vals = list(counters) + [0] * (len(COUNTERS) - len(counters))
    else:
        raise BlobError(f"{where}: expected a dict or a list, got {type(counters).__name__}")
    return {c: _int(v, f"{where}.{c}", 0, U64_MAX) for c, v in zip(COUNTERS, vals)}


def normalize_state(state: dict, net: dict) -> dict:
    """Validate checkpoint state against the network it belongs to (golden-format dict
    with normalized ``plasticity``) and return it in canonical form::

        {"tick": int, "prng": [s0, s1, s2, s3],
         "populations": [{"v", "aux", "refractory", "spiked", "history", "pending"}],
         "encoders": [{"values", "state"}], "decoders": [{"values"} or {}],
         "decoder_window_start": int, "counters": {name: int for COUNTERS},
         "plasticity": [{"pre", "post", "eligibility", "stamps"}]}

    Only ``tick``, ``prng``, ``populations`` (with ``spiked`` in every entry) are
    required; an absent field (or population field) is absent from the blob and takes
    the schema's default. Lists are one entry per population / encoder / decoder / rule
    in model order, tensors have one value per neuron / channel / synapse (``history``:
    H x n, ``eligibility`` and ``stamps`` only for R-STDP rules)."""
    _fields(state, "state", STATE_FIELDS)
    for req in ("tick", "prng", "populations"):
        if req not in state:
            raise BlobError(f"state.{req}: missing (required)")
    pops = net["populations"]
    out = {"tick": _int(state["tick"], "state.tick", 0, U64_MAX),
           "prng": _values(state["prng"], TAG_U32, "state.prng", 4)}
    if not any(out["prng"]):
        raise BlobError("state.prng=[0, 0, 0, 0]: xoshiro128** never reaches the all-zero "
                        "state")

    def lst(field, count, what):
        v = state[field]
        if not isinstance(v, (list, tuple)):
            raise BlobError(f"state.{field}: expected a list, got {type(v).__name__}")
        if len(v) != count:
            raise BlobError(f"state.{field}: {len(v)} entries, expected {count} (one per "
                            f"{what}, in model order)")
        return v

    out["populations"] = []
    for k, ps in enumerate(lst("populations", len(pops), "population")):
        w = f"state.populations[{k}]"
        _fields(ps, w, [f for f, *_ in POP_STATE_KEYS])
        if ps.get("spiked") is None:
            raise BlobError(f"{w}.spiked: missing (required)")
        n = int(pops[k]["size"])
        d = {}
        for f, _key, tag in POP_STATE_KEYS:
            if ps.get(f) is None:
                continue
            flag = f in ("spiked", "history", "pending")
            d[f] = _values(ps[f], tag, f"{w}.{f}", None if f == "history" else n,
                           multiple_of=n if f == "history" else None,
                           lo=0 if flag else None, hi=1 if flag else None)
        out["populations"].append(d)
    if state.get("encoders") is not None:
        encs = net.get("encoders", [])
        out["encoders"] = []
        for k, es in enumerate(lst("encoders", len(encs), "encoder")):
            w = f"state.encoders[{k}]"
            _fields(es, w, ["values", "state"])
            e = encs[k]
            n = int(pops[e["population"]]["size"])
            kind = enum_index(e["kind"], ENCODERS)
            ch = n // 2 if kind == DELTA else n
            if es.get("values") is None:
                raise BlobError(f"{w}.values: missing (required)")
            d = {"values": _values(es["values"], TAG_I32, f"{w}.values", ch)}
            if es.get("state") is not None:
                d["state"] = _values(es["state"], TAG_I32, f"{w}.state", ch)
            out["encoders"].append(d)
    if state.get("decoders") is not None:
        decs = net.get("decoders", [])
        out["decoders"] = []
        for k, ds in enumerate(lst("decoders", len(decs), "decoder")):
            w = f"state.decoders[{k}]"
            _fields(ds, w, ["values"])
            d = {}
            if ds.get("values") is not None:
                n = int(pops[decs[k]["population"]]["size"])
                d["values"] = _values(ds["values"], TAG_U32, f"{w}.values", n)
            out["decoders"].append(d)
    if state.get("decoder_window_start") is not None:
        t0 = _int(state["decoder_window_start"], "state.decoder_window_start", 0, U64_MAX)
        if t0 > out["tick"]:
            raise BlobError(f"state.decoder_window_start={t0}: after state.tick="
                            f"{out['tick']}")
        out["decoder_window_start"] = t0
    if state.get("counters") is not None:
        out["counters"] = normalize_counters(state["counters"])
    if state.get("plasticity") is not None:
        rules, projs = net.get("plasticity") or [], net.get("projections", [])
        out["plasticity"] = []
        for k, rs in enumerate(lst("plasticity", len(rules), "learning rule")):
            w = f"state.plasticity[{k}]"
            _fields(rs, w, [f for f, *_ in PLASTICITY_STATE_KEYS])
            q = projs[rules[k]["projection"]]
            n_src = int(pops[q["source"]]["size"])
            n_tgt = int(pops[q["target"]]["size"])
            d = {}
            for f, n in (("pre", n_src), ("post", n_tgt)):
                if rs.get(f) is None:
                    raise BlobError(f"{w}.{f}: missing (required)")
                d[f] = _values(rs[f], TAG_I32, f"{w}.{f}", n)
                negative = np.flatnonzero(np.asarray(d[f]) < 0)
                if negative.size:
                    j = int(negative[0])
                    raise BlobError(f"{w}.{f}[{j}]={int(np.asarray(d[f])[j])}: traces are "
                                    f"never negative")
            reward = rules[k]["rule"] in RULES[2:]
            given = [f for f in ("eligibility", "stamps") if rs.get(f) is not None]
            if given and not reward:
                raise BlobError(f"{w}.{given[0]}: only the R-STDP rules have eligibility "
                                f"and stamps; rule {k} is {rules[k]['rule']}")
            if len(given) == 1:
                other = "stamps" if given[0] == "eligibility" else "eligibility"
                raise BlobError(f"{w}.{other}: missing ({given[0]} is given; both or "
                                f"neither)")
            for f, _key, tag in PLASTICITY_STATE_KEYS[2:]:
                if f in given:
                    d[f] = _values(rs[f], tag, f"{w}.{f}", len(q["weights"]))
            out["plasticity"].append(d)
    return out


def state_map(st: dict, ext: dict | None = None) -> dict:
    """Canonical state (normalize_state) -> the CBOR state map. ``ext`` maps "state",
    "population_state", "encoder_state", "decoder_state", "plasticity_state" to
    extension keys."""
    ext = ext or {}
    m = {0: st["tick"], 1: tensor(TAG_U32, st["prng"])}
    m[2] = [_map({key: tensor(tag, ps[f]) for f, key, tag in POP_STATE_KEYS if f in ps},
                 ext.get("population_state")) for ps in st["populations"]]
    if "encoders" in st:
        m[3] = [_map({key: tensor(TAG_I32, es[f]) for f, key in (("values", 0), ("state", 1))
                      if f in es}, ext.get("encoder_state")) for es in st["encoders"]]
    if "decoders" in st:
        m[4] = [_map({0: tensor(TAG_U32, ds["values"])} if "values" in ds else {},
                     ext.get("decoder_state")) for ds in st["decoders"]]
    if st.get("decoder_window_start"):
        m[5] = st["decoder_window_start"]
    if "counters" in st:
        m[6] = [st["counters"][c] for c in COUNTERS]
    if "plasticity" in st:
        m[7] = [_map({key: tensor(tag, rs[f]) for f, key, tag in PLASTICITY_STATE_KEYS
                      if f in rs}, ext.get("plasticity_state")) for rs in st["plasticity"]]
    return _map(m, ext.get("state"))


def case_to_body(case: dict, *, dt_ns: int = DT_DEFAULT_NS, producer: str = PRODUCER,
                 names: dict | None = None, extensions: dict | None = None) -> dict:
    """Golden-format network dict -> model-body map.

    ``names`` may give ``{"populations": [...], "projections": [...], "encoders": [...],
    "decoders": [...]}`` (None entries are skipped); ``extensions`` maps a place
    (``"body"``, ``"meta"``, ``"population"``, ``"projection"``, ``"encoder"``,
    ``"decoder"``, ``"plasticity"``, ``"power"``, ``"state"``, ``"population_state"``,
    ``"encoder_state"``, ``"decoder_state"``, ``"plasticity_state"``) to a dict of
    negative key -> value added to every such map (an extension on ``"power"`` writes the
    power map even when it is all default).

    ``case["plasticity"]`` (learning rules, :func:`normalize_plasticity`; a rule's
    ``projection`` may be a name of ``names["projections"]``) becomes body key 6 and
    marks each rule's projection plastic (key 9); ``case["power"]``
    (:func:`normalize_power`) becomes key 8 unless it is all default;
    ``case["state"]`` (:func:`normalize_state`) becomes key 7, a checkpoint.
    """
    names = names or {}
    ext = extensions or {}
    rules = normalize_plasticity(case.get("plasticity"), case.get("projections", []),
                                 projection_names=names.get("projections"))
    plastic = {r["projection"] for r in rules}
    power = normalize_power(case.get("power"), case["populations"])

    def name_of(kind, k):
        lst = names.get(kind) or []
        return lst[k] if k < len(lst) else None

    meta = {0: str(case.get("name", "")), 1: producer, 2: int(dt_ns)}
    if case.get("description"):
        meta[3] = str(case["description"])
    pops = []
    for k, p in enumerate(case["populations"]):
        m = {0: int(p["size"]), 1: enum_index(p["model"], MODELS)}
        for field, key, default in POP_KEYS:
            v = p.get(field, default)
            if field in ENUM_FIELDS:
                v = enum_index(v, ENUM_FIELDS[field])
            v = int(v)
            if v != default:
                m[key] = v
        if name_of("populations", k):
            m[18] = name_of("populations", k)
        pops.append(_map(m, ext.get("population")))
    projs = []
    for k, q in enumerate(case.get("projections", [])):
        kind = enum_index(q["kind"], KINDS)
        m = {0: int(q["source"]), 1: int(q["target"]), 2: kind,
             5: tensor(TAG_I8, np.asarray(q["weights"], dtype=np.int64))}
        if int(q.get("delay", 0)):
            m[3] = int(q["delay"])
        if int(q.get("shift", 0)):
            m[4] = int(q["shift"])
        if kind == SPARSE:
            m[6] = tensor(TAG_U32, np.asarray(q["row_ptr"], dtype=np.int64))
            m[7] = tensor(TAG_U16, np.asarray(q["col"], dtype=np.int64))
        if kind == CONV2D:
            c = q["conv"]
            m[8] = [int(c[f]) for f in CONV_FIELDS]
        if q.get("plastic") or k in plastic:
            m[9] = True
        if name_of("projections", k):
            m[10] = name_of("projections", k)
        projs.append(_map(m, ext.get("projection")))
    encs = []
    for k, e in enumerate(case.get("encoders", [])):
        m = {0: int(e["population"]), 1: enum_index(e["kind"], ENCODERS)}
        if int(e.get("param", 0)):
            m[2] = int(e["param"])
        if name_of("encoders", k):
            m[3] = name_of("encoders", k)
        encs.append(_map(m, ext.get("encoder")))
    decs = []
    for k, d in enumerate(case.get("decoders", [])):
        m = {0: int(d["population"]), 1: enum_index(d["kind"], DECODERS)}
        if name_of("decoders", k):
            m[2] = name_of("decoders", k)
        decs.append(_map(m, ext.get("decoder")))
    body = {0: _map(meta, ext.get("meta")), 1: seed_value(case.get("seed", 0)), 2: pops}
    if projs:
        body[3] = projs
    if encs:
        body[4] = encs
    if decs:
        body[5] = decs
    if rules:
        body[6] = [_map(plasticity_map(r), ext.get("plasticity")) for r in rules]
    if case.get("state") is not None:
        net = dict(case, plasticity=rules)
        body[7] = state_map(normalize_state(case["state"], net), ext)
    pm = power_map(power)
    if pm or ext.get("power"):
        body[8] = _map(pm, ext.get("power"))
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
    """Model body -> golden-format network dict (Tests/SpikeCoreTests/Golden/README.md), plus
    ``"name"``, ``"description"``, ``"dt_ns"``, ``"producer"`` and ``"names"``."""
    b = _known(body, "body", range(9))
    meta = _known(b.get(0, {}), "meta", range(4))
    pops, names = [], {"populations": [], "projections": [], "encoders": [], "decoders": []}
    for k, m in enumerate(b.get(2, [])):
        m = _known(m, f"populations[{k}]", range(19))
        p = {"size": m[0], "model": MODELS[m[1]]}
        for field, key, default in POP_KEYS:
            p[field] = m.get(key, default)
        p["reset"] = RESETS[p["reset"]]
        p["reset_timing"] = TIMINGS[p["reset_timing"]]
        pops.append({f: p[f] for f in POP_FIELDS})
        names["populations"].append(m.get(18))
    projs = []
    for k, m in enumerate(b.get(3, [])):
        w = f"projections[{k}]"
        m = _known(m, w, range(11))
        q = {"source": m[0], "target": m[1], "kind": KINDS[m[2]], "delay": m.get(3, 0),
             "shift": m.get(4, 0), "weights": untensor(m[5], TAG_I8, f"{w}.weights").tolist(),
             "row_ptr": [], "col": [], "conv": None}
        if 6 in m:
            q["row_ptr"] = untensor(m[6], TAG_U32, f"{w}.row_ptr").tolist()
        if 7 in m:
            q["col"] = untensor(m[7], TAG_U16, f"{w}.col").tolist()
        if 8 in m:
            q["conv"] = dict(zip(CONV_FIELDS, (int(x) for x in m[8])))
        if m.get(9):
            q["plastic"] = True
        projs.append(q)
        names["projections"].append(m.get(10))
    encs = []
    for k, m in enumerate(b.get(4, [])):
        m = _known(m, f"encoders[{k}]", range(4))
        encs.append({"population": m[0], "kind": ENCODERS[m[1]], "param": m.get(2, 0)})
        names["encoders"].append(m.get(3))
    decs = []
    for k, m in enumerate(b.get(5, [])):
        m = _known(m, f"decoders[{k}]", range(3))
        decs.append({"population": m[0], "kind": DECODERS[m[1]]})
        names["decoders"].append(m.get(2))
    net = {"name": meta.get(0, ""), "description": meta.get(3, ""),
           "producer": meta.get(1, ""), "dt_ns": meta.get(2, 0),
           "seed": f"0x{b.get(1, 0):016x}", "populations": pops, "projections": projs,
           "encoders": encs, "decoders": decs, "names": names}
    net["plasticity"] = _read_plasticity(b.get(6, []), projs)
    for r in net["plasticity"]:
        projs[r["projection"]]["plastic"] = True
    net["power"] = _read_power(b.get(8), pops)
    net["state"] = _read_state(b[7], net) if 7 in b else None
    return net


def _list(v, where: str) -> list:
    if not isinstance(v, list):
        raise BlobError(f"{where}: expected an array")
    return v


def _read_plasticity(items, projs) -> list:
    rules = []
    for k, m in enumerate(_list(items, "plasticity")):
        w = f"plasticity[{k}]"
        m = _known(m, w, range(13))
        for key in (0, 1):
            if key not in m:
                raise BlobError(f"{w}.{key}: missing required field")
        r = {"projection": m[0], "rule": m[1]}
        for f, key, _default, _lo, _hi in PLASTICITY_KEYS:
            if key in m:
                r[f] = m[key]
        if 12 in m:
            r["enabled"] = m[12]
        rules.append(r)
    return normalize_plasticity(rules, projs)


def _read_power(m, pops) -> dict:
    if m is None:
        return dict(POWER_DEFAULT)
    m = _known(m, "power", range(3))
    return normalize_power({f: m[key] for f, key, *_ in POWER_KEYS if key in m}, pops)


def _read_state(m, net: dict) -> dict:
    m = _known(m, "state", range(8))
    for key in (0, 1, 2):
        if key not in m:
            raise BlobError(f"state.{key}: missing required field")
    st = {"tick": m[0], "prng": untensor(m[1], TAG_U32, "state.prng").tolist(),
          "populations": []}
    for k, ps in enumerate(_list(m[2], "state.populations")):
        w = f"state.populations[{k}]"
        ps = _known(ps, w, range(7))
        if 3 not in ps:
            raise BlobError(f"{w}.3: missing required field")
        if 6 in ps:  # in the schema, "not used": checked and skipped
            untensor(ps[6], TAG_I8, f"{w}.6")
        st["populations"].append({f: untensor(ps[key], tag, f"{w}.{f}").tolist()
                                  for f, key, tag in POP_STATE_KEYS if key in ps})
    if 3 in m:
        st["encoders"] = []
        for k, es in enumerate(_list(m[3], "state.encoders")):
            w = f"state.encoders[{k}]"
            es = _known(es, w, range(2))
            if 0 not in es:
                raise BlobError(f"{w}.0: missing required field")
            st["encoders"].append({f: untensor(es[key], TAG_I32, f"{w}.{f}").tolist()
                                   for f, key in (("values", 0), ("state", 1)) if key in es})
    if 4 in m:
        st["decoders"] = []
        for k, ds in enumerate(_list(m[4], "state.decoders")):
            w = f"state.decoders[{k}]"
            ds = _known(ds, w, range(1))
            st["decoders"].append({"values": untensor(ds[0], TAG_U32, f"{w}.values").tolist()}
                                  if 0 in ds else {})
    if 5 in m:
        st["decoder_window_start"] = m[5]
    if 6 in m:
        st["counters"] = _list(m[6], "state.counters")
    if 7 in m:
        st["plasticity"] = []
        for k, rs in enumerate(_list(m[7], "state.plasticity")):
            w = f"state.plasticity[{k}]"
            rs = _known(rs, w, range(4))
            for key in (0, 1):
                if key not in rs:
                    raise BlobError(f"{w}.{key}: missing required field")
            st["plasticity"].append({f: untensor(rs[key], tag, f"{w}.{f}").tolist()
                                     for f, key, tag in PLASTICITY_STATE_KEYS if key in rs})
    return normalize_state(st, net)


def read(path_or_bytes) -> dict:
    """A blob file (path) or bytes -> golden-format network dict."""
    data = path_or_bytes
    if isinstance(path_or_bytes, (str, os.PathLike)):
        with open(path_or_bytes, "rb") as f:
            data = f.read()
    return body_to_network(decode(bytes(data)))


# ------------------------------------------------------------------------------ CDDL

def schema_path() -> str:
    """The blob schema: $SPIKERT_CDDL when set; else docs/model.cddl of the repository
    this package sits in (a checkout, or an editable install), so that an edit of the
    schema counts at once; else the copy an installed package carries
    (spikert_tools/model.cddl, put into the wheel by tools/python/buildhooks/schema.py)."""
    env = os.environ.get("SPIKERT_CDDL")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    checkout = os.path.normpath(os.path.join(here, "..", "..", "..", "docs", "model.cddl"))
    packaged = os.path.join(here, "model.cddl")
    return checkout if os.path.isfile(checkout) or not os.path.isfile(packaged) else packaged


_VALIDATOR = None


def validate(blob: bytes) -> None:
    """Raise BlobError unless ``blob`` matches docs/model.cddl (cddl-verifier) and its
    frame and crc check out."""
    global _VALIDATOR
    if _VALIDATOR is None:
        import cddl_verifier

        path = schema_path()
        if not os.path.exists(path):
            raise BlobError(f"schema {path} not found (reinstall spikert-tools, or set "
                            f"SPIKERT_CDDL to a docs/model.cddl)")
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
