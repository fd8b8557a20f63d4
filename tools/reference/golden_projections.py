"""Golden scenarios of the projections (SEMANTICS.md 2.3, 2.4, 3): dense, sparse, one-to-one,
conv2d, recurrent, axonal delays, several projections into one population, zero-delay
chains.
"""

import numpy as np

from goldencase import Case, lif_kw, scenario


@scenario
def proj_dense_two_layer():
    c = Case("proj_dense_two_layer", "Two dense layers 12 -> 10 -> 6 (shifts 6 and 8), "
             "mixed-sign weights, injected inputs.", 60, 14)
    i = c.pop(12, "input")
    h = c.pop(10, "lif", **lif_kw(threshold=12000))
    o = c.pop(6, "lif", **lif_kw(threshold=30000, beta=62000))
    c.dense(i, h, lo=-80, hi=127, shift=6)
    c.dense(h, o, lo=-128, hi=127, shift=8)
    for t in range(60):
        for n in np.flatnonzero(c.rng.random(12) < 0.35):
            c.spike(t, i, n)
    c.decoder(o, "count")
    return c


@scenario
def proj_sparse_csr():
    c = Case("proj_sparse_csr", "Sparse CSR projection 20 -> 16 with row lengths 0..16 "
             "(several empty rows), plus a sparse hidden -> output projection.", 60, 15)
    i = c.pop(20, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(8000, 40000, 20, endpoint=True))
    h = c.pop(16, "lif", **lif_kw(threshold=6000))
    lengths = [0, 1, 16, 3, 0, 5, 8, 2, 0, 0, 12, 4, 1, 7, 6, 0, 9, 3, 15, 2]
    rows = []
    for L in lengths:
        cols = sorted(c.rng.choice(16, L, replace=False).tolist())
        rows.append([(cc, int(c.rng.integers(-60, 128))) for cc in cols])
    c.sparse(i, h, rows, shift=6)
    o = c.pop(5, "lif", **lif_kw(threshold=4000))
    rows2 = [[(cc, int(c.rng.integers(-128, 128))) for cc in
              sorted(c.rng.choice(5, int(c.rng.integers(0, 4)), replace=False).tolist())]
             for _ in range(16)]
    c.sparse(h, o, rows2, shift=7)
    c.decoder(h, "count")
    c.decoder(o, "count")
    return c


@scenario
def proj_one_to_one():
    c = Case("proj_one_to_one", "ONE_TO_ONE input -> LIF (positive, zero and negative "
             "weights) and LIF -> LIF with delay 1.", 50, 16)
    i = c.pop(10, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(10000, 60000, 10, endpoint=True))
    h = c.pop(10, "lif", threshold=3000, beta=55000)
    c.one_to_one(i, h, [127, 100, 64, 0, -5, 90, -128, 80, 50, 127], shift=6)
    o = c.pop(10, "lif", threshold=2000, beta=60000)
    c.one_to_one(h, o, [60, -60, 127, 127, 127, 30, 127, 10, 90, 127], delay=1, shift=5)
    c.decoder(o, "count")
    return c


@scenario
def conv2d_event_camera():
    c = Case("conv2d_event_camera", "Event-camera-like 8x8x2 (ON/OFF, HWC) input from a "
             "DELTA encoder on 64 pixels watching a moving bar; conv 3x3 stride 2 pad 1 -> "
             "4x4x3 LIF; conv 3x3 stride 2 pad 1 -> 2x2x4 LIF; dense -> 4 LI.", 48, 17)
    i = c.pop(128, "input")
    e = c.encoder(i, "delta", 300)
    h1 = c.pop(48, "lif", threshold=4096, beta=58000)
    c.conv(i, h1, (8, 8, 2, 3, 3, 3, 2, 2, 1, 1), lo=-40, hi=127, shift=6)
    h2 = c.pop(16, "lif", threshold=20000, beta=60000)
    c.conv(h1, h2, (4, 4, 3, 4, 3, 3, 2, 2, 1, 1), lo=-64, hi=127, shift=6)
    o = c.pop(4, "li", beta=60000)
    c.dense(h2, o, lo=-128, hi=127, shift=6)
    prev = np.zeros((8, 8), dtype=np.int64)
    for t in range(48):
        img = np.zeros((8, 8), dtype=np.int64)
        pos = (t // 2) % 12 - 2  # vertical bar moving right, 2 columns wide
        for x in (pos, pos + 1):
            if 0 <= x < 8:
                img[:, x] = 1000
        if 16 <= t < 32:  # a second, diagonal dimmer edge
            for y in range(8):
                x = (y + t) % 8
                img[y, x] = max(img[y, x], 500)
        for k in np.flatnonzero(img.reshape(-1) != prev.reshape(-1)):
            c.value(t, e, k, img.reshape(-1)[k])
        prev = img
    c.decoder(h2, "count")
    c.decoder(o, "membrane")
    return c


@scenario
def conv2d_geometries():
    c = Case("conv2d_geometries", "CONV2D corner geometries: non-square input and kernel "
             "with stride (1,2) pad (1,0); 1x1 pointwise; 5x5 kernel stride 3 pad 2 "
             "(tiny output); two Bernoulli-rate inputs whose encoders are listed in reverse "
             "population order.", 30, 18)
    a = c.pop(35, "input")  # 5x7x1
    ha = c.pop(36, "lif", threshold=3000, beta=60000)  # 6x3x2
    c.conv(a, ha, (5, 7, 1, 2, 2, 3, 1, 2, 1, 0), lo=-40, hi=127, shift=5)
    b = c.pop(108, "input")  # 6x6x3
    # encoders listed in reverse population order: PRNG draws follow the encoder list
    eb = c.encoder(b, "rate")
    ea = c.encoder(a, "rate")
    c.rate_values(ea, 0, c.rng.integers(10000, 40000, 35, endpoint=True))
    c.rate_values(eb, 0, c.rng.integers(5000, 30000, 108, endpoint=True))
    hb = c.pop(144, "lif", threshold=3000, beta=60000)  # 6x6x4
    c.conv(b, hb, (6, 6, 3, 4, 1, 1, 1, 1, 0, 0), lo=-60, hi=127, shift=5)
    hc = c.pop(8, "lif", threshold=8000, beta=60000)  # 2x2x2
    c.conv(b, hc, (6, 6, 3, 2, 5, 5, 3, 3, 2, 2), lo=-30, hi=127, shift=4)
    c.decoder(hb, "count")
    return c


@scenario
def recurrent_self_and_back():
    c = Case("recurrent_self_and_back", "Recurrence: hidden LIF with a dense self projection "
             "(delay 1, mostly inhibitory) and a sparse back projection from the output "
             "(delay 2).", 80, 19)
    i = c.pop(8, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(8000, 30000, 8, endpoint=True))
    h = c.pop(12, "lif", **lif_kw(threshold=8000))
    o = c.pop(6, "lif", **lif_kw(threshold=20000))
    c.dense(i, h, lo=-20, hi=127, shift=6)
    c.dense(h, h, lo=-128, hi=60, delay=1, shift=6)
    c.dense(h, o, lo=-40, hi=127, shift=6)
    rows = [[(cc, int(c.rng.integers(-128, 128))) for cc in
             sorted(c.rng.choice(12, int(c.rng.integers(0, 6)), replace=False).tolist())]
            for _ in range(6)]
    c.sparse(o, h, rows, delay=2, shift=7)
    c.decoder(h, "count")
    c.decoder(o, "first_spike")
    return c


@scenario
def axonal_delays():
    c = Case("axonal_delays", "Axonal delays 0, 1, 2, 3, 5, 7 into one LI (beta 0: v = "
             "input current) and one LIF, plus a delay-255 ONE_TO_ONE (history depth 255).",
             270, 20)
    i = c.pop(4, "input")
    li = c.pop(4, "li", beta=0)
    lif = c.pop(4, "lif", threshold=3000, beta=50000)
    for k, D in enumerate((0, 1, 2, 3, 5, 7)):
        w = np.zeros((4, 4), dtype=np.int64)
        w[:, k % 4] = 10 * (k + 1)
        w[k % 4, :] += 1
        c.dense(i, li, w=w, delay=D, shift=0)
        c.dense(i, lif, w=w, delay=D, shift=5)
    late = c.pop(4, "li", beta=0)
    c.one_to_one(i, late, [1, 2, 3, 4], delay=255, shift=10)
    for t, n in ((0, 0), (3, 1), (3, 2), (10, 3), (11, 0), (11, 1), (12, 2), (30, 0),
                 (31, 0), (32, 0), (33, 0), (200, 3)):
        c.spike(t, i, n)
    return c


@scenario
def multi_projection_shifts():
    c = Case("multi_projection_shifts", "Four projections into one LIF population with "
             "shifts 4, 8, 10 and 2 (dense, one_to_one, sparse, recurrent delay 1) from two "
             "inputs and itself; currents summed exactly before sat32.", 60, 21)
    a = c.pop(6, "input")
    ea = c.encoder(a, "rate")
    c.rate_values(ea, 0, c.rng.integers(10000, 40000, 6, endpoint=True))
    b = c.pop(6, "input")
    h = c.pop(6, "lif", threshold=65536, beta=60000)
    c.dense(a, h, lo=-64, hi=127, shift=4)
    c.one_to_one(b, h, [20, -10, 40, 0, 60, -30], shift=8)
    rows = [[(cc, int(c.rng.integers(-20, 40))) for cc in
             sorted(c.rng.choice(6, int(c.rng.integers(0, 4)), replace=False).tolist())]
            for _ in range(6)]
    c.sparse(a, h, rows, shift=10)
    c.dense(h, h, lo=-128, hi=127, delay=1, shift=2)
    for t in range(0, 60, 3):
        for n in np.flatnonzero(c.rng.random(6) < 0.5):
            c.spike(t, b, n)
    c.decoder(h, "count")
    return c


@scenario
def zero_delay_chain():
    c = Case("zero_delay_chain", "Deep chain of D = 0 projections listed out of order: "
             "input 0 -> 3 -> 1 -> 2 -> 4 -> 5, shortcut 3 -> 2, plus a D = 1 back edge "
             "2 -> 3; one input spike crosses the whole chain in one tick.", 30, 22)
    i = c.pop(4, "input")
    p1 = c.pop(4, "lif", threshold=2000, beta=30000)
    p2 = c.pop(4, "lif", threshold=2000, beta=30000)
    p3 = c.pop(4, "lif", threshold=2000, beta=30000)
    p4 = c.pop(4, "cuba", threshold=2000, alpha=30000, beta=30000)
    p5 = c.pop(4, "li", beta=40000)
    c.one_to_one(p1, p2, [127, 100, 50, -20], shift=6)
    c.dense(p4, p5, lo=-60, hi=127, shift=6)
    c.dense(p3, p1, w=np.eye(4, dtype=np.int64) * 120 + 5, shift=5)
    c.dense(p2, p3, lo=-128, hi=0, delay=1, shift=6)
    c.one_to_one(i, p3, [127, 127, 127, 127], shift=5)
    c.dense(p2, p4, w=np.eye(4, dtype=np.int64)[::-1] * 127, shift=5)
    c.dense(p3, p2, lo=-10, hi=30, shift=4)
    for t, n in ((0, 0), (2, 1), (5, 2), (5, 3), (9, 0), (9, 1), (9, 2), (9, 3), (15, 3)):
        c.spike(t, i, n)
    for p in (p1, p2, p3, p4):
        c.decoder(p, "first_spike")
    return c
