"""Learning rules (body key 6), power (key 8) and checkpoint state (key 7: counters, key 6
with 6 entries; plasticity-state, key 7) in blobs: written, validated against
docs/model.cddl, read back; every invalid value refused by the writer (and by the CDDL
where it can say so); the exporter's --plasticity / --power; inspect.
Run: python3 -m pytest tools/python -q"""

import copy
import json
import math

import cbor2
import numpy as np
import pytest

from spikert_tools import blob, export, goldens, inspect_blob, nirsamples, schema


def _pop(size, model, **kw):
    d = {f: 0 for f in schema.POP_FIELDS}
    d.update(size=size, model=model, reset="subtract", reset_timing="delayed", beta=60000,
             threshold=1000)
    d.update(kw)
    return d


def _net():
    """Input 4 -> LIF 3 (DENSE), -> LIF 3 (SPARSE), -> LIF 4 (ONE_TO_ONE); a 2x2 image ->
    LIF 4 (CONV2D 1x1); three encoders and three decoders."""
    pops = [_pop(4, "input"), _pop(3, "lif"), _pop(3, "lif"), _pop(4, "lif"),
            _pop(4, "input"), _pop(4, "lif"), _pop(6, "input")]
    projs = [
        {"source": 0, "target": 1, "kind": "dense", "delay": 2, "shift": 3,
         "weights": list(range(-6, 6)), "row_ptr": [], "col": [], "conv": None},
        {"source": 0, "target": 2, "kind": "sparse", "delay": 0, "shift": 0,
         "weights": [5, -7, 9], "row_ptr": [0, 1, 1, 3, 3], "col": [2, 0, 1], "conv": None},
        {"source": 0, "target": 3, "kind": "one_to_one", "delay": 1, "shift": 2,
         "weights": [1, 2, 3, 4], "row_ptr": [], "col": [], "conv": None},
        {"source": 4, "target": 5, "kind": "conv2d", "delay": 0, "shift": 1, "weights": [7],
         "row_ptr": [], "col": [],
         "conv": {"in_h": 2, "in_w": 2, "in_c": 1, "out_c": 1, "k_h": 1, "k_w": 1,
                  "stride_h": 1, "stride_w": 1, "pad_h": 0, "pad_w": 0}},
    ]
    return {"name": "learning", "seed": "0x000000000000002a", "populations": pops,
            "projections": projs,
            "encoders": [{"population": 0, "kind": "rate", "param": 0},
                         {"population": 4, "kind": "latency", "param": 9},
                         {"population": 6, "kind": "delta", "param": 100}],
            "decoders": [{"population": 1, "kind": "count"},
                         {"population": 3, "kind": "membrane"},
                         {"population": 2, "kind": "first_spike"}]}


# every plasticity field set to a non-default value, once per rule kind
RULES = [
    {"projection": 0, "rule": "stdp_all", "a_plus": 2**24, "a_minus": 12345, "decay_pre": 65536,
     "decay_post": 1, "w_min": -100, "w_max": 100, "bounds": "soft", "learning_rate": 7,
     "decay_elig": 3, "norm_target": 2**23, "enabled": False},
    {"projection": 1, "rule": "rstdp_nearest", "a_plus": 1, "a_minus": 2**24,
     "decay_pre": 62340, "decay_post": 60000, "w_min": -128, "w_max": -128, "bounds": "hard",
     "learning_rate": 2**24, "decay_elig": 65000, "norm_target": 0, "enabled": True},
    {"projection": 2, "rule": "rstdp_all", "a_plus": 500, "a_minus": 600, "decay_pre": 0,
     "decay_post": 0, "w_min": 127, "w_max": 127, "bounds": "soft", "learning_rate": 1,
     "decay_elig": 65536, "norm_target": 0, "enabled": True},
]
POWER = {"mode": "low", "fold": 256, "threshold_scale": 2**20}


def _state(net, rules):
    """A checkpoint-like state with every field."""
    pops = net["populations"]
    sizes = [p["size"] for p in pops]
    pst = []
    for k, p in enumerate(pops):
        n = sizes[k]
        d = {"spiked": [k % 2] * n}
        if p["model"] == "input":
            d["pending"] = [1] + [0] * (n - 1)
        else:
            d["v"] = [-(2**31), 2**31 - 1] + [k] * (n - 2)
            d["refractory"] = [65535] + [0] * (n - 1)
        if k == 0:
            d["history"] = [0, 1] * n  # H = 2
        pst.append(d)
    return {
        "tick": 2**64 - 1, "prng": [1, 2**32 - 1, 0, 5], "populations": pst,
        "encoders": [{"values": [3, -4, 5, 6]},
                     {"values": [1, 2, 3, 4], "state": [-1, -1, 3, 0]},
                     {"values": [10, 20, 30], "state": [0, 11, -12]}],
        "decoders": [{"values": [0, 4294967295, 3]}, {}, {"values": [1, 2, 3]}],
        "decoder_window_start": 12,
        "counters": {c: 10 + i for i, c in enumerate(blob.COUNTERS)} | {"spikes": 2**64 - 1},
        "plasticity": [
            {"pre": [65536, 0, 3, 7], "post": [1, 2, 3]},
            {"pre": [0, 0, 0, 65536], "post": [7, 8, 9], "eligibility": [-5, 6, 2**31 - 1],
             "stamps": [0, 2**32 - 1, 9]},
            {"pre": [1, 1, 1, 1], "post": [2, 2, 2, 2], "eligibility": [1, 2, 3, 4],
             "stamps": [4, 3, 2, 1]},
        ][:len(rules)],
    }


def _learning_case(**extra):
    c = _net()
    c["plasticity"] = copy.deepcopy(RULES)
    c["power"] = dict(POWER)
    c.update(extra)
    return c


def _write(case, **kw):
    data = blob.encode(blob.case_to_body(case, **kw))
    blob.validate(data)
    return data


# ------------------------------------------------------------------------------ round trips

def test_every_plasticity_field_and_power_roundtrip():
    case = _learning_case()
    data = _write(case)
    body = blob.decode(data)
    assert [sorted(m) for m in body[6]] == [list(range(13)), [0, 1, 2, 3, 4, 5, 7, 8, 9],
                                           [0, 1, 2, 3, 6, 8, 9, 10]], \
        "every non-default field written, the defaults not"
    assert body[6][0][12] is False and body[6][0][10] == 1
    assert body[8] == {0: 1, 1: 256, 2: 2**20}
    assert [q.get(9) for q in body[3]] == [True, True, True, None], "rules make it plastic"
    net = blob.read(data)
    assert net["plasticity"] == RULES
    assert net["power"] == POWER
    assert [q.get("plastic", False) for q in net["projections"]] == [True, True, True, False]
    assert net["state"] is None
    # read -> write is byte-identical
    assert blob.encode(blob.case_to_body(net)) == data


def test_plasticity_defaults_are_omitted_and_filled_on_read():
    case = _net()
    case["plasticity"] = [{"projection": 0, "rule": "stdp_nearest"},
                          {"projection": 2, "rule": 3, "bounds": 0, "enabled": True,
                           "w_min": -128, "w_max": 127}]
    case["power"] = {"mode": "normal", "fold": 2, "threshold_scale": 65536}
    data = _write(case)
    body = blob.decode(data)
    assert body[6] == [{0: 0, 1: 0}, {0: 2, 1: 3}]
    assert 8 not in body, "an all-default power map is not written"
    rules = blob.read(data)["plasticity"]
    assert rules[0] == {"projection": 0, "rule": "stdp_nearest", "a_plus": 0, "a_minus": 0,
                        "decay_pre": 0, "decay_post": 0, "w_min": -128, "w_max": 127,
                        "bounds": "hard", "learning_rate": 0, "decay_elig": 0,
                        "norm_target": 0, "enabled": True}
    assert rules[1]["rule"] == "rstdp_all"
    assert list(rules[0]) == blob.PLASTICITY_FIELDS
    assert blob.read(data)["power"] == blob.POWER_DEFAULT


@pytest.mark.parametrize("power,written", [
    ({"mode": "low"}, {0: 1}), ({"mode": "full"}, {0: 2}), ({"fold": 3}, {1: 3}),
    ({"mode": 1, "fold": 4, "threshold_scale": 98304}, {0: 1, 1: 4, 2: 98304}),
    ({"threshold_scale": 1}, {2: 1}),
])
def test_power_roundtrip(power, written):
    case = _net()
    case["power"] = power
    data = _write(case)
    assert blob.decode(data)[8] == written
    got = blob.read(data)["power"]
    assert got == blob.normalize_power(power)
    assert blob.encode(blob.case_to_body(dict(case, power=got))) == data


def test_checkpoint_state_with_six_counters_and_plasticity_state():
    case = _learning_case()
    case["state"] = _state(case, RULES)
    data = _write(case)
    st = blob.decode(data)[7]
    assert st[6] == [10, 11, 2**64 - 1, 13, 14, 15], "key 6: six counters in order"
    assert len(st[7]) == 3 and sorted(st[7][0]) == [0, 1] and sorted(st[7][1]) == [0, 1, 2, 3]
    assert [t.tag for t in (st[7][1][0], st[7][1][1], st[7][1][2], st[7][1][3])] == \
        [78, 78, 78, 70]
    net = blob.read(data)
    assert net["state"] == blob.normalize_state(case["state"], dict(case, plasticity=RULES))
    back = net["state"]
    assert back["counters"]["plasticity_updates"] == 15
    assert back["plasticity"][1]["stamps"] == [0, 2**32 - 1, 9]
    assert back["populations"][0]["history"] == [0, 1] * 4
    assert back["decoders"][1] == {}
    assert blob.encode(blob.case_to_body(net)) == data


@pytest.mark.parametrize("counters,expect", [
    ([1, 2, 3], [1, 2, 3, 0, 0, 0]),
    ([1, 2, 3, 4], [1, 2, 3, 4, 0, 0]),
    ({"skipped_ticks": 9}, [0, 0, 0, 0, 9, 0]),
    ({}, [0] * 6),
])
def test_counters_are_written_with_six_entries(counters, expect):
    case = _net()
    case["state"] = {"tick": 5, "prng": [1, 0, 0, 0],
                     "populations": [{"spiked": [0] * p["size"]} for p in case["populations"]],
                     "counters": counters}
    data = _write(case)
    assert blob.decode(data)[7][6] == expect
    assert list(blob.read(data)["state"]["counters"].values()) == expect


def test_reader_accepts_three_counters_and_minimal_state():
    case = _net()
    body = blob.case_to_body(case)
    body[7] = {0: 3, 1: blob.tensor(blob.TAG_U32, [9, 9, 9, 9]),
               2: [{3: blob.tensor(blob.TAG_U8, [0] * p["size"])} for p in case["populations"]],
               6: [4, 5, 6]}
    data = blob.encode(body)
    blob.validate(data)
    st = blob.read(data)["state"]
    assert st["counters"] == dict(zip(blob.COUNTERS, [4, 5, 6, 0, 0, 0]))
    assert "plasticity" not in st and "encoders" not in st


def test_extension_keys_in_new_maps_are_written_and_skipped():
    case = _learning_case()
    case["state"] = _state(case, RULES)
    places = ("plasticity", "power", "state", "population_state", "encoder_state",
              "decoder_state", "plasticity_state")
    data = _write(case, extensions={p: {-1: "x", -7: [1, {-2: b"\x00"}]} for p in places})
    body = blob.decode(data)
    assert body[6][0][-1] == "x" and body[8][-7][0] == 1 and body[7][-1] == "x"
    assert body[7][7][0][-1] == "x" and body[7][2][0][-1] == "x"
    net = blob.read(data)
    assert net["plasticity"] == RULES and net["power"] == POWER
    assert blob.encode(blob.case_to_body(net)) == blob.encode(blob.case_to_body(case))
    # a power map of extension keys only, with the default power
    data = _write(_net(), extensions={"power": {-3: 3}})
    assert blob.decode(data)[8] == {-3: 3}
    assert blob.read(data)["power"] == blob.POWER_DEFAULT


def test_projection_by_name():
    case = _net()
    case["plasticity"] = [{"projection": "hidden_in", "rule": "stdp_nearest"}]
    names = {"projections": ["hidden_in", "sparse_in", None, "conv"]}
    body = blob.case_to_body(case, names=names)
    assert body[6] == [{0: 0, 1: 0}]
    case["plasticity"] = [{"projection": "nope", "rule": "stdp_nearest"}]
    with pytest.raises(blob.BlobError, match=r"plasticity\[0\]\.projection='nope'.*hidden_in"):
        blob.case_to_body(case, names=names)


# ------------------------------------------------------------------------------ refusals

# (field, value, message) for plasticity[0] on the DENSE projection 0 (rule stdp_nearest
# unless the field is "rule"); cddl: the CDDL can express the refusal
BAD_RULES = [
    ("rule", 4, r"rule=4: outside 0\.\.3", True),
    ("rule", "stdp", r"rule='stdp': expected one of", False),
    ("a_plus", -1, r"a_plus=-1: outside 0\.\.16777216", True),
    ("a_plus", 2**24 + 1, r"a_plus=16777217: outside", True),
    ("a_plus", 1.5, r"a_plus=1\.5: expected an integer", True),
    ("a_minus", 2**24 + 1, r"a_minus=16777217: outside", True),
    ("decay_pre", 65537, r"decay_pre=65537: outside 0\.\.65536", True),
    ("decay_post", -1, r"decay_post=-1: outside", True),
    ("decay_elig", 65537, r"decay_elig=65537: outside", True),
    ("w_min", -129, r"w_min=-129: outside -128\.\.127", True),
    ("w_max", 128, r"w_max=128: outside -128\.\.127", True),
    ("w_min", 5, r"w_min=5: greater than w_max=4", False),  # with w_max 4
    ("bounds", 2, r"bounds=2: outside 0\.\.1", True),
    ("bounds", "elastic", r"bounds='elastic': expected one of hard, soft", False),
    ("learning_rate", 2**24 + 1, r"learning_rate=16777217: outside", True),
    ("norm_target", 2**23 + 1, r"norm_target=8388609: outside 0\.\.8388608", True),
    ("norm_target", -1, r"norm_target=-1: outside", True),
    ("enabled", 1, r"enabled=1: expected true or false", True),
    ("projection", 9, r"projection=9: outside 0\.\.3", False),
    ("projection", -1, r"projection=-1: outside", True),
    ("color", 3, r"plasticity\[0\]\.color: unknown field", False),
]


def _rule_case(field, value):
    case = _net()
    r = {"projection": 0, "rule": "stdp_nearest", field: value}
    if field == "w_min" and value == 5:
        r["w_max"] = 4
    case["plasticity"] = [r]
    return case


@pytest.mark.parametrize("field,value,msg,cddl", BAD_RULES,
                         ids=[f"{f}={v!r}" for f, v, *_ in BAD_RULES])
def test_writer_refuses_bad_rule_field(field, value, msg, cddl):
    with pytest.raises(blob.BlobError, match=r"plasticity\[0\]\." + msg if not
                       msg.startswith("plasticity") else msg):
        blob.case_to_body(_rule_case(field, value))


KEYS = {f: k for f, k, *_ in blob.PLASTICITY_KEYS} | {"rule": 1, "enabled": 12,
                                                       "projection": 0}


@pytest.mark.parametrize("field,value", [(f, v) for f, v, _m, c in BAD_RULES
                                         if c and not isinstance(v, str)])
def test_cddl_refuses_bad_rule_field(field, value):
    body = blob.case_to_body(_net())
    body[6] = [{0: 0, 1: 0, KEYS[field]: value}]
    with pytest.raises(blob.BlobError, match="does not match docs/model.cddl"):
        blob.validate(blob.encode(body))


SEMANTIC_ONLY = [  # the CDDL accepts these; the writer and the reader refuse them
    ({0: 0, 1: 0, 6: 5, 7: 4}, r"w_min=5: greater than w_max=4"),
    ({0: 3, 1: 0}, r"projection=3: projection 3 is CONV2D"),
    ({0: 1, 1: 0, 11: 10}, r"norm_target=10: .*on a SPARSE projection"),
    ({0: 2, 1: 1, 11: 10}, r"norm_target=10: .*ONE_TO_ONE"),
    ({0: 0, 1: 2, 11: 10}, r"norm_target=10: .*rstdp_nearest on a DENSE"),
    ({0: 0, 1: 3, 11: 10}, r"norm_target=10: .*rstdp_all"),
    ({0: 7, 1: 0}, r"projection=7: outside 0\.\.3"),
]


@pytest.mark.parametrize("m,msg", SEMANTIC_ONLY)
def test_semantic_rule_checks_writer_and_reader(m, msg):
    body = blob.case_to_body(_net())
    body[6] = [m]
    data = blob.encode(body)
    blob.validate(data)  # the schema cannot say it
    with pytest.raises(blob.BlobError, match=msg):
        blob.read(data)
    case = _net()
    r = {"projection": m[0], "rule": m[1]}
    r.update({f: m[k] for f, k, *_ in blob.PLASTICITY_KEYS if k in m})
    case["plasticity"] = [r]
    with pytest.raises(blob.BlobError, match=msg):
        blob.case_to_body(case)


def test_at_most_one_rule_per_projection():
    case = _net()
    case["plasticity"] = [{"projection": 1, "rule": "stdp_nearest"},
                          {"projection": 1, "rule": "rstdp_all"}]
    with pytest.raises(blob.BlobError, match=r"plasticity\[1\]\.projection=1: projection 1 "
                                             r"already has a learning rule \(plasticity\[0\]\)"):
        blob.case_to_body(case)
    body = blob.case_to_body(_net())
    body[6] = [{0: 1, 1: 0}, {0: 1, 1: 3}]
    blob.validate(blob.encode(body))
    with pytest.raises(blob.BlobError, match="already has a learning rule"):
        blob.read(blob.encode(body))


def test_missing_rule_fields_refused():
    case = _net()
    case["plasticity"] = [{"projection": 0}]
    with pytest.raises(blob.BlobError, match=r"plasticity\[0\]\.rule: missing"):
        blob.case_to_body(case)
    body = blob.case_to_body(_net())
    body[6] = [{0: 0}]
    with pytest.raises(blob.BlobError, match="does not match"):
        blob.validate(blob.encode(body))
    with pytest.raises(blob.BlobError, match=r"plasticity\[0\]\.1: missing"):
        blob.read(blob.encode(body))
    body[6] = [{0: 0, 1: 0, 13: 1}]
    with pytest.raises(blob.BlobError, match=r"plasticity\[0\]\.13: unknown required field"):
        blob.read(blob.encode(body))


BAD_POWER = [
    ({"mode": 3}, r"power\.mode=3: outside 0\.\.2", {0: 3}),
    ({"mode": "turbo"}, r"power\.mode='turbo': expected one of normal, low, full", None),
    ({"fold": 1}, r"power\.fold=1: outside 2\.\.256", {1: 1}),
    ({"fold": 257}, r"power\.fold=257: outside 2\.\.256", {1: 257}),
    ({"threshold_scale": 0}, r"power\.threshold_scale=0: outside 1\.\.1048576", {2: 0}),
    ({"threshold_scale": 2**20 + 1}, r"power\.threshold_scale=1048577: outside", {2: 2**20 + 1}),
    ({"fold": 2.0}, r"power\.fold=2\.0: expected an integer", {1: 2.0}),
    ({"speed": 1}, r"power\.speed: unknown field", {3: 1}),
]


@pytest.mark.parametrize("power,msg,raw", BAD_POWER, ids=[m for _p, m, _r in BAD_POWER])
def test_bad_power_refused(power, msg, raw):
    case = _net()
    case["power"] = power
    with pytest.raises(blob.BlobError, match=msg):
        blob.case_to_body(case)
    if raw is not None:
        body = blob.case_to_body(_net())
        body[8] = raw
        with pytest.raises(blob.BlobError, match="does not match docs/model.cddl"):
            blob.validate(blob.encode(body))


def test_low_power_refused_with_izh():
    case = _net()
    case["populations"][5] = _pop(4, "izh", izh_a=1311, izh_b=13107, izh_c=-12800,
                                  izh_d=512, v_peak=7680)
    case["power"] = {"mode": "low"}
    with pytest.raises(blob.BlobError, match=r"power\.mode='low': population 5 is IZH"):
        blob.case_to_body(case)
    case["power"] = {"mode": "full", "fold": 3}
    blob.case_to_body(case)


def _bad_state(mutate):
    case = _learning_case()
    case["state"] = _state(case, RULES)
    mutate(case["state"])
    return case


BAD_STATE = [
    (lambda s: s["counters"].update(spikes=-1), r"state\.counters\.spikes=-1: outside"),
    (lambda s: s["counters"].update(spikes=2**64), r"state\.counters\.spikes=18446744073709551616"),
    (lambda s: s["counters"].update(joules=1), r"state\.counters\.joules: unknown field"),
    (lambda s: s.update(counters=[1] * 7), r"state\.counters: 7 counters, expected 3\.\.6"),
    (lambda s: s.update(counters=[1, 2]), r"state\.counters: 2 counters, expected 3\.\.6"),
    (lambda s: s.update(tick=-1), r"state\.tick=-1: outside"),
    (lambda s: s.update(prng=[0, 0, 0, 0]), r"state\.prng=\[0, 0, 0, 0\]"),
    (lambda s: s.update(prng=[1, 2, 3]), r"state\.prng: 3 values, expected 4"),
    (lambda s: s.pop("populations"), r"state\.populations: missing"),
    (lambda s: s["populations"].pop(), r"state\.populations: 6 entries, expected 7"),
    (lambda s: s["populations"][1]["v"].append(0), r"state\.populations\[1\]\.v: 4 values, expected 3"),
    (lambda s: s["populations"][1].update(spiked=[2, 0, 0]), r"state\.populations\[1\]\.spiked\[0\]=2: outside 0\.\.1"),
    (lambda s: s["populations"][1].pop("spiked"), r"state\.populations\[1\]\.spiked: missing"),
    (lambda s: s["populations"][0].update(history=[0] * 5), r"history: 5 values, not a multiple of 4"),
    (lambda s: s["populations"][1].update(refractory=[70000, 0, 0]), r"refractory\[0\]=70000: outside 0\.\.65535"),
    (lambda s: s["encoders"][2].update(values=[1, 2, 3, 4]), r"state\.encoders\[2\]\.values: 4 values, expected 3"),
    (lambda s: s["decoders"][0].update(values=[-1, 0, 0]), r"state\.decoders\[0\]\.values\[0\]=-1"),
    (lambda s: s.update(decoder_window_start=2**64), r"decoder_window_start=18446744073709551616"),
    (lambda s: (s.update(tick=5), s.update(decoder_window_start=6)), r"decoder_window_start=6: after state\.tick=5"),
    (lambda s: s["plasticity"].pop(), r"state\.plasticity: 2 entries, expected 3"),
    (lambda s: s["plasticity"][0].update(pre=[0, 0, 0]), r"state\.plasticity\[0\]\.pre: 3 values, expected 4"),
    (lambda s: s["plasticity"][0].update(post=[2**31, 0, 0]), r"state\.plasticity\[0\]\.post\[0\]=2147483648"),
    (lambda s: s["plasticity"][0].update(eligibility=[0] * 12, stamps=[0] * 12),
     r"state\.plasticity\[0\]\.eligibility: only the R-STDP rules"),
    (lambda s: s["plasticity"][1].pop("stamps"), r"state\.plasticity\[1\]\.stamps: missing"),
    (lambda s: s["plasticity"][2].update(stamps=[1, 2, 3]), r"state\.plasticity\[2\]\.stamps: 3 values, expected 4"),
    (lambda s: s["plasticity"][2].update(stamps=[-1, 0, 0, 0]), r"stamps\[0\]=-1: outside 0\.\.4294967295"),
    (lambda s: s.update(weights=[]), r"state\.weights: unknown field"),
]


@pytest.mark.parametrize("mutate,msg", BAD_STATE, ids=[m for _f, m in BAD_STATE])
def test_bad_state_refused(mutate, msg):
    with pytest.raises(blob.BlobError, match=msg):
        blob.case_to_body(_bad_state(mutate))


@pytest.mark.parametrize("counters", [[1, 2], [1] * 7, [2**64] * 3, [-1, 0, 0]])
def test_cddl_refuses_bad_counters(counters):
    case = _learning_case()
    case["state"] = _state(case, RULES)
    body = blob.case_to_body(case)
    body[7][6] = counters
    with pytest.raises(blob.BlobError, match=r"does not match.*path 2/7/6"):
        blob.validate(blob.encode(body))


@pytest.mark.parametrize("entry", [{0: "pre"}, {1: "post"}, {2: "elig"}, {3: "stamps"}])
def test_cddl_refuses_wrong_plasticity_state_tensors(entry):
    case = _learning_case()
    case["state"] = _state(case, RULES)
    body = blob.case_to_body(case)
    key = next(iter(entry))
    wrong = blob.TAG_U32 if key != 3 else blob.TAG_I32
    body[7][7][1][key] = blob.tensor(wrong, [0] * 3)
    with pytest.raises(blob.BlobError, match=r"does not match.*path 2/7/7/1"):
        blob.validate(blob.encode(body))
    del body[7][7][1][key]
    if key in (0, 1):  # traces are required
        with pytest.raises(blob.BlobError, match="Missing required field"):
            blob.validate(blob.encode(body))


# ------------------------------------------------------------------------------ goldens

def test_golden_cases_carry_plasticity_and_power():
    """Every golden JSON case (the plasticity / power ones once they exist) reads back
    from its blob with the same rules and power configuration."""
    for name, case in goldens.golden_cases():
        net = blob.read(goldens.golden_blob(case))
        assert net["plasticity"] == blob.normalize_plasticity(
            case.get("plasticity"), case.get("projections", [])), name
        assert net["power"] == blob.normalize_power(case.get("power")), name


def test_golden_format_case_with_learning():
    """A case in the golden JSON format (all rule fields, enum names) becomes a blob with
    body keys 6 and 8 through goldens.golden_blob, as the converter writes it."""
    case = json.loads(json.dumps(_learning_case()))
    data = goldens.golden_blob(case)
    blob.validate(data)
    net = blob.read(data)
    assert net["plasticity"] == case["plasticity"]
    assert net["power"] == case["power"]


# ------------------------------------------------------------------------------ exporter

def test_tau_conversions():
    assert export.tau_to_decay(20) == round(math.exp(-1 / 20) * 65536) == 62340
    assert export.tau_to_decay(math.inf) == 65536
    assert export.tau_to_decay(1e-9) == 0
    assert abs(export.decay_to_tau(62340) - 20) < 0.01
    assert export.decay_to_tau(0) == 0 and export.decay_to_tau(65536) == math.inf
    for bad in (0, -3, "x", float("nan")):
        with pytest.raises(blob.BlobError, match="tau"):
            export.tau_to_decay(bad)


def test_parse_plasticity_spec():
    r = export.parse_plasticity(
        "projection=0,rule=stdp_nearest,a_plus=32768,a_minus=16384,tau_pre=20,tau_post=20,"
        "w_min=0,w_max=127,bounds=soft,norm_target=0")
    assert r == {"projection": 0, "rule": "stdp_nearest", "a_plus": 32768, "a_minus": 16384,
                 "decay_pre": 62340, "decay_post": 62340, "w_min": 0, "w_max": 127,
                 "bounds": "soft", "learning_rate": 0, "decay_elig": 0, "norm_target": 0,
                 "enabled": True}
    r = export.parse_plasticity("projection=input->lif1 D=3,rule=rstdp_all,a_plus_steps=0.5,"
                                "a_minus_steps=0.25,decay_pre=100,decay_post=200,"
                                "tau_elig=1000,learning_rate_factor=0.125,enabled=false")
    assert r["projection"] == "input->lif1 D=3"
    assert (r["a_plus"], r["a_minus"], r["learning_rate"]) == (32768, 16384, 8192)
    assert r["decay_elig"] == round(math.exp(-1 / 1000) * 65536) and r["enabled"] is False
    assert export.learning_rule(1, "stdp_all", a_plus_steps=0.5) == \
        export.parse_plasticity("projection=1,rule=stdp_all,a_plus_steps=0.5")


BAD_SPECS = [
    ("projection=0,rule=stdp_nearest,a_plus=1.5", r"a_plus='1\.5': expected an integer.*a_plus_steps"),
    ("projection=0,rule=hebb", r"rule='hebb': expected one of"),
    ("projection=0,rule=stdp_all,a_plus_steps=300", r"a_plus=19660800: outside 0\.\.16777216 \(from a_plus_steps=300\.0\)"),
    ("projection=0,rule=rstdp_all,norm_target=5", r"norm_target=5: normalization is only for STDP"),
    ("projection=0,rule=stdp_all,w_min=5,w_max=3", r"w_min=5: greater than w_max=3"),
    ("projection=0,rule=stdp_all,tau_pre=-1", r"tau_pre=-1\.0: a time constant must be > 0"),
    ("projection=0,rule=stdp_all,tau_pre=2,decay_pre=3", r"both decay_pre=3 and tau_pre=2\.0"),
    ("projection=0", r"rule: missing"),
    ("rule=stdp_all", r"projection: missing"),
    ("projection=0,rule=stdp_all,zz=1", r"unknown key 'zz'"),
    ("projection=0,rule=stdp_all,w_max=1,w_max=2", r"w_max given twice"),
    ("projection=0,rule=stdp_all,enabled=maybe", r"enabled='maybe': expected true or false"),
    ("projection=0,rule=stdp_all,decay_post=0.9", r"decay_post='0\.9'.*tau_post="),
    ("projection=0,rule=stdp_all,w_min=-129", r"w_min=-129: outside -128\.\.127"),
    ("projection=0,rule=stdp_all,bounds=rubber", r"bounds='rubber'"),
    ("projection=0,rule", r"item 'rule' is not key=value"),
]


@pytest.mark.parametrize("spec,msg", BAD_SPECS, ids=[s for s, _m in BAD_SPECS])
def test_bad_plasticity_spec(spec, msg):
    with pytest.raises(blob.BlobError, match=r"--plasticity '.*': .*" + msg):
        export.parse_plasticity(spec)


def test_parse_power_spec():
    assert export.parse_power("mode=low,fold=2,threshold_scale=1.5") == \
        {"mode": "low", "fold": 2, "threshold_scale": 98304}
    assert export.parse_power("mode=full,threshold_scale_q16=70000") == \
        {"mode": "full", "fold": 2, "threshold_scale": 70000}
    assert export.power_config() == blob.POWER_DEFAULT
    for spec, msg in [("mode=low,fold=1", r"fold=1: outside 2\.\.256"),
                      ("threshold_scale=20", r"threshold_scale=1310720: outside 1\.\.1048576 "
                                             r"\(from threshold_scale=20\.0\)"),
                      ("mode=eco", r"mode='eco'"), ("fold=2.5", r"fold='2\.5'"),
                      ("threshold_scale=1.5,threshold_scale_q16=98304", "use one"),
                      ("volts=3", "unknown key 'volts'")]:
        with pytest.raises(blob.BlobError, match=r"--power '.*': .*" + msg):
            export.parse_power(spec)


def test_export_api_with_learning_and_power(capsys):
    g = nirsamples.graphs()["lif_two_layer"]
    data, ex = export.export(
        g, name="learn",
        plasticity=[export.learning_rule(0, "stdp_nearest", a_plus_steps=0.5, a_minus=16384,
                                         tau_pre=20, tau_post=20, w_min=-100, w_max=100,
                                         bounds="soft", norm_target=0),
                    "projection=1,rule=rstdp_all,a_plus=100,tau_elig=200,learning_rate=65536"],
        power="mode=low,fold=2,threshold_scale=1.5")
    out = capsys.readouterr().out
    assert "plasticity [0] projection 0" in out and "power: low" in out
    blob.validate(data)
    net = blob.read(data)
    assert [r["rule"] for r in net["plasticity"]] == ["stdp_nearest", "rstdp_all"]
    assert net["plasticity"][0]["decay_pre"] == 62340
    assert net["power"] == {"mode": "low", "fold": 2, "threshold_scale": 98304}
    assert net["projections"][0]["plastic"] and net["projections"][1]["plastic"]
    # by name: the labels of the report
    name = ex.names["projections"][1]
    data2, _ = export.export(g, name="learn", quiet=True, plasticity=[
        export.learning_rule(name, "rstdp_all", a_plus=100, tau_elig=200, learning_rate=65536)])
    assert blob.read(data2)["plasticity"][0]["projection"] == 1
    with pytest.raises(blob.BlobError, match=r"projection='nope': no projection has that name"):
        export.export(g, quiet=True, plasticity=["projection=nope,rule=stdp_all"])


def test_export_cli_plasticity_and_power(tmp_path, capsys):
    import nir

    g = nirsamples.graphs()["conv"]
    path = tmp_path / "g.nir"
    nir.write(str(path), g)
    out = tmp_path / "g.spkb"
    ex = export.export(g, quiet=True)[1]
    kinds = [q["kind"] for q in ex.network["projections"]]
    j = next(k for k, kd in enumerate(kinds) if kd != "conv2d")
    conv = kinds.index("conv2d")
    assert export.main([str(path), "-o", str(out), "-q",
                        "--plasticity", f"projection={j},rule=stdp_all,a_plus_steps=0.25,"
                                        f"a_minus_steps=0.125,tau_pre=10,tau_post=15,"
                                        f"bounds=hard",
                        "--power", "mode=full"]) == 0
    net = blob.read(out.read_bytes())
    assert net["plasticity"][0]["projection"] == j
    assert net["plasticity"][0]["decay_post"] == round(math.exp(-1 / 15) * 65536)
    assert net["power"]["mode"] == "full"
    capsys.readouterr()
    assert export.main([str(path), "-o", str(tmp_path / "x.spkb"), "-q",
                        "--plasticity", f"projection={conv},rule=stdp_all"]) == 2
    err = capsys.readouterr().err
    assert f"plasticity[0].projection={conv}: projection {conv} is CONV2D" in err
    assert export.main([str(path), "-o", str(tmp_path / "x.spkb"), "-q",
                        "--power", "mode=low,fold=300"]) == 2
    assert "fold=300: outside 2..256" in capsys.readouterr().err


def test_attach_keeps_names_and_extensions():
    case = _net()
    names = {"projections": ["a", "b", "c", "d"], "populations": ["in"] + [None] * 6}
    base = blob.encode(blob.case_to_body(case, names=names,
                                         extensions={"projection": {-1: "keep"},
                                                     "body": {-9: 9}}))
    data = export.attach(base, plasticity=["projection=b,rule=rstdp_nearest,tau_elig=50"],
                         power=export.power_config("low", 4, threshold_scale=2.0))
    body = blob.decode(data)
    assert body[-9] == 9 and body[3][1][-1] == "keep" and body[3][1][9] is True
    assert list(body[3][1]) == [0, 1, 2, 5, 6, 7, 9, 10, -1]
    net = blob.read(data)
    assert net["names"]["projections"] == ["a", "b", "c", "d"]
    assert net["plasticity"][0]["projection"] == 1
    assert net["power"] == {"mode": "low", "fold": 4, "threshold_scale": 131072}
    # replace, keep, remove
    again = export.attach(data, power="mode=normal")
    assert 8 not in blob.decode(again) and blob.decode(again)[6] == body[6]
    assert 6 not in blob.decode(export.attach(data, plasticity=[]))
    with pytest.raises(blob.BlobError, match="CONV2D"):
        export.attach(base, plasticity=[{"projection": "d", "rule": "stdp_all"}])


# ------------------------------------------------------------------------------ inspect

def test_inspect_shows_rules_power_and_traces(tmp_path, capsys):
    case = _learning_case()
    case["plasticity"][0]["enabled"] = True
    case["state"] = _state(case, RULES)
    case["state"]["tick"] = 100
    path = tmp_path / "ck.spkb"
    blob.write(str(path), blob.case_to_body(case))
    d = inspect_blob.describe(str(path))
    json.dumps(d)
    r0, r1 = d["plasticity"][0], d["plasticity"][1]
    assert r0["tau_pre"] is None and r0["tau_post"] == pytest.approx(1 / math.log(65536), rel=1e-5)
    assert r1["tau_pre"] == pytest.approx(20, abs=0.01) and r1["a_minus_steps"] == 256
    assert d["power"]["threshold_scale_factor"] == 16
    st = d["state"]
    assert st["tick"] == 100 and st["counters"]["input_spikes"] == 13
    assert st["traces"][1]["eligibility"] == {"count": 3, "nonzero": 3, "min": -5,
                                              "max": 2**31 - 1, "mean": round((2**31 - 1 + 1) / 3, 2)}
    assert st["traces"][0]["pre"]["nonzero"] == 3
    assert inspect_blob.main([str(path)]) == 0
    text = capsys.readouterr().out
    assert "plasticity (3):" in text and "rstdp_nearest" in text and "decay_pre=62340 (tau 20.0015 ticks)" in text
    assert "power: low (low-power fold 256" in text and "checkpoint: tick 100" in text
    assert "rule [1] traces: pre 1/4 nonzero" in text and "stamps 0..4294967295" in text
    assert "plasticity_updates=15" in text


def test_arena_mirror_counts_learning_buffers():
    net = {"populations": [{"size": 2, "model": "input"}, {"size": 4, "model": "lif"}],
           "projections": [{"source": 0, "target": 1, "kind": "dense", "delay": 0,
                            "weights": [0] * 8, "row_ptr": [], "col": []}],
           "encoders": [], "decoders": [{"population": 1, "kind": "count"}]}
    base = inspect_blob.arena_size(net)
    base_xip = inspect_blob.arena_size(net, tensors_in_place=True)
    net["plasticity"] = [{"projection": 0, "rule": "stdp_nearest"}]
    # record 128, pre 2*4 -> 16, post 4*4 16, scratch 2*4*4 32, row flags 2 -> 16
    assert inspect_blob.arena_size(net) == base + 128 + 16 + 16 + 32 + 16
    # in place, the plastic weights are copied all the same (8 -> 16)
    assert inspect_blob.arena_size(net, tensors_in_place=True) == base_xip + 128 + 80 + 16
    net["plasticity"] = [{"projection": 0, "rule": "rstdp_all"}]
    # + eligibility 8*4 = 32 and stamps 8*4 = 32
    assert inspect_blob.arena_size(net) == base + 128 + 80 + 64


def test_negative_traces_refused():
    """Traces are never negative (SEMANTICS.md 11.2); a state that says otherwise is
    refused, as the runtime's loader refuses it."""
    case = _bad_state(lambda st: st["plasticity"][0]["pre"].__setitem__(1, -1))
    with pytest.raises(blob.BlobError, match=r"pre\[1\]=-1: traces are never negative"):
        blob.case_to_body(case)
