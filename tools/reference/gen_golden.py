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
    def __init__(self, name, description, ticks, seed, rng_name=None):
        self.d = {
            "name": name,
            "description": description,
            "ticks": ticks,
            "seed": f"0x{seed:016x}",
            "populations": [],
            "projections": [],
            "encoders": [],
            "decoders": [],
            "inputs": {"spikes": [], "values": [], "actions": []},
        }
        self.rng = np.random.default_rng(zlib.crc32((rng_name or name).encode()))
        self.checks = []  # callables (net, exp) -> None, asserting the scenario is alive

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

    def action(self, s, name, *args):
        self.d["inputs"]["actions"].append([int(s), name] + list(args))

    # plasticity / power -------------------------------------------------------------
    def rule(self, proj, rule, **kw):
        d = {"projection": proj, "rule": rule, "a_plus": 0, "a_minus": 0, "decay_pre": 0,
             "decay_post": 0, "w_min": -128, "w_max": 127, "bounds": "hard",
             "learning_rate": 0, "decay_elig": 0, "norm_target": 0, "enabled": True}
        for k, v in kw.items():
            assert k in d, k
            d[k] = v
        # the "plasticity" and "power" keys go before "inputs"
        self._insert("plasticity", [])
        self.d["plasticity"].append(d)
        return len(self.d["plasticity"]) - 1

    def power(self, mode, fold=2, threshold_scale=65536):
        self._insert("power", {"mode": mode, "fold": fold, "threshold_scale": threshold_scale})

    def _insert(self, key, value):
        if key in self.d:
            return
        items = list(self.d.items())
        k = [n for n, _ in items].index("inputs")
        self.d = dict(items[:k] + [(key, value)] + items[k:])

    def check(self, fn):
        self.checks.append(fn)
        return fn


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


# ------------------------------------------------------------------------------ plasticity
# and power scenarios (SEMANTICS.md 11 and 12). Each registers checks (Case.check) that
# fail loudly if the scenario stops exercising what its name says.


def tau_decay(tau):
    """Q16 decay multiplier exp(-1/tau)."""
    return int(round(math.exp(-1.0 / tau) * 65536))


def _weights_of(c, proj):
    return list(c.d["projections"][proj]["weights"])


def _expect_learning(c, min_changed=3):
    """Every plastic projection ends with at least min_changed weights changed."""
    init = {str(r["projection"]): _weights_of(c, r["projection"])
            for r in c.d.get("plasticity", [])}
    name = c.d["name"]

    @c.check
    def _learned(net, exp, trace):
        assert set(exp["weights"]) == set(init), (name, sorted(exp["weights"]))
        for p, w0 in init.items():
            changed = sum(a != b for a, b in zip(w0, exp["weights"][p]))
            assert changed >= min_changed, (name, "projection", p, "changed", changed)
        assert exp["counters"]["plasticity_updates"] > 0, name


def _stdp_basic(rule, bounds):
    kind = "nearest" if rule == "stdp_nearest" else "all"
    name = f"stdp_{kind}_{bounds}"
    c = Case(name, f"Pair STDP, {kind} pairing ({rule.upper()}), {bounds.upper()} bounds: 16 "
             f"Bernoulli inputs -> 8 LIF (dense, D = 0, plastic) -> 4 LIF (dense, D = 2, "
             f"plastic), plus a fixed dense input -> output projection with D = 3; input "
             f"rates change at step 100.", 200, 0x500 + zlib.crc32(name.encode()) % 256)
    i = c.pop(16, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(3000, 14000, 16, endpoint=True))
    c.rate_values(e, 100, c.rng.integers(1000, 16000, 16, endpoint=True))
    h = c.pop(8, "lif", threshold=24000, beta=58982, refractory=1)
    o = c.pop(4, "lif", threshold=30000, beta=58982)
    p0 = c.dense(i, h, lo=0, hi=90, shift=6)
    p1 = c.dense(h, o, lo=0, hi=90, delay=2, shift=6)
    c.dense(i, o, lo=-40, hi=40, delay=3, shift=5)
    c.rule(p0, rule, a_plus=98304, a_minus=120000, decay_pre=tau_decay(8),
           decay_post=tau_decay(10), w_min=-20, w_max=110, bounds=bounds)
    c.rule(p1, rule, a_plus=131072, a_minus=150000, decay_pre=tau_decay(6),
           decay_post=tau_decay(6), w_min=0, w_max=100, bounds=bounds)
    c.decoder(h, "count")
    c.decoder(o, "count")
    _expect_learning(c, 10)

    @c.check
    def _draws(net, exp, trace):
        assert net.stats["plasticity_draws"] > 100, net.stats
        # both signs of change on the input projection
        w0 = np.array(_weights_of(c, p0))
        w1 = np.array(exp["weights"][str(p0)])
        assert (w1 > w0).any() and (w1 < w0).any(), name
    return c


for _rule in ("stdp_nearest", "stdp_all"):
    for _b in ("hard", "soft"):
        scenario((lambda r, b: (lambda: _stdp_basic(r, b)))(_rule, _b))


@scenario
def stdp_busy_out_of_bounds():
    """Most targets fire every step (the runtime's masked-row potentiation), and the
    initial weights lie partly outside [w_min, w_max]: a rounded change of 0 must leave
    such a weight alone, a nonzero one clamps it (SEMANTICS.md 11.1, apply)."""
    name = "stdp_busy_out_of_bounds"
    c = Case(name, "Pair STDP (nearest, HARD) on a busy 24 -> 48 dense projection whose "
             "initial weights span -128..127 while the bounds are -30..60; small amplitudes "
             "so that many rounded changes are 0.", 120, 0x77)
    i = c.pop(24, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(20000, 40000, 24, endpoint=True))
    h = c.pop(48, "lif", threshold=8000, beta=40000)
    p0 = c.dense(i, h, lo=-128, hi=127, shift=6)
    c.rule(p0, "stdp_nearest", a_plus=20000, a_minus=24000, decay_pre=tau_decay(5),
           decay_post=tau_decay(5), w_min=-30, w_max=60, bounds="hard")
    c.decoder(h, "count")
    _expect_learning(c, 10)

    @c.check
    def _busy(net, exp, trace):
        assert net.stats["clamp_out_of_bounds"] > 0, net.stats
        w0 = np.array(_weights_of(c, p0))
        w1 = np.array(exp["weights"][str(p0)])
        outside = (w0 < -30) | (w0 > 60)
        # some out-of-bounds weights were clamped, some were left alone
        assert (outside & (w1 == w0)).any() and (outside & (w1 != w0)).any(), name
        spikes = [s for s in exp["spikes"] if s[1] == h]
        assert len(spikes) > 120 * 48 // 3, len(spikes)
    return c


@scenario
def stdp_sparse_one_to_one():
    c = Case("stdp_sparse_one_to_one", "STDP on a SPARSE projection (D = 1, rows of length "
             "0..7, empty rows still draw on depression) and on a ONE_TO_ONE projection "
             "(D = 2, all-to-all, SOFT) into the same 12 LIF; the rules are listed in reverse "
             "projection order (phase 3 runs in projection order, the hash in rule order); "
             "a plastic ONE_TO_ONE hidden -> output with D = 0.", 160, 0x601)
    i = c.pop(12, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(4000, 16000, 12, endpoint=True))
    h = c.pop(12, "lif", threshold=9000, beta=58000, refractory=1)
    lengths = [3, 0, 5, 2, 7, 0, 4, 1, 6, 3, 0, 2]
    rows = []
    for L in lengths:
        cols = sorted(c.rng.choice(12, L, replace=False).tolist())
        rows.append([(cc, int(c.rng.integers(10, 81))) for cc in cols])
    p0 = c.sparse(i, h, rows, delay=1, shift=6)
    p1 = c.one_to_one(i, h, c.rng.integers(20, 71, 12), delay=2, shift=6)
    o = c.pop(12, "lif", threshold=12000, beta=60000)
    p2 = c.one_to_one(h, o, c.rng.integers(60, 121, 12), shift=6)
    c.rule(p1, "stdp_all", a_plus=131072, a_minus=98304, decay_pre=tau_decay(5),
           decay_post=tau_decay(7), w_min=0, w_max=127, bounds="soft")
    c.rule(p0, "stdp_nearest", a_plus=98304, a_minus=131072, decay_pre=tau_decay(10),
           decay_post=tau_decay(10), w_min=-10, w_max=100, bounds="hard")
    c.rule(p2, "stdp_nearest", a_plus=65536, a_minus=65536, decay_pre=tau_decay(4),
           decay_post=tau_decay(4), w_min=0, w_max=127, bounds="hard")
    c.decoder(h, "count")
    c.decoder(o, "count")
    _expect_learning(c, 3)
    return c


def _rewards(c, schedule):
    for s, r in schedule:
        c.action(s, "reward", r)


def _expect_rewards_changed_weights(c, proj):
    """Some reward moved weights of the R-STDP projection proj (phase 3 never moves them),
    and eligibility was nonzero at some step."""
    name = c.d["name"]
    steps = sorted({a[0] for a in c.d["inputs"]["actions"] if a[1] == "reward"})

    @c.check
    def _rewarded(net, exp, trace):
        moved = 0
        for s in steps:
            if s >= 1:
                moved += sum(a != b for a, b in zip(trace[s - 1]["w"][proj],
                                                    trace[s]["w"][proj]))
        assert moved > 0, (name, "no reward moved a weight")
        assert any(row["e_nonzero"] for row in trace), name
        for s in range(1, len(trace)):
            if s not in steps:
                assert trace[s]["w"][proj] == trace[s - 1]["w"][proj], (name, s)


@scenario
def rstdp_nearest():
    c = Case("rstdp_nearest", "R-STDP (nearest pairs, HARD): 10 Bernoulli inputs -> 6 LIF "
             "(dense, D = 1) -> 3 LIF (dense, D = 0); lazy eligibility with per-synapse "
             "stamps, rewards of both signs at several steps (weights move only on "
             "rewards).", 200, 0x602)
    i = c.pop(10, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(5000, 15000, 10, endpoint=True))
    h = c.pop(6, "lif", threshold=16000, beta=58982)
    o = c.pop(3, "lif", threshold=30000, beta=58982)
    p0 = c.dense(i, h, lo=0, hi=80, delay=1, shift=6)
    p1 = c.dense(h, o, lo=0, hi=100, shift=6)
    c.rule(p0, "rstdp_nearest", a_plus=131072, a_minus=144179, decay_pre=tau_decay(10),
           decay_post=tau_decay(10), w_min=-40, w_max=120, learning_rate=65536,
           decay_elig=tau_decay(40))
    c.rule(p1, "rstdp_nearest", a_plus=98304, a_minus=98304, decay_pre=tau_decay(8),
           decay_post=tau_decay(8), w_min=-20, w_max=127, learning_rate=98304,
           decay_elig=tau_decay(25))
    _rewards(c, [(25, 65536), (50, -49152), (80, 131072), (81, 131072), (110, -65536),
                 (140, 30000), (170, -100000), (199, 65536)])
    c.decoder(o, "count")
    _expect_learning(c, 5)
    _expect_rewards_changed_weights(c, p0)
    return c


@scenario
def rstdp_all_soft():
    c = Case("rstdp_all_soft", "R-STDP with all-to-all traces and SOFT bounds: 8 Bernoulli "
             "inputs -> 6 LIF (dense, D = 0) -> 6 LIF (ONE_TO_ONE, D = 3); positive and "
             "negative rewards.", 180, 0x603)
    i = c.pop(8, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(6000, 18000, 8, endpoint=True))
    h = c.pop(6, "lif", threshold=18000, beta=58982)
    o = c.pop(6, "lif", threshold=4000, beta=58982)
    p0 = c.dense(i, h, lo=0, hi=90, shift=6)
    p1 = c.one_to_one(h, o, c.rng.integers(40, 101, 6), delay=3, shift=6)
    c.rule(p0, "rstdp_all", a_plus=131072, a_minus=131072, decay_pre=tau_decay(6),
           decay_post=tau_decay(8), w_min=-64, w_max=127, bounds="soft",
           learning_rate=65536, decay_elig=tau_decay(30))
    c.rule(p1, "rstdp_all", a_plus=196608, a_minus=131072, decay_pre=tau_decay(6),
           decay_post=tau_decay(6), w_min=0, w_max=127, bounds="soft",
           learning_rate=131072, decay_elig=tau_decay(50))
    _rewards(c, [(30, 65536), (60, -65536), (90, 98304), (120, -32768), (150, 131072),
                 (179, -65536)])
    c.decoder(o, "count")
    _expect_learning(c, 5)
    _expect_rewards_changed_weights(c, p0)
    return c


@scenario
def stdp_normalization():
    N = 250
    c = Case("stdp_normalization", f"STDP (nearest, HARD) with normalization on a dense "
             f"12 -> 6 projection: after every post spike the column's weights are scaled "
             f"to sum ~ {N}.", 150, 0x604)
    i = c.pop(12, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(4000, 16000, 12, endpoint=True))
    o = c.pop(6, "lif", threshold=9000, beta=58982)
    p0 = c.dense(i, o, lo=0, hi=60, shift=6)
    c.rule(p0, "stdp_nearest", a_plus=131072, a_minus=98304, decay_pre=tau_decay(8),
           decay_post=tau_decay(8), w_min=0, w_max=127, norm_target=N)
    c.decoder(o, "count")
    _expect_learning(c, 10)

    @c.check
    def _normalized(net, exp, trace):
        cols = 0
        for row in trace:
            W = np.array(row["w"][p0]).reshape(12, 6)
            for j in row["post"][o]:
                S = int(W[:, j].sum())
                assert abs(S - N) <= 12, ("stdp_normalization", S)
                cols += 1
        assert cols > 20, cols
    return c


@scenario
def homeostasis_alif_wta():
    c = Case("homeostasis_alif_wta", "Homeostasis and competition: two input patterns "
             "(channels 0-7 vs 8-15, alternating every 50 steps) -> 8 ALIF (adapt_inc 3000, "
             "slow adaptation decay tau 200) through a plastic dense projection (STDP "
             "nearest, normalization to 480 per neuron); winner-take-all by a recurrent "
             "self-projection with weight -100 off the diagonal, delay 1.", 300, 0x605)
    i = c.pop(16, "input")
    e = c.encoder(i, "rate")
    a = c.pop(8, "alif", threshold=6000, beta=60000, adapt_inc=3000,
              adapt_decay=tau_decay(200), refractory=1)
    p0 = c.dense(i, a, lo=10, hi=50, shift=6)
    inh = np.full((8, 8), -100)
    np.fill_diagonal(inh, 0)
    c.dense(a, a, w=inh, delay=1, shift=6)
    c.rule(p0, "stdp_nearest", a_plus=131072, a_minus=110000, decay_pre=tau_decay(10),
           decay_post=tau_decay(10), w_min=0, w_max=127, norm_target=480)
    for s in range(0, 300, 50):
        hi = (s // 50) % 2 == 0
        c.rate_values(e, s, [20000 if (k < 8) == hi else 1500 for k in range(16)])
    c.decoder(a, "count")
    _expect_learning(c, 20)

    @c.check
    def _adapt_and_inhibit(net, exp, trace):
        assert max(row["alif_a_max"] for row in trace) > 3000
        n_spk = [len(row["post"][a]) for row in trace]
        assert sum(n_spk) > 100, n_spk
        # lateral inhibition (D = 1): a step with ALIF spikes is followed by a silent one
        both = sum(1 for s in range(299) if n_spk[s] and n_spk[s + 1])
        assert both <= 5, (both, n_spk)
    return c


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
    _expect_learning(c, 3)

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
    _expect_learning(c, 5)

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


def observe(net, s, trace):
    """Per explicit step: tick at its start, weights, post spikes, rule state."""
    trace.append({
        "t": net.t - net.k,
        "w": {q.index: [int(x) for x in q.w] for q in net.projs},
        "post": {p: net.spikes(p) for p in range(len(net.pops))},
        "traces": {r.index: (r.x.tolist(), r.y.tolist(), r.e.tolist(), r.stamp.tolist())
                   for r in net.rules},
        "e_nonzero": any(bool(r.e.any()) for r in net.rules),
        "alif_a_max": max([int(p.a.max()) for p in net.pops if p.model == sr.ALIF],
                          default=0),
    })


def avoid_doubtful_corners(d):
    """The goldens stay clear of points SEMANTICS.md leaves open (see the README):
    no reward at the same step boundary as a parameter or learning-switch change, and
    no threshold-scale change while the low-power mode is on."""
    actions = d["inputs"].get("actions", [])
    mode = (d.get("power") or {}).get("mode", "normal")
    by_step = {}
    for a in sorted(actions, key=lambda a: a[0]):  # stable: list order within a step
        by_step.setdefault(a[0], set()).add(a[1])
        if a[1] == "power":
            mode = a[2]
        if a[1] == "threshold_scale":
            assert mode != "low", (d["name"], a)
    for s, names in by_step.items():
        assert not ("reward" in names and names & {"param", "learning"}), (d["name"], s)


def run(c):
    """Run a scenario through the reference and its checks; returns "expected"."""
    avoid_doubtful_corners(c.d)
    net = sr.Network(c.d)
    trace = []
    exp = sr.run_network(net, c.d, observer=lambda n, s: observe(n, s, trace))
    assert exp == sr.run_case(c.d), c.d["name"]  # the observer changed nothing
    sanity(c.d, exp)
    # Weights outside [w_min, w_max] are exercised on purpose by one scenario only, so a
    # change of the apply() rule shows up there and nowhere by accident.
    if c.d["name"] != "stdp_busy_out_of_bounds":
        assert net.stats["clamp_out_of_bounds"] == 0, (c.d["name"], net.stats)
    for fn in c.checks:
        fn(net, exp, trace)
    return exp


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
        exp = run(c)
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
