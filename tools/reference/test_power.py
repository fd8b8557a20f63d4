"""Sections 5 and 12 of docs/SEMANTICS.md: encoders in the low-power mode, rest and
quiescence, the skip rules (no bit changes), the low-power mode's effective parameters.

Run with: python3 -m pytest tools/reference -q
"""

import json

import numpy as np
import pytest

import spikeref as sr
from netspec import golden_cases, pnet, pop, proj, rule


# ---------------------------------------------------------------- section 5 in the low mode

def test_rate_encoder_all_nonpositive_draws_nothing():
    n = pnet([pop(3, "input")], encs=[dict(population=0, kind="rate", param=0)], seed=9)
    ref = sr.Xoshiro128ss(9)
    for x in ([0, 0, 0], [-1, 0, -(2**31)]):
        for k, v in enumerate(x):
            n.set_value(0, k, v)
        for _ in range(5):
            n.step()
            assert n.spikes(0) == []
        assert n.prng.s == ref.s  # no draw at all
    n.set_value(0, 1, 1)  # one positive channel: one draw per channel again
    n.step()
    for _ in range(3):
        ref.next32()
    assert n.prng.s == ref.s


def test_latency_counts_down_by_the_fold():
    for k in (2, 3, 5):
        n = pnet([pop(6, "input")], encs=[dict(population=0, kind="latency", param=31)],
                 power=dict(mode="low", fold=k, threshold_scale=65536))
        xs = [65536, 60000, 40000, 20000, 1, 0]
        cs = [sr.latency_start(x, 31) for x in xs]
        for ch, x in enumerate(xs):
            n.set_value(0, ch, x)
        fired = {}
        for s in range(20):
            n.step()
            for j in n.spikes(0):
                fired.setdefault(j, []).append(s)
        # fires in the first step with c - m*k < k, i.e. step floor(c / k), once
        assert fired == {ch: [c // k] for ch, c in enumerate(cs) if c >= 0}, (k, cs, fired)
        assert n.t == 20 * k


# ---------------------------------------------------------------- section 12.1

def test_rest_and_quiescence_predicate():
    base = [pop(2, "input"), pop(2, "lif", threshold=100, beta=30000)]
    n = pnet(base, [proj(0, 1, "dense", [50] * 4, delay=2)])
    assert n.quiescent()
    n.inject(0, 1)
    assert not n.quiescent()  # a pending injection
    n.step()
    assert not n.quiescent()
    for _ in range(8):
        n.step()
    assert n.quiescent()  # v decayed to exactly 0, histories empty
    # not at rest: bias, negative threshold, IZH, LI with bias, nonzero v_init
    for p in (pop(1, "lif", bias=1), pop(1, "lif", threshold=-1), pop(1, "li", bias=2),
              pop(1, "izh", izh_b=13107, v_init=-16640), pop(1, "if", v_init=3),
              pop(1, "cuba", threshold=5)):
        m = pnet([p])
        if p["model"] == "cuba":
            assert m.quiescent()
        else:
            assert not m.quiescent(), p
    # encoders: DELTA idle iff |x - ref| < threshold
    m = pnet([pop(2, "input")], encs=[dict(population=0, kind="delta", param=10)])
    m.set_value(0, 0, 9)
    assert m.quiescent()
    m.set_value(0, 0, -10)
    assert not m.quiescent()


def test_skip_rule_and_quiescent_step_counters():
    n = pnet([pop(1, "input"), pop(3, "lif", threshold=10, beta=0), pop(2, "li", beta=0)],
             [proj(0, 1, "dense", [20, 0, 0], delay=0),
              proj(0, 2, "dense", [1, 1], delay=3)])
    n.inject(0, 0)
    n.step()  # step 0: the LIF gets the input (3 updates, neuron 0 fires); the LI is at
    # rest and nothing reaches it yet (D = 3): skipped
    assert n.counters["neuron_updates"] == 3 and n.spikes(1) == [0]
    n.step()  # step 1: LIF neuron 0 spiked last step (not at rest): v = 0 + 0 - 10
    assert n.counters["neuron_updates"] == 6 and n.membrane(1) == [-10, 0, 0]
    n.step()  # step 2: v = -10 is not rest; beta 0 brings it to 0
    assert n.counters["neuron_updates"] == 9 and n.membrane(1) == [0, 0, 0]
    n.step()  # step 3: LIF at rest and nothing delivered: skipped; the D = 3 delivery
    # reaches the LI (2 updates)
    assert n.counters["neuron_updates"] == 11 and n.membrane(2) == [1, 1]
    assert not n.quiescent()
    n.step()  # step 4: the LI (v = 1) is not at rest: updated back to 0
    assert n.counters["neuron_updates"] == 13 and n.membrane(2) == [0, 0]
    assert n.quiescent() and n.counters["skipped_ticks"] == 0
    before = n.counters
    n.idle(10)
    after = n.counters
    assert after["skipped_ticks"] == 10 and after["neuron_updates"] == before["neuron_updates"]
    assert n.t == 15 and n.h == 15
    n.set_power("low", 4)
    n.idle(3)  # quiescent LOW steps skip k ticks each
    assert n.counters["skipped_ticks"] == 22 and n.t == 27 and n.h == 18
    n.set_power("full")
    n.idle(2)
    assert n.counters["skipped_ticks"] == 22 and n.counters["neuron_updates"] == 13 + 10


def _strip(exp):
    c = dict(exp["counters"])
    del c["neuron_updates"], c["skipped_ticks"]
    return dict(exp, counters=c)


def _with_power(case, mode):
    case = json.loads(json.dumps(case))
    power = dict(case.get("power") or {"mode": "normal", "fold": 2, "threshold_scale": 65536})
    power["mode"] = mode
    case["power"] = power
    return case


def test_idle_quiescent_steps_equal_full_steps_on_long_silences():
    """12.1: the quiescent steps (idle) are bit-identical to computing them: FULL vs NORMAL
    on the golden scenarios (quiescence_idle above all) agree in everything except
    neuron_updates and skipped_ticks."""
    seen = 0
    for name, case in golden_cases():
        acts = (case.get("inputs") or {}).get("actions") or []
        if any(a[1] == "power" for a in acts) or (case.get("power") or {}).get("mode",
                                                                              "normal") != "normal":
            continue
        normal = sr.run_case(case)
        full = sr.run_case(_with_power(case, "full"))
        assert _strip(full) == _strip(normal), name
        assert full["counters"]["skipped_ticks"] == 0
        assert full["counters"]["neuron_updates"] >= normal["counters"]["neuron_updates"]
        if name == "quiescence_idle":
            assert normal["counters"]["skipped_ticks"] > 100
            assert full["counters"]["neuron_updates"] > normal["counters"]["neuron_updates"]
            assert normal["weights"] == full["weights"]
        seen += 1
    assert seen >= 40


def test_skip_rules_change_no_bit_on_random_networks():
    """NORMAL / LOW with the skip rules vs the same run computing everything."""
    import fuzz
    skipped = 0
    for seed in range(60):
        case = fuzz.random_case(1000 + seed, extras=True, ticks=30)
        a = sr.Network(case)
        b = sr.Network(case)
        b.never_skip = True
        ea, eb = sr.run_network(a, case), sr.run_network(b, case)
        assert _strip(ea) == _strip(eb), seed
        assert eb["counters"]["skipped_ticks"] == 0
        skipped += ea["counters"]["skipped_ticks"]
    assert skipped > 0


def test_full_equals_normal_on_random_networks_with_learning():
    import fuzz
    for seed in range(40):
        case = fuzz.random_case(2000 + seed, extras=True, low=False, ticks=30)
        case["power"]["mode"] = "normal"
        case["inputs"]["actions"] = [a for a in case["inputs"]["actions"] if a[1] != "power"]
        assert _strip(sr.run_case(case)) == _strip(sr.run_case(_with_power(case, "full")))


# ---------------------------------------------------------------- section 12.2

@pytest.mark.parametrize("k", [2, 3, 5])
def test_low_mode_on_leak_free_if_reproduces_normal_spikes(k):
    """Inputs only on ticks that are multiples of k, IF neurons (no leak) with ZERO reset,
    refractory 2k, delays k and 2k, threshold scale 1.0: every spike of NORMAL happens at
    the same tick in LOW (and so do the spike counts)."""
    rng = np.random.default_rng(k)
    pops = [pop(6, "input"),
            pop(5, "if", threshold=3000, reset="zero", reset_timing="immediate",
                refractory=2 * k),
            pop(3, "if", threshold=4000, reset="zero", reset_timing="immediate"),
            pop(3, "lif", threshold=2500, beta=65536, reset="zero", reset_timing="delayed")]
    projs = [proj(0, 1, "dense", rng.integers(-20, 100, 30).tolist(), shift=5),
             proj(1, 2, "dense", rng.integers(0, 127, 15).tolist(), delay=k, shift=5),
             proj(0, 2, "dense", rng.integers(-40, 60, 18).tolist(), shift=5),
             proj(1, 3, "dense", rng.integers(0, 127, 15).tolist(), delay=2 * k, shift=5)]
    M = 80
    frames = [sorted(set(rng.integers(0, 6, rng.integers(0, 5)).tolist())) for _ in range(M)]
    normal = pnet(pops, projs)
    low = pnet(pops, projs, power=dict(mode="low", fold=k, threshold_scale=65536))
    got_n, got_l = [], []
    for m in range(M):
        for j in frames[m]:
            normal.inject(0, j)
            low.inject(0, j)
        for tick in range(k):
            t = normal.t
            normal.step()
            got_n += [(t, p, j) for p in (1, 2, 3) for j in normal.spikes(p)]
        t = low.t
        low.step()
        got_l += [(t, p, j) for p in (1, 2, 3) for j in low.spikes(p)]
    assert low.t == normal.t == M * k
    assert got_l == got_n
    assert len({s[1] for s in got_n}) == 3 and len(got_n) > 30
    assert low.counters["neuron_updates"] < normal.counters["neuron_updates"]


def test_low_mode_effective_parameters_by_hand():
    n = pnet([pop(1, "input"),
              pop(1, "alif", threshold=1000, beta=40000, adapt_inc=300, adapt_decay=50000,
                  refractory=5, reset="subtract", reset_timing="immediate"),
              pop(1, "cuba", threshold=10**6, alpha=30000, beta=60000)],
             [proj(0, 1, "dense", [100], shift=4), proj(0, 2, "dense", [100], shift=4)],
             power=dict(mode="low", fold=3, threshold_scale=98304))
    n.inject(0, 0)
    n.step()  # X = 1600: v = 1600 > theta' = 1500 -> spike, v = 100, a = 300, ref = 2
    assert n.pops[1].v.tolist() == [100] and n.pops[1].s.tolist() == [1]
    assert n.pops[1].ref.tolist() == [2] and n.pops[1].a.tolist() == [300]
    assert n.pops[2].i_syn.tolist() == [1600] and n.pops[2].v.tolist() == [1600]
    n.step()
    b3 = sr.pow_q16(40000, 3)
    assert n.pops[1].v.tolist() == [sr.decay(100, b3)]
    assert n.pops[1].a.tolist() == [sr.decay(300, sr.pow_q16(50000, 3))]
    i_syn = sr.decay(1600, sr.pow_q16(30000, 3))
    assert n.pops[2].i_syn.tolist() == [i_syn]
    assert n.pops[2].v.tolist() == [sr.decay(1600, sr.pow_q16(60000, 3)) + i_syn]
    assert n.pops[1].ref.tolist() == [1] and n.t == 6


def test_low_mode_refused_with_izh_and_limits():
    pops = [pop(1, "input"), pop(1, "izh", izh_b=13107, v_init=-16640)]
    with pytest.raises(ValueError, match="IZH"):
        pnet(pops, power=dict(mode="low", fold=2, threshold_scale=65536))
    n = pnet(pops)
    with pytest.raises(ValueError, match="IZH"):
        n.set_power("low", 2)
    n.set_power("full")
    n = pnet([pop(1, "lif")])
    for bad in (1, 257):
        with pytest.raises(ValueError, match="fold"):
            n.set_power("low", bad)
    for bad in (0, 2**20 + 1):
        with pytest.raises(ValueError, match="threshold_scale"):
            n.set_threshold_scale(bad)
    with pytest.raises(ValueError, match="power.threshold_scale"):
        pnet([pop(1, "lif")], power=dict(mode="normal", fold=2, threshold_scale=0))


def test_low_mode_delay_and_refractory_round_up():
    # D = 4, R = 4 with fold 3: D' = R' = ceil(4 / 3) = 2 steps
    pops = [pop(1, "input"), pop(1, "li", beta=0),
            pop(1, "lif", threshold=10, beta=0, bias=100, refractory=4)]
    n = pnet(pops, [proj(0, 1, "dense", [5], delay=4)],
             power=dict(mode="low", fold=3, threshold_scale=65536))
    n.inject(0, 0)
    seen, fired = [], []
    for s in range(8):
        n.step()
        seen.append(n.membrane(1)[0])
        fired.append(n.spikes(2) == [0])
    assert seen == [0, 0, 5, 0, 0, 0, 0, 0]
    assert fired == [True, False, False, True, False, False, True, False]


def test_traces_block_quiescence_only_while_learning_is_on():
    pops = [pop(1, "input"), pop(1, "lif", threshold=10**6, beta=0)]
    projs = [proj(0, 1, "dense", [1])]
    n = pnet(pops, projs, [rule(0, decay_pre=65000, a_plus=65536)])
    n.inject(0, 0)
    n.step()
    n.step()
    x = n.rules[0].x.tolist()
    assert x != [0] and not n.quiescent()  # only the pre trace is left
    n.step()
    assert n.rules[0].x.tolist() == [sr.decay(x[0], 65000)]  # it keeps decaying
    assert n.counters["skipped_ticks"] == 0
    n.set_learning(0, 0)
    assert n.quiescent()  # a disabled rule's traces do not count, and stay as they are
    x = n.rules[0].x.tolist()
    n.idle(5)
    assert n.rules[0].x.tolist() == x and n.counters["skipped_ticks"] == 5
    n.set_learning(0, 1)
    n.idle(2000)
    assert n.rules[0].x.tolist() == [0] and n.quiescent()
    assert 5 < n.counters["skipped_ticks"] < 2005
