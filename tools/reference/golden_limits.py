"""Golden scenarios at the limits (SEMANTICS.md 1 and 9): saturation of currents, thresholds,
decays and Izhikevich state, the classic Izhikevich patterns, idle decay to zero, a
medium dense network, every model at once, injection beside an encoder.
"""

import numpy as np

from goldencase import Case, I32_MAX, I32_MIN, IZH_CLASSIC, MV, izh_kw, lif_kw, scenario


@scenario
def sat_current():
    c = Case("sat_current", "Input current saturation: 64 simultaneous spikes through "
             "weights 127 / -128 with shift 24 (I = sat32 of +-2^37), two projections whose "
             "huge currents nearly cancel (sum exact before sat32), bias at INT32 extremes.",
             20, 28)
    i = c.pop(64, "input")
    for t in list(range(0, 5)) + [8, 12, 13]:
        for n in range(64):
            c.spike(t, i, n)
    c.spike(15, i, 7)
    p1 = c.pop(2, "lif", threshold=I32_MAX - 1, beta=65536, bias=I32_MAX)
    c.dense(i, p1, w=np.full((64, 2), 127), shift=24)
    p2 = c.pop(2, "lif", threshold=I32_MIN, beta=65536, bias=I32_MIN,
               reset="zero", reset_timing="immediate", v_reset=I32_MIN)
    c.dense(i, p2, w=np.full((64, 2), -128), shift=24)
    p3 = c.pop(3, "lif", threshold=0, beta=32768)
    c.dense(i, p3, w=np.full((64, 3), 127), shift=24)
    c.dense(i, p3, w=np.full((64, 3), -128), shift=24)  # sum = -64 * 2^24 = -2^30
    p4 = c.pop(2, "cuba", threshold=2**30, alpha=65536, beta=65536, bias=-(2**20))
    c.dense(i, p4, lo=-128, hi=127, shift=24)
    p5 = c.pop(2, "li", beta=65536)
    c.dense(i, p5, w=np.tile([[127, -128]], (64, 1)), shift=24)
    c.decoder(p1, "count")
    c.decoder(p3, "count")
    return c


@scenario
def sat_threshold_bias():
    c = Case("sat_threshold_bias", "Thresholds near INT32_MAX / INT32_MIN, bias and v_init "
             "at INT32 extremes, SUBTRACT with theta = INT32_MIN (saturating v - theta); no "
             "inputs.", 12, 29)
    c.pop(1, "lif", threshold=I32_MAX, beta=65536, bias=I32_MAX)  # saturates, never fires
    c.pop(1, "lif", threshold=I32_MAX - 1, beta=65536, bias=I32_MAX)  # fires every tick
    c.pop(1, "lif", threshold=I32_MIN, beta=60000, reset="subtract",
          reset_timing="immediate")
    c.pop(1, "lif", threshold=I32_MIN + 1, beta=65536, bias=I32_MIN, v_init=I32_MIN)
    c.pop(1, "lif", threshold=I32_MIN, beta=65536, bias=-5, v_init=I32_MIN + 3)
    c.pop(2, "if", threshold=-5, bias=I32_MIN, v_init=I32_MAX, reset="zero",
          reset_timing="delayed", v_reset=I32_MIN)
    c.pop(1, "if", threshold=I32_MAX - 2**20, bias=2**29, v_init=I32_MAX - 2**30,
          reset="subtract", reset_timing="delayed")
    c.pop(1, "alif", threshold=I32_MAX - 10, beta=65536, bias=I32_MAX, adapt_inc=5,
          adapt_decay=65536)
    c.pop(1, "cuba", threshold=0, alpha=65536, beta=65536, bias=I32_MIN, v_init=I32_MAX)
    c.pop(1, "li", beta=65536, bias=I32_MAX, v_init=I32_MAX - 5)
    c.pop(1, "li", beta=0, bias=I32_MIN, v_init=I32_MIN)
    for p in range(11):
        if c.d["populations"][p]["model"] != "li":
            c.decoder(p, "count")
    return c


@scenario
def sat_decay_multipliers():
    c = Case("sat_decay_multipliers", "beta 0 and 65536, alpha 0 and 65536 (CUBA current "
             "that never decays integrates into a saturating membrane).", 40, 30)
    i = c.pop(6, "input")
    for t in range(40):
        if t % 5 == 0 or t in (1, 2):
            for n in np.flatnonzero(c.rng.random(6) < 0.6):
                c.spike(t, i, n)
    pops = [c.pop(3, "lif", threshold=6000, beta=0),
            c.pop(3, "lif", threshold=6000, beta=65536),
            c.pop(3, "cuba", threshold=20000, alpha=0, beta=65536),
            c.pop(3, "cuba", threshold=20000, alpha=65536, beta=0),
            c.pop(3, "cuba", threshold=I32_MAX, alpha=65536, beta=65536),
            c.pop(3, "li", beta=0), c.pop(3, "li", beta=65536),
            c.pop(3, "alif", threshold=6000, beta=65536, adapt_inc=2000, adapt_decay=0),
            c.pop(3, "alif", threshold=6000, beta=0, adapt_inc=2000, adapt_decay=65536)]
    for p in pops:
        c.dense(i, p, lo=-40, hi=127, shift=6)
    return c


@scenario
def sat_alif_adapt():
    c = Case("sat_alif_adapt", "ALIF adapt_inc at extremes: INT32_MAX with rho 1.0 (a "
             "saturates, theta_eff = INT32_MAX: silenced), 2^30 with rho 0.9, INT32_MIN "
             "(negative adaptation), rho 0.", 40, 31)
    i = c.pop(4, "input")
    for t in range(40):
        for n in range(4):
            if (t + n) % 2 == 0:
                c.spike(t, i, n)
    for inc, rho in ((I32_MAX, 65536), (2**30, 58982), (I32_MIN, 60000), (2**31 - 2**20, 0),
                     (-(2**30), 65536)):
        p = c.pop(2, "alif", threshold=10000, beta=60000, bias=3000, adapt_inc=inc,
                  adapt_decay=rho, reset="subtract", reset_timing="immediate")
        c.dense(i, p, lo=0, hi=127, shift=6)
        c.decoder(p, "count")
    return c


@scenario
def sat_izh_limits():
    c = Case("sat_izh_limits", "IZH at the limits: izh_a, izh_b = +-2^20, v_init INT32_MAX "
             "and INT32_MIN (Q clamps v to +-2^20), v_peak extremes, c and d extremes, bias "
             "extremes.", 30, 32)
    c.pop(1, "izh", **izh_kw(0.02, 0.2, -65, 8, izh_a=2**20, izh_b=2**20, bias=10 * MV))
    c.pop(1, "izh", **izh_kw(0.02, 0.2, -65, 8, izh_a=-(2**20), izh_b=-(2**20),
                              bias=10 * MV))
    c.pop(1, "izh", **izh_kw(0.02, 0.2, -65, 8, izh_a=2**20, izh_b=-(2**20)))
    c.pop(1, "izh", **izh_kw(0.02, 0.2, -65, 8, v_init=I32_MAX))
    c.pop(1, "izh", **izh_kw(0.02, 0.2, -65, 8, v_init=I32_MIN))
    c.pop(1, "izh", **izh_kw(0.1, 0.2, -65, 2, izh_b=2**20, v_init=I32_MIN, bias=I32_MAX))
    c.pop(1, "izh", **izh_kw(0.02, 0.2, -65, 8, v_peak=I32_MAX, bias=10 * MV))
    c.pop(1, "izh", **izh_kw(0.02, 0.2, -65, 8, v_peak=I32_MIN))
    c.pop(1, "izh", **izh_kw(0.02, 0.2, -65, 8, izh_c=I32_MIN, izh_d=I32_MAX,
                              bias=20 * MV))
    c.pop(1, "izh", **izh_kw(0.02, 0.2, -65, 8, izh_c=I32_MAX, izh_d=I32_MIN,
                              bias=I32_MIN))
    c.pop(1, "izh", **izh_kw(0.02, 0.2, -65, 8, v_init=2**20 + 12345, v_peak=2**21))
    for p in range(11):
        c.decoder(p, "count")
    return c


def _izh_classic(key):
    a, b, cc, d = IZH_CLASSIC[key]
    c = Case(f"izh_{key}", f"Izhikevich (2003) {key.replace('_', ' ')} (a={a}, b={b}, "
             f"c={cc} mV, d={d}): one neuron, constant bias I = 10 mV (2560 units), 300 ms.",
             300, 33)
    p = c.pop(1, "izh", **izh_kw(a, b, cc, d, bias=10 * MV))
    c.decoder(p, "count")
    c.decoder(p, "first_spike")
    c.decoder(p, "membrane")
    return c


for _k in IZH_CLASSIC:
    scenario((lambda k: (lambda: _izh_classic(k)))(_k))


@scenario
def idle_decay_to_zero():
    c = Case("idle_decay_to_zero", "After a short burst (ticks 0..3) the network is idle: "
             "LIF, CUBA, ALIF (v, i_syn and a) and LI decay to exactly 0 (toward-zero "
             "rounding) and stay there, including negative v_init (down to INT32_MIN) and "
             "beta = 65535 (one unit per tick); IF keeps its value.", 300, 34)
    i = c.pop(4, "input")
    for t in range(4):
        for n in range(4):
            c.spike(t, i, n)
    specs = [("lif", dict(threshold=20000, beta=65535, v_init=-200), None),
             ("lif", dict(threshold=20000, beta=65535, v_init=150), None),
             ("lif", dict(threshold=5000, beta=55000, v_init=-(2**31)), 6),
             ("cuba", dict(threshold=30000, alpha=60000, beta=62000, v_init=-12345), 6),
             ("alif", dict(threshold=5000, beta=58000, adapt_inc=2**20, adapt_decay=61000,
                           v_init=-3), 6),
             ("li", dict(beta=58000, v_init=-(2**31)), None),
             ("li", dict(beta=62000, v_init=9999), 2),
             ("if", dict(threshold=50000, v_init=-7), 6)]
    for model, kw, shift in specs:
        p = c.pop(3, model, **kw)
        if shift is not None:
            c.dense(i, p, w=np.array([[127, -128, 3]] * 4), shift=shift)
    return c


@scenario
def medium_dense_64_128_10():
    c = Case("medium_dense_64_128_10", "Medium network: 64 Bernoulli-rate inputs -> 128 LIF "
             "-> 10 LIF, dense, 100 ticks (exporter-like magnitudes).", 100, 35)
    i = c.pop(64, "input")
    e = c.encoder(i, "rate")
    img = np.clip(c.rng.normal(16000, 12000, 64), 0, 65536).astype(np.int64)
    c.rate_values(e, 0, img)
    c.rate_values(e, 50, img[::-1])
    h = c.pop(128, "lif", threshold=16384, beta=61000, refractory=1)
    o = c.pop(10, "lif", threshold=24000, beta=62000)
    c.dense(i, h, lo=-96, hi=127, shift=5)
    c.dense(h, o, lo=-100, hi=127, shift=5)
    c.decoder(o, "count")
    c.decoder(o, "first_spike")
    return c


@scenario
def mixed_all_models():
    c = Case("mixed_all_models", "One input population feeding every neuron model (LIF, "
             "CUBA, IF, LI, ALIF, IZH) through dense projections, rate-coded.", 60, 36)
    i = c.pop(8, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(5000, 40000, 8, endpoint=True))
    for model, kw, shift in (
            ("lif", lif_kw(threshold=6000), 5),
            ("cuba", dict(threshold=30000, alpha=50000, beta=60000), 5),
            ("if", dict(threshold=9000, bias=-200), 5),
            ("li", dict(beta=60000), 5),
            ("alif", dict(threshold=6000, beta=60000, adapt_inc=3000, adapt_decay=62000), 5),
            ("izh", izh_kw(*IZH_CLASSIC["regular_spiking"], bias=4 * MV), 6)):
        p = c.pop(4, model, **kw)
        c.dense(i, p, lo=-30, hi=127, shift=shift)
    return c


@scenario
def inject_or_encoder():
    c = Case("inject_or_encoder", "Phase 1: injected spikes OR encoder spikes on the same "
             "input population, the same neuron injected twice before one step (one spike), "
             "and an input population with injected spikes only.", 30, 37)
    a = c.pop(6, "input")
    ea = c.encoder(a, "rate")
    c.rate_values(ea, 0, [20000, 0, 65536, 0, 10000, 0])
    b = c.pop(3, "input")
    for t in range(0, 30, 2):
        c.spike(t, a, 1)
        c.spike(t, a, 1)
        c.spike(t, a, 2)  # also fired by the encoder (65536)
        c.spike(t, b, t % 3)
    c.spike(7, b, 0)
    c.spike(7, b, 0)
    h = c.pop(4, "lif", threshold=3000, beta=60000)
    c.dense(a, h, lo=-20, hi=127, shift=5)
    c.dense(b, h, lo=-20, hi=127, shift=5)
    c.decoder(a, "count")
    c.decoder(b, "count")
    return c
