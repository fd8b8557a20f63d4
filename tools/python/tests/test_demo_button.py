"""The button model of the README's Raspberry Pi walkthrough (spikert_tools.demo_button):
the committed files are what the tools write, and the model does what docs/demo/README.md
and the README promise on the built `spikert` and `spikertd` when they are there
(SPIKERT_BIN=DIR names the directory holding both). On the numpy reference it is checked
in tools/crosscheck/test_button_model.py."""

import os
import subprocess

import pytest

from spikert_tools import blob, demo, demo_button as db, schema
from spikert_tools.runner import CANDIDATES, ROOT

DEMO = os.path.join(ROOT, "docs", "demo")


def committed(name):
    with open(os.path.join(DEMO, name), "rb") as f:
        return f.read()


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
    (tmp_path / "button-events.csv").write_bytes(b"tick,channel\n")
    assert demo.main(["--check"]) == 1


def test_blob_is_valid_and_holds_the_documented_network():
    data = committed("button.spkb")
    blob.validate(data)
    net = blob.read(data)
    assert net["dt_ns"] == 1_000_000
    assert [p["size"] for p in net["populations"]] == [1, 1]
    assert net["populations"][1]["model"] in ("lif", schema.LIF)
    assert len(net["decoders"]) == 1 and net["decoders"][0]["population"] == 1
    rule = net["plasticity"][0]
    assert rule["enabled"] and rule["a_minus"] == 0 and rule["w_max"] == db.W_MAX


def test_recording_lights_the_led_on_each_double_press_and_the_learned_single_presses():
    expected = spike_ticks(committed("button-expected.csv"))
    presses = spike_ticks(committed("button-events.csv"))
    assert presses == db.PRESSES
    double_seconds = [db.PRESSES[k] for k in range(4, 13, 2)]
    assert expected == double_seconds + db.PRESSES[-2:]


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
