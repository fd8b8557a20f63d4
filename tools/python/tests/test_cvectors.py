"""spikert_tools.cvectors: the .vec files carry exactly what the golden JSON says.

The check parses each .vec back (as the C reader does: split lines on spaces) and
compares every record with the JSON, so a formatting slip cannot hide a value. The step
table (tick counter per explicit step), which cvectors derives from the actions, is
checked against the numpy reference's own tick counter in
tools/crosscheck/test_cvectors_ticks.py."""

import os

import pytest

from spikert_tools import blob, cvectors, goldens, schema


def parse(text):
    lines = text.split("\n")
    assert lines[-1] == "" and lines[-2] == "end"
    recs = [ln.split(" ") for ln in lines[:-1]]
    assert recs[0] == ["spikert-vectors", "2"]
    return recs


def rebuild(recs):
    """.vec records -> the JSON fields they came from."""
    head, inputs = {}, {"spikes": [], "values": [], "actions": []}
    exp = {"spikes": [], "membrane": {}, "decoders": [], "counters": {}}
    names, steps = [], []
    for r in recs:
        k, a = r[0], r[1:]
        if k in ("case", "source", "blob"):
            head[k] = a[0]
        elif k in ("steps", "tick_ns", "rules"):
            head[k] = int(a[0])
        elif k == "seed":
            head[k] = a[0]
        elif k == "power":
            head[k] = [int(x) for x in a]
        elif k in ("population", "projection", "encoder", "decoder", "rule"):
            head.setdefault(k, []).append([int(x) for x in a])
        elif k == "name":
            names.append((int(a[0]), int(a[1]), " ".join(a[2:])))
        elif k == "step":
            assert int(a[0]) == len(steps) and len(a) == 3
            steps.append((int(a[1]), int(a[2])))
        elif k == "action":
            inputs["actions"].append([int(a[0]), a[1]] + [int(x) for x in a[2:]])
        elif k == "input_spike":
            inputs["spikes"].append([int(x) for x in a])
        elif k == "input_value":
            inputs["values"].append([int(x) for x in a])
        elif k == "spike":
            exp["spikes"].append([int(x) for x in a])
        elif k == "membrane":
            s, p, n = int(a[0]), a[1], int(a[2])
            assert len(a) == 3 + n
            exp["membrane"].setdefault(p, []).append([int(x) for x in a[3:]])
            assert len(exp["membrane"][p]) == s + 1
        elif k == "quiescent":
            assert len(a) == 1
            exp["quiescent"] = a[0]
        elif k == "decoder_values":
            i, n = int(a[0]), int(a[1])
            assert i == len(exp["decoders"]) and len(a) == 2 + n
            exp["decoders"].append([int(x) for x in a[2:]])
        elif k == "counter":
            assert a[0] not in exp["counters"]
            exp["counters"][a[0]] = int(a[1])
        elif k == "hash":
            assert len(a[0]) == 18 and a[0] == a[0].lower()
            exp["final_hash"] = a[0]
    head["steps_table"] = steps
    return head, inputs, exp, names


def json_actions_as_c(case):
    """The JSON actions as the C records must say them (independent of cvectors)."""
    rules = case.get("plasticity") or []
    params = ["a_plus", "a_minus", "decay_pre", "decay_post", "w_min", "w_max",
              "learning_rate", "decay_elig", "bounds", "norm_target"]
    out = []
    for a in case["inputs"].get("actions") or []:
        s, kind, args = a[0], a[1], a[2:]
        if kind == "power":
            mode = {"normal": 0, "low": 1, "full": 2}[args[0]]
            out.append([s, kind, mode, args[1] if mode == 1 else 1])
        elif kind == "learning":
            out.append([s, kind, rules[args[0]]["projection"], int(bool(args[1]))])
        elif kind == "param":
            v = args[2]
            if args[1] == "bounds" and isinstance(v, str):
                v = ["hard", "soft"].index(v)
            out.append([s, kind, rules[args[0]]["projection"], params.index(args[1]), v])
        else:
            out.append([s, kind] + list(args))
    return out


@pytest.mark.parametrize("name", cvectors.all_names())
def test_vec_matches_json(name):
    text = cvectors.vector(name)
    assert text == cvectors.vector(name)  # deterministic
    assert text.isascii() and "\t" not in text and "\n\n" not in text
    head, inputs, exp, names = rebuild(parse(text))
    stem, rel = cvectors.source_of(name)
    case = cvectors.load_case(stem)
    assert head["case"] == name and head["source"] == f"Golden/{stem}.json"
    assert os.path.isfile(os.path.join(cvectors.BLOBS, head["blob"])) and head["blob"] == rel
    assert head["steps"] == case["ticks"] and head["tick_ns"] == blob.DT_DEFAULT_NS
    assert int(head["seed"], 16) == int(case["seed"], 16)
    assert [p[1] for p in head["population"]] == [p["size"] for p in case["populations"]]
    assert head.get("projection", []) == [
        [i, q["source"], q["target"], q["delay"], schema.KINDS.index(q["kind"])]
        for i, q in enumerate(case["projections"])]
    assert len(head.get("encoder", [])) == len(case["encoders"])
    assert len(head.get("decoder", [])) == len(case["decoders"])
    # power and rules: the JSON's, and what the blob (which the C program loads) says
    power = dict(case.get("power") or {"mode": "normal", "fold": 2, "threshold_scale": 65536})
    bnet = blob.read(os.path.join(cvectors.BLOBS, rel))
    for src in (power, bnet["power"]):
        assert head["power"] == [schema.POWER_MODES.index(src["mode"]), src["fold"],
                                 src["threshold_scale"]]
    rules = case.get("plasticity") or []
    assert head["rules"] == len(rules) == len(bnet["plasticity"])
    for r, (got, want, inblob) in enumerate(zip(head.get("rule", []), rules,
                                                bnet["plasticity"])):
        for src in (want, inblob):
            assert got[:4] == [r, src["projection"], schema.RULES.index(src["rule"]),
                               int(src["enabled"])]
            assert got[4:] == [src["a_plus"], src["a_minus"], src["decay_pre"],
                               src["decay_post"], src["w_min"], src["w_max"],
                               src["learning_rate"], src["decay_elig"],
                               schema.BOUNDS.index(src["bounds"]), src["norm_target"]]
    # inputs and actions: same multiset, steps ascending, order within a step kept
    want_actions = json_actions_as_c(case)
    for key, want in (("spikes", case["inputs"]["spikes"]),
                      ("values", case["inputs"]["values"]), ("actions", want_actions)):
        got = inputs[key]
        assert sorted(map(repr, got)) == sorted(map(repr, want))
        assert [r[0] for r in got] == sorted(r[0] for r in got)
        for s in {r[0] for r in want}:
            assert [r for r in got if r[0] == s] == [r for r in want if r[0] == s]
    # the step table: contiguous, and every spike at the start tick of some step
    table = head["steps_table"]
    assert len(table) == case["ticks"]
    assert all(t0 < t1 for t0, t1 in table)
    assert all(b[0] >= a[1] for a, b in zip(table, table[1:]))
    if not case["inputs"].get("actions") and power.get("mode", "normal") != "low":
        assert table == [(s, s + 1) for s in range(case["ticks"])]
    starts = {t0 for t0, _ in table}
    assert all(t in starts for t, _, _ in exp["spikes"])
    want = case["expected"]
    assert exp["spikes"] == sorted(want["spikes"])
    assert exp["membrane"] == want["membrane"]
    assert exp["quiescent"] == want["quiescent"]
    assert exp["decoders"] == want["decoders"]
    assert list(exp["counters"]) == list(cvectors.COUNTERS)
    assert exp["counters"] == dict(want["counters"], ticks=table[-1][1])
    assert int(exp["final_hash"], 16) == int(want["final_hash"], 16)
    if name == "names_only":
        assert (0, 1, "layer1") in names and (1, 0, "w0") in names and (3, 0, "out0") in names
    elif name not in cvectors.EXTRAS:
        assert names == []  # the golden blobs carry no names


@pytest.mark.parametrize("extra,base", sorted(cvectors.EXTRAS.items()))
def test_extras_carry_their_golden_network(extra, base):
    drop = ("name", "description", "names", "producer")
    got = blob.read(os.path.join(cvectors.BLOBS, "extras", extra + ".spkb"))
    want = blob.read(os.path.join(cvectors.BLOBS, base + ".spkb"))
    assert {k: v for k, v in got.items() if k not in drop} == \
           {k: v for k, v in want.items() if k not in drop}
    assert extra in goldens.extras()


def test_every_golden_and_extra_blob_is_covered():
    assert cvectors.golden_names() == [n for n, _ in goldens.golden_cases()]
    assert set(cvectors.EXTRAS) == set(goldens.extras())


def test_actions_map_rules_to_projections():
    """A rule index becomes its projection (the rules of stdp_sparse_one_to_one are
    listed in reverse projection order, so index and projection differ)."""
    case = {"ticks": 3, "plasticity": [{"projection": 2}, {"projection": 0}],
            "inputs": {"actions": [[2, "learning", 0, 0], [0, "param", 1, "bounds", "soft"],
                                   [0, "power", "full", 0], [1, "power", "low", 5],
                                   [1, "idle", 2], [2, "reset_decoders"]]}}
    acts = cvectors.c_actions("t", case)
    assert acts == [(0, "param", 0, 8, 1), (0, "power", 2, 1), (1, "power", 1, 5),
                    (1, "idle", 2), (2, "learning", 2, 0), (2, "reset_decoders")]
    # step 0: full, 1 tick; step 1: low fold 5 after idle(2) = 10 ticks; step 2: 5 ticks
    assert cvectors.step_ticks(case, acts) == [(0, 1), (11, 16), (16, 21)]
    with pytest.raises(cvectors.VectorError):
        cvectors.c_actions("t", dict(case, inputs={"actions": [[0, "learning", 2, 1]]}))
    with pytest.raises(cvectors.VectorError):
        cvectors.c_actions("t", dict(case, inputs={"actions": [[0, "param", 0, "gain", 1]]}))
    with pytest.raises(cvectors.VectorError):
        cvectors.c_actions("t", dict(case, inputs={"actions": [[3, "idle", 1]]}))


@pytest.mark.parametrize("name,data,status,field", cvectors.bad_blobs(),
                         ids=[b[0] for b in cvectors.bad_blobs()])
def test_bad_rule_blobs_are_whole_blobs_with_one_bad_rule(name, data, status, field):
    """Well-formed blobs with a valid CRC (so the loader reaches the rules), which the
    Python reader refuses for their learning rule, naming the field C expects."""
    blob.decode(data)
    with pytest.raises(blob.BlobError) as err:
        blob.read(data)
    assert "plasticity" in str(err.value)
    assert status in (cvectors.SPK_E_VALUE, cvectors.SPK_E_PLASTICITY)
    assert field in str(err.value)
    assert name.startswith("rule_") and " " not in name


def test_cli_writes_bad_rule_blobs_for_the_full_set(tmp_path):
    assert cvectors.main(["--out", str(tmp_path)]) == 0
    with open(tmp_path / "BAD", encoding="ascii") as f:
        rows = [ln.split(" ") for ln in f.read().splitlines()]
    want = cvectors.bad_blobs()
    assert rows == [[n, str(st), fld] for n, _, st, fld in want]
    for n, data, _, _ in want:
        assert (tmp_path / "bad" / (n + ".spkb")).read_bytes() == data
    with open(tmp_path / "INDEX", encoding="ascii") as f:
        assert f.read().split() == [n + ".vec" for n in cvectors.all_names()]


def test_cli_writes_selected_and_refuses_unknown(tmp_path, capsys):
    assert cvectors.main(["--out", str(tmp_path), "enc_rate", "names_only"]) == 0
    assert sorted(os.listdir(tmp_path)) == ["INDEX", "enc_rate.vec", "names_only.vec"]
    with open(tmp_path / "INDEX", encoding="ascii") as f:
        assert f.read() == "enc_rate.vec\nnames_only.vec\n"
    with open(tmp_path / "enc_rate.vec", encoding="ascii") as f:
        assert f.read() == cvectors.vector("enc_rate")
    assert cvectors.main(["--out", str(tmp_path), "no_such_case"]) == 2
    assert "no_such_case" in capsys.readouterr().err
