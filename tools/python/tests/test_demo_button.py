"""The button model of the README's Raspberry Pi walkthrough (spikert_tools.demo_button):
the committed files are what the tools write, and the model does what docs/demo/README.md
and the README promise — on the numpy reference always, and on the built `spikert` and
`spikertd` when they are there (SPIKERT_BIN=DIR names the directory holding both)."""

import os
import re
import subprocess

import pytest

from spikert_tools import blob, demo, demo_button as db
from spikert_tools import spikeref as sr
from spikert_tools.runner import CANDIDATES, ROOT

DEMO = os.path.join(ROOT, "docs", "demo")
STEP = db.A_PLUS // 65536           # weight steps one answer adds


def committed(name):
    with open(os.path.join(DEMO, name), "rb") as f:
        return f.read()


def fresh():
    return blob.read(db.build()["button.spkb"])


def with_weight(w):
    spec = fresh()
    spec["projections"][0]["weights"] = [w]
    return spec


def spike_ticks(data: bytes):
    lines = data.decode().splitlines()
    assert lines[0] == "tick,channel"
    return [int(line.split(",")[0]) for line in lines[1:]
            if line.split(",")[1] == "0"]


# ---- the files ------------------------------------------------------------------------

def test_committed_files_are_what_the_tools_write():
    for name, data in db.build().items():
        assert committed(name) == data, f"docs/demo/{name} is stale: python3 -m spikert_tools.demo"


def test_demo_check_covers_the_button_files(monkeypatch, tmp_path):
    for name, data in list(demo.build().items()) + list(db.build().items()):
        (tmp_path / name).write_bytes(data)
    monkeypatch.setattr(demo, "OUT", str(tmp_path))
    assert demo.main(["--check"]) == 0
    (tmp_path / "button-expected.csv").write_bytes(b"tick,channel\n")
    assert demo.main(["--check"]) == 1


def test_blob_is_valid_and_holds_the_documented_network():
    data = committed("button.spkb")
    blob.validate(data)
    net = blob.read(data)
    assert net["dt_ns"] == 1_000_000
    assert [p["size"] for p in net["populations"]] == [1, 1]
    assert net["populations"][1]["model"] in ("lif", sr.MODELS.index("lif"))
    assert len(net["decoders"]) == 1 and net["decoders"][0]["population"] == 1
    rule = net["plasticity"][0]
    assert rule["enabled"] and rule["a_minus"] == 0 and rule["w_max"] == db.W_MAX


# ---- what a person sees, on the reference ------------------------------------------------

def test_a_single_press_does_nothing_and_the_network_comes_to_rest():
    net = sr.Network(fresh())
    net.inject(0, 0)
    ticks_to_rest = None
    for t in range(5000):
        net.step()
        assert not len(net.spikes(1))
        if ticks_to_rest is None and net.quiescent():
            ticks_to_rest = t + 1
    # docs/demo/README.md: the daemon sleeps again about 2 s after a lone press
    assert ticks_to_rest is not None and 1900 <= ticks_to_rest <= 2200


@pytest.mark.parametrize("w", range(db.W_START, db.W_MAX + 1, STEP))
def test_window_is_where_a_double_press_stops_firing(w):
    gap = db.window(w)
    if gap is None:
        fired, _ = db.run(with_weight(w), [10], 20)
        assert fired == [10]
        return
    fired, _ = db.run(with_weight(w), [10, 10 + gap], 12 + gap)
    assert fired == [10 + gap]
    fired, _ = db.run(with_weight(w), [10, 11 + gap], 13 + gap)
    assert fired == []


def test_double_press_within_four_tenths_of_a_second_lights_the_led_once():
    assert 400 <= db.window(db.W_START) < 450
    fired, weights = db.run(fresh(), [100, 500], 1000)
    assert fired == [500]                     # one spike: one 200 ms pulse
    assert weights[499] == db.W_START and weights[500] == db.W_START + STEP
    fired, weights = db.run(fresh(), [100, 560], 1000)
    assert fired == [] and weights[-1] == db.W_START


def test_an_answer_comes_to_rest_within_a_fifth_of_a_second():
    net = sr.Network(fresh())
    for t in range(1000):
        if t in (100, 300):
            net.inject(0, 0)
        net.step()
        if t > 300 and net.quiescent():
            break
    assert net.quiescent() and t - 300 <= 200


def test_answers_teach_a_single_press():
    presses, t = [], 1000
    for k in range(db.LEARNED_AFTER):
        presses += [t, t + 250]
        t += 4000
    fired, weights = db.run(fresh(), presses + [t], t + 10)
    assert fired == presses[1::2] + [t]
    # one answer short of it, the single press does not fire
    short = presses[:-2]
    fired, _ = db.run(fresh(), short + [t], t + 10)
    assert fired == short[1::2]
    assert weights[t - 1] == db.W_START + db.LEARNED_AFTER * STEP


def test_learning_stops_at_w_max_and_a_triple_press_lights_once():
    presses = [1000 + 3000 * k for k in range(20)]
    fired, weights = db.run(with_weight(db.W_MAX - STEP), presses, presses[-1] + 10)
    assert fired == presses and max(weights) == db.W_MAX
    fired, _ = db.run(fresh(), [100, 300, 500], 1000)
    assert fired == [300]


def test_recording_lights_the_led_on_each_double_press_and_the_learned_single_presses():
    expected = spike_ticks(committed("button-expected.csv"))
    presses = spike_ticks(committed("button-events.csv"))
    assert presses == db.PRESSES
    double_seconds = [db.PRESSES[k] for k in range(4, 13, 2)]
    assert expected == double_seconds + db.PRESSES[-2:]


def test_docs_table_of_windows_matches_the_model():
    text = open(os.path.join(DEMO, "README.md"), encoding="utf-8").read()
    rows = dict(re.findall(r"^\| (\d+) \| ([^|]+?) \|", text, re.M))
    assert rows, "docs/demo/README.md: no table of weights and windows"
    for w in range(db.W_START, db.W_MAX + 1, STEP):
        gap = db.window(w)
        want = "one press" if gap is None else f"{gap} ms"
        assert rows.get(str(w)) == want, f"docs/demo/README.md row {w}"


# ---- on the engine, when built ------------------------------------------------------------

def binaries():
    dirs = [os.environ["SPIKERT_BIN"]] if os.environ.get("SPIKERT_BIN") else \
        [os.path.dirname(os.path.join(ROOT, c)) for c in CANDIDATES]
    for d in dirs:
        cli, daemon = os.path.join(d, "spikert"), os.path.join(d, "spikertd")
        if os.path.exists(cli) and os.path.exists(daemon):
            return cli, daemon
    pytest.skip("no built spikert and spikertd (swift build, or SPIKERT_BIN=DIR)")


def test_spikert_run_and_spikertd_replay_give_the_expected_spikes(tmp_path):
    cli, daemon = binaries()
    model, events = os.path.join(DEMO, "button.spkb"), os.path.join(DEMO, "button-events.csv")
    subprocess.run([cli, "run", model, "--input", events, "--output", str(tmp_path / "run.csv")],
                   check=True, capture_output=True)
    assert (tmp_path / "run.csv").read_bytes() == committed("button-expected.csv")
    state = tmp_path / "state"
    subprocess.run([daemon, "--model", model, "--replay", events, "--pace", "fast",
                    "--ticks", "36000", "--output", str(tmp_path / "d.csv"), "--socket", "none",
                    "--state-dir", str(state)], check=True, capture_output=True)
    assert (tmp_path / "d.csv").read_bytes() == committed("button-expected.csv")
    # what was learned survives a restart: one press at once lights the LED
    (tmp_path / "one.csv").write_text("tick,channel\n40000,0\n")
    subprocess.run([daemon, "--model", model, "--replay", str(tmp_path / "one.csv"),
                    "--pace", "fast", "--ticks", "5000", "--output", str(tmp_path / "d2.csv"),
                    "--socket", "none", "--state-dir", str(state)], check=True, capture_output=True)
    assert spike_ticks((tmp_path / "d2.csv").read_bytes()) == [40000]
