"""Golden scenarios of the neuron models (SEMANTICS.md 4): LIF with every reset and timing,
CuBa-LIF, ALIF, IF, LI, Izhikevich, refractory gating, bias.
"""

import zlib

import numpy as np

from goldencase import Case, IZH_CLASSIC, MV, izh_kw, lif_kw, scenario


def _lif_reset(reset, timing):
    name = f"lif_{reset}_{timing}"
    c = Case(name, f"LIF, reset {reset.upper()} with {timing.upper()} timing"
             + (" (v_reset = -3000)" if reset == "zero" else "")
             + "; 16 Bernoulli-rate inputs -> 8 LIF, dense shift 6, threshold 2^14.",
             64, 0x100 + zlib.crc32(name.encode()) % 256)
    i = c.pop(16, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(4000, 30000, 16, endpoint=True))
    h = c.pop(8, "lif", **lif_kw(reset=reset, reset_timing=timing, v_reset=-3000, bias=200))
    c.dense(i, h, lo=-64, hi=100)
    c.decoder(h, "count")
    return c


for _r in ("subtract", "zero", "none"):
    for _t in ("delayed", "immediate"):
        scenario((lambda r, t: (lambda: _lif_reset(r, t)))(_r, _t))


@scenario
def cuba_synaptic():
    c = Case("cuba_synaptic", "CUBA (synaptic current) populations with SUBTRACT/DELAYED, "
             "ZERO/IMMEDIATE (v_reset 1000) and NONE/DELAYED, alpha 0.8, beta 0.9; "
             "injected input bursts.", 80, 7)
    i = c.pop(10, "input")
    w = c.rng.integers(-40, 127, (10, 6), endpoint=True)
    for reset, timing in (("subtract", "delayed"), ("zero", "immediate"),
                          ("none", "delayed")):
        h = c.pop(6, "cuba", threshold=40000, alpha=52429, beta=58982, reset=reset,
                  reset_timing=timing, v_reset=1000, bias=-100)
        c.dense(i, h, w=w, shift=5)
        c.decoder(h, "count")
    for t in range(80):
        if (t // 10) % 2 == 0:
            for n in np.flatnonzero(c.rng.random(10) < 0.5):
                c.spike(t, i, n)
    return c


@scenario
def alif_adaptation():
    c = Case("alif_adaptation", "ALIF with threshold adaptation (adapt_inc 4096, rho 0.95): "
             "SUBTRACT/DELAYED, ZERO/IMMEDIATE, SUBTRACT/IMMEDIATE (subtracts base theta); "
             "rate inputs.", 100, 8)
    i = c.pop(12, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(10000, 45000, 12, endpoint=True))
    for reset, timing in (("subtract", "delayed"), ("zero", "immediate"),
                          ("subtract", "immediate")):
        h = c.pop(6, "alif", threshold=8192, beta=61000, reset=reset, reset_timing=timing,
                  v_reset=-500, adapt_inc=4096, adapt_decay=62259)
        c.dense(i, h, lo=-32, hi=127, shift=5)
        c.decoder(h, "count")
    return c


@scenario
def if_integrator():
    c = Case("if_integrator", "IF (no leak): SUBTRACT/DELAYED with negative bias, "
             "ZERO/IMMEDIATE; injected random inputs.", 60, 9)
    i = c.pop(8, "input")
    a = c.pop(5, "if", threshold=12000, bias=-150)
    b = c.pop(5, "if", threshold=9000, reset="zero", reset_timing="immediate", v_reset=-2000,
              beta=1234)
    c.dense(i, a, lo=-60, hi=127, shift=5)
    c.dense(i, b, lo=-100, hi=127, shift=5)
    for t in range(60):
        for n in np.flatnonzero(c.rng.random(8) < 0.3):
            c.spike(t, i, n)
    c.decoder(a, "count")
    c.decoder(b, "membrane")
    return c


@scenario
def li_readout():
    c = Case("li_readout", "LI membrane readouts (beta 0.9 and beta 1.0 = integrator) fed "
             "by a LIF hidden layer and directly by the input.", 60, 10)
    i = c.pop(10, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(5000, 35000, 10, endpoint=True))
    h = c.pop(8, "lif", **lif_kw(threshold=8192))
    c.dense(i, h, lo=-40, hi=127, shift=5)
    o1 = c.pop(4, "li", beta=58982, bias=-20)
    o2 = c.pop(3, "li", beta=65536)
    c.dense(h, o1, lo=-128, hi=127, shift=6)
    c.dense(h, o2, lo=-128, hi=127, shift=4)
    c.dense(i, o1, lo=-128, hi=127, shift=2)
    c.decoder(o1, "membrane")
    c.decoder(o2, "membrane")
    return c


@scenario
def izh_input_driven():
    c = Case("izh_input_driven", "IZH populations (RS and FS) driven by Bernoulli-rate "
             "input spikes through dense weights (shift 6: 127 -> ~32 mV kick).", 120, 11)
    i = c.pop(12, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(3000, 20000, 12, endpoint=True))
    rs = c.pop(4, "izh", **izh_kw(*IZH_CLASSIC["regular_spiking"]))
    fs = c.pop(4, "izh", **izh_kw(*IZH_CLASSIC["fast_spiking"], bias=512))
    c.dense(i, rs, lo=-30, hi=127, shift=6)
    c.dense(i, fs, lo=-30, hi=127, shift=6)
    c.decoder(rs, "count")
    c.decoder(fs, "first_spike")
    return c


@scenario
def refractory_gating():
    c = Case("refractory_gating", "Refractory periods R = 0, 1, 5 (LIF), 3 (CUBA), 2 (ALIF), "
             "4 (IZH) under strong constant input (every input neuron spikes every tick) and "
             "bias-only drive; during refractory input and bias are discarded.", 40, 12)
    i = c.pop(4, "input")
    for t in range(40):
        if t < 30:
            for n in range(4):
                c.spike(t, i, n)
    for R in (0, 1, 5):
        h = c.pop(3, "lif", threshold=4000, beta=60000, refractory=R)
        c.dense(i, h, w=np.full((4, 3), 100), shift=4)  # 6400 per tick
    cu = c.pop(3, "cuba", threshold=4000, alpha=40000, beta=50000, refractory=3,
               reset="zero", reset_timing="immediate")
    c.dense(i, cu, w=np.full((4, 3), 60), shift=4)
    al = c.pop(3, "alif", threshold=4000, beta=60000, refractory=2, adapt_inc=1000,
               adapt_decay=60000, reset="subtract", reset_timing="immediate")
    c.dense(i, al, w=np.full((4, 3), 100), shift=4)
    iz = c.pop(2, "izh", **izh_kw(*IZH_CLASSIC["fast_spiking"], refractory=4))
    c.dense(i, iz, w=np.full((4, 2), 80), shift=6)
    bias_only = c.pop(2, "lif", threshold=1000, beta=65536, bias=700, refractory=5,
                      reset="zero", reset_timing="delayed")
    c.decoder(bias_only, "count")
    return c


@scenario
def bias_driven():
    c = Case("bias_driven", "No inputs at all: every model driven by a constant bias "
             "(positive and negative), from different v_init.", 80, 13)
    c.pop(3, "lif", threshold=10000, beta=62000, bias=900, v_init=-5000)
    c.pop(3, "lif", threshold=-10000, beta=62000, bias=-900, v_init=5000,
          reset="zero", reset_timing="immediate", v_reset=3000)
    c.pop(2, "cuba", threshold=12000, alpha=50000, beta=60000, bias=300)
    c.pop(2, "if", threshold=5000, bias=333, reset="subtract", reset_timing="immediate")
    c.pop(2, "li", beta=60000, bias=-777, v_init=1000)
    c.pop(2, "alif", threshold=6000, beta=62000, bias=800, adapt_inc=3000,
          adapt_decay=60000)
    c.pop(1, "izh", **izh_kw(*IZH_CLASSIC["chattering"], bias=6 * MV))
    for p in range(7):
        c.decoder(p, "count")
    return c
