"""spikert_tools.cvectors: the .vec files carry exactly what the golden JSON says.

The check parses each .vec back (as the C reader does: split lines on spaces) and
compares every record with the JSON, so a formatting slip cannot hide a value."""

import json
import os

import pytest

from spikert_tools import blob, cvectors, goldens


def parse(text):
    lines = text.split("\n")
    assert lines[-1] == "" and lines[-2] == "end"
    recs = [ln.split(" ") for ln in lines[:-1]]
    assert recs[0] == ["spikert-vectors", "1"]
    return recs


def rebuild(recs):
    """.vec records -> the JSON fields they came from."""
    head, inputs = {}, {"spikes": [], "values": []}
    exp = {"spikes": [], "membrane": {}, "decoders": [], "counters": {}}
    names = []
    for r in recs:
        k, a = r[0], r[1:]
        if k in ("case", "source", "blob"):
            head[k] = a[0]
        elif k in ("ticks", "tick_ns"):
            head[k] = int(a[0])
        elif k == "seed":
            head[k] = a[0]
        elif k in ("population", "projection", "encoder", "decoder"):
            head.setdefault(k, []).append([int(x) for x in a])
        elif k == "name":
            names.append((int(a[0]), int(a[1]), " ".join(a[2:])))
        elif k == "input_spike":
            inputs["spikes"].append([int(x) for x in a])
        elif k == "input_value":
            inputs["values"].append([int(x) for x in a])
        elif k == "spike":
            exp["spikes"].append([int(x) for x in a])
        elif k == "membrane":
            t, p, n = int(a[0]), a[1], int(a[2])
            assert len(a) == 3 + n
            exp["membrane"].setdefault(p, []).append([int(x) for x in a[3:]])
            assert len(exp["membrane"][p]) == t + 1
        elif k == "decoder_values":
            i, n = int(a[0]), int(a[1])
            assert i == len(exp["decoders"]) and len(a) == 2 + n
            exp["decoders"].append([int(x) for x in a[2:]])
        elif k == "counter":
            exp["counters"][a[0]] = int(a[1])
        elif k == "hash":
            assert len(a[0]) == 18 and a[0] == a[0].lower()
            exp["final_hash"] = a[0]
    return head, inputs, exp, names


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
    assert head["ticks"] == case["ticks"] and head["tick_ns"] == blob.DT_DEFAULT_NS
    assert int(head["seed"], 16) == int(case["seed"], 16)
    assert [p[1] for p in head["population"]] == [p["size"] for p in case["populations"]]
    assert len(head.get("projection", [])) == len(case["projections"])
    assert len(head.get("encoder", [])) == len(case["encoders"])
    assert len(head.get("decoder", [])) == len(case["decoders"])
    # inputs: same multiset, ticks ascending, order within a tick kept
    for key in ("spikes", "values"):
        got, want = inputs[key], case["inputs"][key]
        assert sorted(map(tuple, got)) == sorted(map(tuple, want))
        assert [r[0] for r in got] == sorted(r[0] for r in got)
        for t in {r[0] for r in want}:
            assert [r for r in got if r[0] == t] == [r for r in want if r[0] == t]
    want = case["expected"]
    assert exp["spikes"] == sorted(want["spikes"])
    assert exp["membrane"] == want["membrane"]
    assert exp["decoders"] == want["decoders"]
    assert exp["counters"] == want["counters"]
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


def test_cli_writes_selected_and_refuses_unknown(tmp_path, capsys):
    assert cvectors.main(["--out", str(tmp_path), "enc_rate", "names_only"]) == 0
    assert sorted(os.listdir(tmp_path)) == ["INDEX", "enc_rate.vec", "names_only.vec"]
    with open(tmp_path / "INDEX", encoding="ascii") as f:
        assert f.read() == "enc_rate.vec\nnames_only.vec\n"
    with open(tmp_path / "enc_rate.vec", encoding="ascii") as f:
        assert f.read() == cvectors.vector("enc_rate")
    assert cvectors.main(["--out", str(tmp_path), "no_such_case"]) == 2
    assert "no_such_case" in capsys.readouterr().err
