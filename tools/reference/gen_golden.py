#!/usr/bin/env python3
"""Generate the golden vectors in Tests/SpikeCoreTests/Golden from the numpy reference.

usage: python3 tools/reference/gen_golden.py [--check] [NAME ...]

Deterministic: fixed seeds (numpy default_rng), stable JSON layout, so a rerun writes
the same bytes.  Prints one line per scenario: name, ticks, spike count, final hash.
With NAME arguments only those scenarios are (re)generated; --check compares with the
files on disk instead of writing them (exit status 1 on a difference).
"""

import math
import os
import sys
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import goldenjson  # noqa: E402
import spikeref as sr  # noqa: E402

GOLDEN = os.path.normpath(os.path.join(HERE, "..", "..", "Tests", "SpikeCoreTests", "Golden"))

I32_MIN, I32_MAX = -(2**31), 2**31 - 1
MV = 256  # IZH potential units per mV


# ------------------------------------------------------------------------------ builder

class Case:
    def __init__(self, name, description, ticks, seed):
        self.d = {
            "name": name,
            "description": description,
            "ticks": ticks,
            "seed": f"0x{seed:016x}",
            "populations": [],
            "projections": [],
            "encoders": [],
            "decoders": [],
            "inputs": {"spikes": [], "values": []},
        }
        self.rng = np.random.default_rng(zlib.crc32(name.encode()))

    # populations ------------------------------------------------------------------
    def pop(self, size, model, **kw):
        d = {"size": size, "model": model, "threshold": 0, "beta": 0, "alpha": 0,
             "reset": "subtract", "reset_timing": "delayed", "v_reset": 0, "v_init": 0,
             "refractory": 0, "bias": 0, "adapt_inc": 0, "adapt_decay": 0,
             "izh_a": 0, "izh_b": 0, "izh_c": 0, "izh_d": 0, "v_peak": 0}
        for k, v in kw.items():
            assert k in d, k
            d[k] = int(v) if not isinstance(v, str) else v
        self.d["populations"].append(d)
        return len(self.d["populations"]) - 1

    def size(self, p):
        return self.d["populations"][p]["size"]

    # projections ------------------------------------------------------------------
    def _proj(self, src, tgt, kind, w, delay, shift, row_ptr=(), col=(), conv=None):
        w = [int(x) for x in np.asarray(w).reshape(-1)]
        self.d["projections"].append({
            "source": src, "target": tgt, "kind": kind, "delay": delay, "shift": shift,
            "weights": w, "row_ptr": [int(x) for x in row_ptr],
            "col": [int(x) for x in col], "conv": conv})
        return len(self.d["projections"]) - 1

    def dense(self, src, tgt, w=None, lo=-64, hi=127, delay=0, shift=6):
        if w is None:
            w = self.rng.integers(lo, hi, (self.size(src), self.size(tgt)), endpoint=True)
        assert np.size(w) == self.size(src) * self.size(tgt)
        return self._proj(src, tgt, "dense", w, delay, shift)

    def sparse(self, src, tgt, rows, delay=0, shift=6):
        """rows: list (one per source neuron) of lists of (col, weight)."""
        row_ptr, col, w = [0], [], []
        for r in rows:
            for c, x in sorted(r):
                col.append(c)
                w.append(x)
            row_ptr.append(len(col))
        return self._proj(src, tgt, "sparse", w, delay, shift, row_ptr, col)

    def one_to_one(self, src, tgt, w, delay=0, shift=6):
        return self._proj(src, tgt, "one_to_one", w, delay, shift)

    def conv(self, src, tgt, geom, w=None, lo=-64, hi=127, delay=0, shift=6):
        g = dict(zip(sr.CONV_FIELDS, geom))
        nw = g["k_h"] * g["k_w"] * g["in_c"] * g["out_c"]
        if w is None:
            w = self.rng.integers(lo, hi, nw, endpoint=True)
        return self._proj(src, tgt, "conv2d", w, delay, shift, conv=g)

    # encoders / decoders / inputs -----------------------------------------------------
    def encoder(self, p, kind, param=0):
        self.d["encoders"].append({"population": p, "kind": kind, "param": param})
        return len(self.d["encoders"]) - 1

    def decoder(self, p, kind):
        self.d["decoders"].append({"population": p, "kind": kind})

    def spike(self, t, p, n):
        self.d["inputs"]["spikes"].append([int(t), int(p), int(n)])

    def value(self, t, e, c, v):
        self.d["inputs"]["values"].append([int(t), int(e), int(c), int(v)])

    def rate_values(self, e, t, values):
        for k, v in enumerate(values):
            self.value(t, e, k, v)


def lif_kw(**kw):
    """Exporter-like LIF defaults (threshold 2^14, beta ~0.92)."""
    d = dict(threshold=16384, beta=60000)
    d.update(kw)
    return d


def izh_kw(a, b, c, d, **kw):
    """Izhikevich parameters from the mV / float form (a, b dimensionless; c, d in mV)."""
    out = dict(izh_a=round(a * 65536), izh_b=round(b * 65536), izh_c=round(c * MV),
               izh_d=round(d * MV), v_peak=30 * MV, v_init=-65 * MV)
    out.update(kw)
    return out


IZH_CLASSIC = {
    "regular_spiking": (0.02, 0.2, -65, 8),
    "intrinsically_bursting": (0.02, 0.2, -55, 4),
    "chattering": (0.02, 0.2, -50, 2),
    "fast_spiking": (0.1, 0.2, -65, 2),
}


# ------------------------------------------------------------------------------ scenarios

SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


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


# ------------------------------------------------------------------------------ main

def sanity(d, exp):
    """Cheap checks that a scenario shows what its description promises."""
    name = d["name"]
    if name == "idle_decay_to_zero":
        for p, rows in exp["membrane"].items():
            if d["populations"][int(p)]["model"] != "if":
                assert all(v == 0 for r in rows[-60:] for v in r), (name, p)
    if name.startswith("izh_") and name[4:] in IZH_CLASSIC:
        assert 5 <= exp["decoders"][0][0] <= 40, (name, exp["decoders"][0])
    if name == "zero_delay_chain":
        ticks = {p: sorted({s[0] for s in exp["spikes"] if s[1] == p}) for p in range(5)}
        assert ticks[0][0] == ticks[3][0] == ticks[1][0] == ticks[2][0], ticks
    assert len(exp["spikes"]) > 0, name


def build_all():
    cases = [fn() for fn in SCENARIOS]
    names = [c.d["name"] for c in cases]
    assert len(set(names)) == len(names), "duplicate scenario names"
    return cases


def main(argv):
    check = "--check" in argv
    only = [a for a in argv[1:] if a != "--check"]
    cases = build_all()
    os.makedirs(GOLDEN, exist_ok=True)
    wanted = {c.d["name"] for c in cases}
    failed = False
    total = 0
    for c in cases:
        name = c.d["name"]
        if only and name not in only:
            continue
        exp = sr.run_case(c.d)
        sanity(c.d, exp)
        case = dict(c.d)
        case["expected"] = exp
        text = goldenjson.dumps(case)
        path = os.path.join(GOLDEN, name + ".json")
        total += len(text)
        if check:
            old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if old != text:
                print(f"DIFFERS: {name}")
                failed = True
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        print(f"{name:28s} ticks={c.d['ticks']:4d} spikes={len(exp['spikes']):6d} "
              f"hash={exp['final_hash']} ({len(text) // 1024} KiB)")
    if not only and not check:
        for f in sorted(os.listdir(GOLDEN)):
            if f.endswith(".json") and f[:-5] not in wanted:
                os.remove(os.path.join(GOLDEN, f))
                print(f"removed stale {f}")
    print(f"{len(cases)} scenarios, {total // 1024} KiB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
