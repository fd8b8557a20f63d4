"""The button model of the README's Raspberry Pi walkthrough (spikert_tools.demo_button)
on the numpy reference: it does what docs/demo/README.md and the README promise. The
reference runs the blob the tools write, read from its bytes."""

import os
import re

import pytest

import blobread
import spikeref as sr
from spikert_tools import demo_button as db

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DEMO = os.path.join(ROOT, "docs", "demo")
STEP = db.A_PLUS // 65536           # weight steps one answer adds


def fresh():
    return blobread.network(db.build()["button.spkb"])


def with_weight(w):
    spec = fresh()
    spec["projections"][0]["weights"] = [w]
    return spec


def window(weight: int):
    """The longest gap in ticks (ms) between two presses that makes the detector fire on
    the second, for a weight that does not fire on one press; None if one press fires.
    Computed with the reference's integer decay, as the runtime steps the membrane."""
    per_press = weight << db.SHIFT
    if per_press > db.THRESHOLD:
        return None
    v, gap, longest = per_press, 0, 0
    while v > 0:
        gap += 1
        v = sr.decay(v, db.BETA)
        if v + per_press > db.THRESHOLD:
            longest = gap
    return longest


def run(spec: dict, presses, ticks: int):
    """Steps the reference network `ticks` ticks with a press (input 0) at each tick of
    `presses`; returns the ticks the detector fired in and the weight after each tick."""
    net = sr.Network(spec)
    at = set(presses)
    fired, weights = [], []
    for t in range(ticks):
        if t in at:
            net.inject(0, 0)
        net.step()
        if len(net.spikes(1)):
            fired.append(t)
        weights.append(int(net.weights(0)[0]))
    return fired, weights


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
    gap = window(w)
    if gap is None:
        fired, _ = run(with_weight(w), [10], 20)
        assert fired == [10]
        return
    fired, _ = run(with_weight(w), [10, 10 + gap], 12 + gap)
    assert fired == [10 + gap]
    fired, _ = run(with_weight(w), [10, 11 + gap], 13 + gap)
    assert fired == []


def test_double_press_within_four_tenths_of_a_second_lights_the_led_once():
    assert 400 <= window(db.W_START) < 450
    fired, weights = run(fresh(), [100, 500], 1000)
    assert fired == [500]                     # one spike: one 200 ms pulse
    assert weights[499] == db.W_START and weights[500] == db.W_START + STEP
    fired, weights = run(fresh(), [100, 560], 1000)
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
    fired, weights = run(fresh(), presses + [t], t + 10)
    assert fired == presses[1::2] + [t]
    # one answer short of it, the single press does not fire
    short = presses[:-2]
    fired, _ = run(fresh(), short + [t], t + 10)
    assert fired == short[1::2]
    assert weights[t - 1] == db.W_START + db.LEARNED_AFTER * STEP


def test_learning_stops_at_w_max_and_a_triple_press_lights_once():
    presses = [1000 + 3000 * k for k in range(20)]
    fired, weights = run(with_weight(db.W_MAX - STEP), presses, presses[-1] + 10)
    assert fired == presses and max(weights) == db.W_MAX
    fired, _ = run(fresh(), [100, 300, 500], 1000)
    assert fired == [300]


def test_docs_table_of_windows_matches_the_model():
    text = open(os.path.join(DEMO, "README.md"), encoding="utf-8").read()
    rows = dict(re.findall(r"^\| (\d+) \| ([^|]+?) \|", text, re.M))
    assert rows, "docs/demo/README.md: no table of weights and windows"
    for w in range(db.W_START, db.W_MAX + 1, STEP):
        gap = window(w)
        want = "one press" if gap is None else f"{gap} ms"
        assert rows.get(str(w)) == want, f"docs/demo/README.md row {w}"
