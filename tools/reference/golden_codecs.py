"""Golden scenarios of the encoders and decoders (SEMANTICS.md 5 and 6).
"""

import math

import numpy as np

from goldencase import Case, I32_MAX, I32_MIN, IZH_CLASSIC, izh_kw, lif_kw, scenario


@scenario
def enc_rate():
    c = Case("enc_rate", "RATE encoder: values -5, 0, 1, 16384, 32768, 50000, 65536, "
             "2^31-1, changed at tick 30 (incl. I32_MIN); one PRNG draw per channel per tick.",
             60, 0x2A)
    i = c.pop(8, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, [-5, 0, 1, 16384, 32768, 50000, 65536, I32_MAX])
    c.rate_values(e, 30, [65535, 70000, I32_MIN, 8192, 0, 60000, 32768, 65537])
    h = c.pop(4, "lif", **lif_kw(threshold=12000))
    c.dense(i, h, lo=-60, hi=127, shift=5)
    c.decoder(i, "count")
    c.decoder(i, "first_spike")
    c.decoder(h, "count")
    return c


@scenario
def enc_latency():
    c = Case("enc_latency", "LATENCY encoder (window 16): presentation at tick 0 with values "
             "0 .. 65536 and above, second presentation at tick 20 (incl. negative and "
             "restarts mid-countdown at tick 25).", 50, 24)
    i = c.pop(8, "input")
    e = c.encoder(i, "latency", 16)
    c.rate_values(e, 0, [0, 1, 4096, 16384, 32768, 49152, 65535, 65536])
    c.rate_values(e, 20, [70000, -1, 30000, 65536, 1000, 0, 20000, 50000])
    c.value(25, e, 1, 40000)
    c.value(25, e, 6, 60000)
    c.value(25, e, 2, 0)
    h = c.pop(4, "lif", threshold=3000, beta=60000)
    c.dense(i, h, lo=0, hi=127, shift=6)
    c.decoder(i, "first_spike")
    c.decoder(h, "first_spike")
    return c


@scenario
def enc_delta():
    c = Case("enc_delta", "DELTA encoder (threshold 1000) on 4 analog channels: sine "
             "(rising/falling), ramp up and down, big steps (one spike per step), constant.",
             64, 25)
    i = c.pop(8, "input")
    e = c.encoder(i, "delta", 1000)
    for t in range(64):
        sine = int(round(5000 * math.sin(2 * math.pi * t / 32)))
        ramp = 300 * t if t < 32 else 300 * (64 - t)
        step = [0, 8000, 8000, -8000, -8000, 2500][(t // 10) % 6]
        c.rate_values(e, t, [sine, ramp, step, 700])
    h = c.pop(4, "lif", threshold=4000, beta=60000)
    c.dense(i, h, lo=-60, hi=127, shift=6)
    c.decoder(i, "count")
    c.decoder(h, "count")
    return c


@scenario
def enc_limits():
    c = Case("enc_limits", "Encoder parameter limits: LATENCY window 1 and 65535, DELTA "
             "threshold 1 with +-1 steps and I32_MIN/I32_MAX jumps (d computed in i64).",
             40, 26)
    a = c.pop(4, "input")
    ea = c.encoder(a, "latency", 1)
    b = c.pop(4, "input")
    eb = c.encoder(b, "latency", 65535)
    d = c.pop(4, "input")
    ed = c.encoder(d, "delta", 1)
    c.rate_values(ea, 0, [1, 65536, 0, I32_MAX])
    c.rate_values(ea, 5, [I32_MIN, 30000, 30000, 1])
    c.value(6, ea, 1, 30000)
    c.rate_values(eb, 0, [65536, 65535, 1, 65000])
    c.rate_values(eb, 20, [I32_MAX, 65534, -1, 0])
    seq0 = [0, 1, 1, 0, -1, -1, 0, I32_MAX, I32_MAX, I32_MIN, I32_MIN, I32_MAX, 5, 6, 7, 6]
    seq1 = [3, 2, 2, 1, 0, I32_MIN, I32_MIN + 1, I32_MIN, 0, 0, 1, 0, -1, 0, 1, 2]
    for t in range(16):
        c.value(t, ed, 0, seq0[t])
        c.value(t, ed, 1, seq1[t])
    h = c.pop(4, "lif", threshold=2000, beta=60000)
    c.dense(a, h, lo=0, hi=127, shift=5)
    c.dense(b, h, lo=0, hi=127, shift=5)
    c.dense(d, h, lo=0, hi=127, shift=5)
    c.decoder(a, "first_spike")
    c.decoder(b, "first_spike")
    c.decoder(d, "count")
    return c


@scenario
def decoders_all():
    c = Case("decoders_all", "Decoders: COUNT and FIRST_SPIKE on an input population, on a "
             "LIF with never-firing neurons, FIRST_SPIKE on a LI (never), MEMBRANE on LIF, "
             "CUBA, LI and IZH.", 40, 27)
    i = c.pop(6, "input")
    h = c.pop(6, "lif", threshold=5000, beta=60000)
    c.dense(i, h, w=np.array([[127, 80, 0, -10, 127, 30]] * 6), shift=5)
    cu = c.pop(3, "cuba", threshold=5000, alpha=50000, beta=60000)
    c.dense(i, cu, lo=-30, hi=127, shift=5)
    li = c.pop(2, "li", beta=60000)
    c.dense(h, li, lo=-128, hi=127, shift=5)
    iz = c.pop(2, "izh", **izh_kw(*IZH_CLASSIC["regular_spiking"]))
    c.dense(i, iz, lo=20, hi=127, shift=7)
    for t in range(40):
        for n in np.flatnonzero(c.rng.random(6) < [0.5, 0.3, 0.0, 0.2, 0.4, 0.1]):
            c.spike(t, i, n)
    c.decoder(i, "count")
    c.decoder(i, "first_spike")
    c.decoder(h, "count")
    c.decoder(h, "first_spike")
    c.decoder(li, "first_spike")
    c.decoder(h, "membrane")
    c.decoder(cu, "membrane")
    c.decoder(li, "membrane")
    c.decoder(iz, "membrane")
    c.decoder(iz, "count")
    return c
