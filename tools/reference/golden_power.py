"""Golden scenarios of quiescence and the power modes (SEMANTICS.md 12), and of runtime
learning switches and parameter changes.
"""

import numpy as np

import spikeref as sr
from goldencase import Case, expect_learning, scenario, tau_decay


def _quiescence_case(name, mode):
    c = Case(name, "Bursts of input, then long silences with idle actions: a RATE encoder "
             "switched to 0 (no more draws), injected spikes, delays 2, 3 and 1, STDP "
             "traces decaying to exactly 0; once everything is at rest, steps are "
             "quiescent" + (" -- run in the FULL mode (same network and inputs as "
                            "quiescence_idle: identical except neuron_updates and "
                            "skipped_ticks)." if mode == "full" else
                            " (skipped_ticks counts them)."),
             120, 0x606, rng_name="quiescence_idle")
    if mode != "normal":
        c.power(mode)
    i = c.pop(8, "input")
    e = c.encoder(i, "rate")
    j = c.pop(4, "input")
    h = c.pop(8, "lif", threshold=5000, beta=55000, refractory=2)
    o = c.pop(4, "cuba", threshold=6000, alpha=45000, beta=52000)
    li = c.pop(2, "li", beta=50000)
    p0 = c.dense(i, h, lo=0, hi=100, shift=6)
    c.dense(h, o, lo=-20, hi=100, delay=3, shift=6)
    c.one_to_one(j, o, [90, 60, 120, 30], delay=2, shift=6)
    c.dense(o, li, lo=-60, hi=127, delay=1, shift=6)
    c.rule(p0, "stdp_nearest", a_plus=131072, a_minus=131072, decay_pre=tau_decay(4),
           decay_post=tau_decay(4), w_min=0, w_max=127)
    c.rate_values(e, 0, c.rng.integers(10000, 30000, 8, endpoint=True))
    c.rate_values(e, 20, [0] * 8)
    for s in (2, 5, 9, 14, 60, 61, 62, 100):
        c.spike(s, j, int(c.rng.integers(0, 4)))
    c.action(30, "idle", 200)
    c.rate_values(e, 60, [0, 0, 65536, 0, 0, 0, 40000, 0])
    c.rate_values(e, 65, [0, -5, 0, 0, 0, 0, 0, 0])
    c.action(80, "idle", 300)
    c.action(110, "idle", 7)
    c.decoder(h, "count")
    c.decoder(o, "first_spike")
    c.decoder(li, "membrane")
    return c


@scenario
def quiescence_idle():
    c = _quiescence_case("quiescence_idle", "normal")

    @c.check
    def _quiet(net, exp, trace):
        assert exp["counters"]["skipped_ticks"] > 300, exp["counters"]
        assert "1" in exp["quiescent"] and "0" in exp["quiescent"], exp["quiescent"]
        assert net.stats["quiescent_steps"] == exp["counters"]["skipped_ticks"]
        assert net.stats["rate_draws"] == 8 * (20 + 5), net.stats  # none while all x <= 0
        assert net.t == 120 + 507
        assert max(s[0] for s in exp["spikes"]) > 120  # ticks moved on during idles
        assert exp["counters"]["plasticity_updates"] > 0
    return c


@scenario
def power_full():
    c = _quiescence_case("power_full", "full")

    @c.check
    def _full(net, exp, trace):
        ref = sr.run_case(_quiescence_case("quiescence_idle", "normal").d)
        assert exp["counters"]["skipped_ticks"] == 0
        assert exp["counters"]["neuron_updates"] > ref["counters"]["neuron_updates"]
        for k in ("spikes", "membrane", "decoders", "weights", "quiescent", "final_hash"):
            assert exp[k] == ref[k], k
        for k in ("synaptic_events", "spikes", "input_spikes", "plasticity_updates"):
            assert exp["counters"][k] == ref["counters"][k], k
    return c


@scenario
def power_low_fold():
    c = Case("power_low_fold", "The low-power mode: threshold scale 1.5 set at step 30 "
             "(no effect in NORMAL), LOW with fold 3 from step 40 to 100 (decays as "
             "pow_q16, R' = ceil(R/3), D' = ceil(D/3), LATENCY counting down by 3, trace "
             "decays pow_q16(lambda, 3), t += 3; an idle(40) inside), then NORMAL, then "
             "threshold scale 0.75 and LOW with fold 2 from 125 to 140. LATENCY and "
             "injected inputs, CUBA (R = 4) and ALIF (R = 2) populations, delays 0..5, STDP "
             "(nearest HARD and all-to-all SOFT).", 160, 0x607)
    c.power("normal", fold=4, threshold_scale=65536)
    A = c.pop(8, "input")
    ea = c.encoder(A, "latency", 20)
    B = c.pop(6, "input")
    cu = c.pop(6, "cuba", threshold=8000, alpha=50000, beta=58000, refractory=4)
    al = c.pop(6, "alif", threshold=6000, beta=60000, adapt_inc=2000, adapt_decay=62000,
               refractory=2, reset="subtract", reset_timing="immediate")
    out = c.pop(4, "lif", threshold=5000, beta=60000, refractory=1)
    c.dense(A, cu, lo=20, hi=100, shift=6)
    pB = c.dense(B, cu, lo=20, hi=100, delay=5, shift=6)
    pC = c.dense(cu, al, lo=0, hi=100, delay=2, shift=6)
    c.dense(al, out, lo=0, hi=100, delay=4, shift=6)
    c.dense(A, al, lo=-20, hi=60, delay=1, shift=5)
    c.rule(pB, "stdp_nearest", a_plus=131072, a_minus=131072, decay_pre=tau_decay(6),
           decay_post=tau_decay(6), w_min=0, w_max=127)
    c.rule(pC, "stdp_all", a_plus=98304, a_minus=98304, decay_pre=tau_decay(5),
           decay_post=tau_decay(5), w_min=-10, w_max=127, bounds="soft")
    for s in (0, 25, 45, 95, 120, 130):
        c.rate_values(ea, s, c.rng.integers(0, 65537, 8))
    for s in range(160):
        if c.rng.random() < 0.25 and not 55 <= s < 100:
            for n in np.flatnonzero(c.rng.random(6) < 0.5):
                c.spike(s, B, n)
    c.action(30, "threshold_scale", 98304)
    c.action(40, "power", "low", 3)
    c.action(80, "idle", 40)
    c.action(100, "power", "normal", 0)
    c.action(120, "threshold_scale", 49152)
    c.action(125, "power", "low", 2)
    c.action(140, "power", "normal", 0)
    for p in (cu, al, out):
        c.decoder(p, "count")
    c.decoder(A, "first_spike")
    expect_learning(c, 3)

    @c.check
    def _folded(net, exp, trace):
        low = 60 + 40 + 15
        assert net.stats["low_steps"] == low, net.stats
        assert net.t == 160 + 40 + 60 * 2 + 40 * 2 + 15 * 1, net.t
        ticks = [row["t"] for row in trace]
        # spikes of LOW steps (ticks advancing by 3) from every layer, incl. LATENCY input
        low_ticks = {ticks[s] for s in range(40, 100)} | {ticks[s] for s in range(125, 140)}
        for p in (A, cu, al, out):
            assert any(s[0] in low_ticks and s[1] == p for s in exp["spikes"]), p
        assert any(row["t"] - trace[s - 1]["t"] == 3 for s, row in enumerate(trace) if s)
    return c


@scenario
def learning_toggle_params():
    c = Case("learning_toggle_params", "Learning switched off and on per rule mid-run "
             "(traces frozen, rewards ignored while off), every parameter changed between "
             "steps (amplitudes, decays, widened bounds, HARD <-> SOFT, learning rate, "
             "eligibility decay, normalization on and off), reset_decoders.", 200, 0x608)
    i = c.pop(10, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(5000, 16000, 10, endpoint=True))
    h = c.pop(8, "lif", threshold=14000, beta=58982, refractory=1)
    o = c.pop(4, "lif", threshold=16000, beta=58982)
    p0 = c.dense(i, h, lo=0, hi=60, delay=1, shift=6)
    p1 = c.dense(h, o, lo=0, hi=60, shift=6)
    c.rule(p0, "stdp_nearest", a_plus=98304, a_minus=98304, decay_pre=tau_decay(8),
           decay_post=tau_decay(8), w_min=-20, w_max=80)
    c.rule(p1, "rstdp_all", a_plus=131072, a_minus=131072, decay_pre=tau_decay(8),
           decay_post=tau_decay(8), w_min=-10, w_max=70, learning_rate=65536,
           decay_elig=tau_decay(30))
    c.action(30, "reward", 65536)
    c.action(40, "learning", 0, 0)
    c.action(45, "learning", 1, 0)
    c.action(50, "reward", 65536)  # rule 1 is off: ignored
    for name, v in (("a_plus", 200000), ("a_minus", 50000), ("decay_pre", tau_decay(4)),
                    ("decay_post", tau_decay(12)), ("w_min", -60), ("w_max", 120),
                    ("bounds", 1), ("norm_target", 400)):
        c.action(60, "param", 0, name, v)
    for name, v in (("learning_rate", 131072), ("decay_elig", tau_decay(60)),
                    ("bounds", 1), ("a_plus", 65536), ("a_minus", 160000),
                    ("decay_pre", tau_decay(5)), ("decay_post", tau_decay(15)),
                    ("w_min", -40), ("w_max", 100)):
        c.action(60, "param", 1, name, v)
    c.action(70, "learning", 0, 1)
    c.action(80, "learning", 1, 1)
    c.action(90, "reward", -65536)
    c.action(100, "reset_decoders")
    c.action(120, "param", 0, "norm_target", 0)
    c.action(120, "param", 0, "bounds", 0)
    c.action(140, "learning", 0, 0)
    c.action(150, "reward", 100000)
    c.action(170, "learning", 0, 1)
    c.action(190, "reward", -30000)
    c.decoder(o, "count")
    c.decoder(o, "first_spike")
    c.decoder(h, "first_spike")
    expect_learning(c, 5)

    @c.check
    def _frozen(net, exp, trace):
        for rule, proj, lo, hi in ((0, p0, 40, 69), (1, p1, 45, 79), (0, p0, 140, 169)):
            for s in range(lo, hi + 1):
                assert trace[s]["w"][proj] == trace[lo - 1]["w"][proj], (rule, s)
                assert trace[s]["traces"][rule] == trace[lo - 1]["traces"][rule], (rule, s)
        # the rules learned both before switching off and after switching on again
        for proj, lo, hi in ((p0, 0, 39), (p0, 70, 139), (p1, 80, 199)):
            assert trace[hi]["w"][proj] != trace[lo]["w"][proj], (proj, lo, hi)
        assert trace[129]["w"][p0] != trace[120]["w"][p0]
        assert exp["decoders"][1] != [4294967295] * 4 or exp["decoders"][2] != [4294967295] * 8
    return c
