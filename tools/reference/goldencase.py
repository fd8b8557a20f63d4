"""The builder of the golden scenarios (gen_golden.py): a Case assembles a golden-format
network dict with its inputs and the checks that keep the scenario honest; the
`scenario` decorator registers a scenario function in SCENARIOS, in the order the
scenario modules are imported.
"""

import math
import zlib

import numpy as np

import spikeref as sr

I32_MIN, I32_MAX = -(2**31), 2**31 - 1
MV = 256  # IZH potential units per mV


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


SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


def tau_decay(tau):
    """Q16 decay multiplier exp(-1/tau)."""
    return int(round(math.exp(-1.0 / tau) * 65536))


def weights_of(c, proj):
    return list(c.d["projections"][proj]["weights"])


def expect_learning(c, min_changed=3):
    """Every plastic projection ends with at least min_changed weights changed."""
    init = {str(r["projection"]): weights_of(c, r["projection"])
            for r in c.d.get("plasticity", [])}
    name = c.d["name"]

    @c.check
    def _learned(net, exp, trace):
        assert set(exp["weights"]) == set(init), (name, sorted(exp["weights"]))
        for p, w0 in init.items():
            changed = sum(a != b for a, b in zip(w0, exp["weights"][p]))
            assert changed >= min_changed, (name, "projection", p, "changed", changed)
        assert exp["counters"]["plasticity_updates"] > 0, name
