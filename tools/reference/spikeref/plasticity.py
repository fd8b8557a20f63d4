"""Section 11: learning rules (pair STDP, R-STDP with eligibility traces,
normalization) over the synapses of the rows an event touches.
"""

from __future__ import annotations

import numpy as np

from .primitives import Q16_ONE, U32_MASK, decay, floor_shr, pow_q16, round_u, sat32
from .fields import (
    BOUNDS, CONV2D, DENSE, RSTDP_ALL, RSTDP_NEAREST, RULES, RULE_DEFAULTS, RULE_FIELDS,
    RULE_PARAMS, SOFT, SPARSE, STDP_NEAREST, _bool, _enum, _int)


def _rows_synapses(row_start, rows):
    """Synapse indices of the given rows (ascending, each row in storage order) and, per
    synapse, the position of its row in `rows`."""
    rows = np.asarray(rows, dtype=np.int64)
    starts = row_start[rows]
    lengths = row_start[rows + 1] - starts
    total = int(lengths.sum())
    rid = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    if total == 0:
        return np.zeros(0, dtype=np.int64), rid
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return offsets + np.arange(total, dtype=np.int64), rid


class PlasticityRule:
    """One learning rule (section 11.1): parameters, traces x / y, and for the
    reward-modulated rules eligibility e and stamp per synapse (storage order)."""

    def __init__(self, d, index, projs):
        w = f"plasticity[{index}]"
        if not isinstance(d, dict):
            raise ValueError(f"{w}: expected an object")
        for f in d:
            if f not in RULE_FIELDS:
                raise ValueError(f"{w}.{f}: unknown field")
        for f in ("projection", "rule"):
            if f not in d:
                raise ValueError(f"{w}.{f}: missing field")
        self.index = index
        self.projection = _int(d["projection"], 0, len(projs) - 1, f"{w}.projection")
        q = projs[self.projection]
        if q.kind == CONV2D:
            raise ValueError(f"{w}.projection={self.projection}: CONV2D projections cannot "
                             f"learn (their weights are shared)")
        self.proj = q
        self.rule = _enum(d["rule"], RULES, f"{w}.rule")
        self.params = {}
        for f in RULE_PARAMS:
            self._set(f, d.get(f, RULE_DEFAULTS[f]), f"{w}.{f}")
        self._check(w)
        self.enabled = _bool(d.get("enabled", True), f"{w}.enabled")
        n_src, n_tgt = q.n_src, q.n_tgt
        # synapse tables in weight storage order (section 11.1)
        if q.kind == DENSE:
            self.row_start = np.arange(n_src + 1, dtype=np.int64) * n_tgt
            self.syn_post = np.tile(np.arange(n_tgt, dtype=np.int64), n_src)
        elif q.kind == SPARSE:
            self.row_start = q.row_ptr.astype(np.int64)
            self.syn_post = q.col.astype(np.int64)
        else:  # ONE_TO_ONE
            self.row_start = np.arange(n_src + 1, dtype=np.int64)
            self.syn_post = np.arange(n_src, dtype=np.int64)
        self.syn_pre = np.repeat(np.arange(n_src, dtype=np.int64), np.diff(self.row_start))
        self.n_syn = len(self.syn_post)
        self.reset()

    # ---- parameters (section 11.4) -----------------------------------------------------
    def _set(self, name, value, where):
        if name == "bounds":
            self.params[name] = _enum(value, BOUNDS, where)
        else:
            lo, hi = RULE_PARAMS[name]
            self.params[name] = _int(value, lo, hi, where)

    def _check(self, w):
        p = self.params
        if p["w_min"] > p["w_max"]:
            raise ValueError(f"{w}: w_min={p['w_min']} > w_max={p['w_max']}")
        if p["norm_target"] != 0 and (self.reward_modulated or self.proj.kind != DENSE):
            raise ValueError(f"{w}.norm_target={p['norm_target']}: normalization is only for "
                             f"STDP rules on DENSE projections")

    def set_param(self, name, value):
        w = f"plasticity[{self.index}]"
        if name not in RULE_PARAMS:
            raise ValueError(f"{w}: {name!r} is not a changeable parameter "
                             f"(one of {list(RULE_PARAMS)})")
        old = dict(self.params)
        try:
            self._set(name, value, f"{w}.{name}")
            self._check(w)
        except ValueError:
            self.params = old
            raise

    def __getattr__(self, name):
        params = self.__dict__.get("params")
        if params is not None and name in params:
            return params[name]
        raise AttributeError(name)

    @property
    def reward_modulated(self):
        return self.rule in (RSTDP_NEAREST, RSTDP_ALL)

    @property
    def nearest(self):
        return self.rule in (STDP_NEAREST, RSTDP_NEAREST)

    def reset(self):
        """Section 8: traces, eligibility and stamps to 0 (parameters and switch kept)."""
        self.x = np.zeros(self.proj.n_src, dtype=np.int64)
        self.y = np.zeros(self.proj.n_tgt, dtype=np.int64)
        self.e = np.zeros(self.n_syn, dtype=np.int64)
        self.stamp = np.zeros(self.n_syn, dtype=np.int64)

    def describe(self):
        """The golden-format object of this rule (current parameters and switch)."""
        d = {"projection": self.projection, "rule": RULES[self.rule]}
        for f in RULE_PARAMS:
            d[f] = BOUNDS[self.params[f]] if f == "bounds" else self.params[f]
        d["enabled"] = self.enabled
        return d

    def state_bytes(self):
        """Hash item 6: x (n_src) then y (n_tgt) as i32; R-STDP then e (i32) of every
        synapse, then the stamps (u32) of every synapse, both in weight storage order."""
        parts = [self.x.astype("<i4").tobytes(), self.y.astype("<i4").tobytes()]
        if self.reward_modulated:
            parts.append(self.e.astype("<i4").tobytes())
            parts.append(self.stamp.astype("<u4").tobytes())
        return b"".join(parts)

    # ---- helpers of 11.1 ---------------------------------------------------------------
    def _elig(self, syn, t):
        """elig(e, sigma) of the synapses syn brought up to tick t; sets sigma <- t."""
        n = (t - self.stamp[syn]) & U32_MASK
        e = decay(self.e[syn], pow_q16(self.decay_elig, n))
        self.stamp[syn] = t & U32_MASK
        return e

    def _update_weights(self, net, syn, inc):
        """apply(w, c) of 11.1 for the synapses syn: w <- clamp(w + c) on the exact
        value where c != 0; a zero change leaves the weight as it is."""
        w = self.proj.w
        old = w[syn]
        out = ((old < self.w_min) | (old > self.w_max)) & (inc != 0)
        if out.any():  # not a semantic event: lets gen_golden report the corner
            net.stats["clamp_out_of_bounds"] += int(out.sum())
        w[syn] = np.where(inc != 0, np.clip(old + inc, self.w_min, self.w_max), old)

    def _potentiation(self, syn):
        P = (self.a_plus * self.x[self.syn_pre[syn]]) >> 16
        if self.bounds == SOFT:
            P = (P * np.maximum(self.w_max - self.proj.w[syn], 0)) >> 7
        return P

    def _depression(self, syn):
        Q = (self.a_minus * self.y[self.syn_post[syn]]) >> 16
        if self.bounds == SOFT:
            Q = (Q * np.maximum(self.proj.w[syn] - self.w_min, 0)) >> 7
        return Q

    # ---- phase 3 (section 11.2) --------------------------------------------------------
    def phase3(self, net, pre, post_s, t, k):
        """pre: ascending source indices delivered in this step; post_s: the target's
        spike vector of this step; t: the tick being computed; k: the fold."""
        x_spike = Q16_ONE
        # 0. key: one PRNG output per STDP rule and step with events
        key = None
        if not self.reward_modulated and (len(pre) or post_s.any()):
            key = net.prng.next32()
        # 1. decay
        self.x = decay(self.x, pow_q16(self.decay_pre, k))
        self.y = decay(self.y, pow_q16(self.decay_post, k))
        # 2. pre events
        if len(pre):
            if self.nearest:
                self.x[pre] = x_spike
            else:
                self.x[pre] = sat32(self.x[pre] + x_spike)
            if self.y.any():
                syn, rid = _rows_synapses(self.row_start, pre)
                Q = self._depression(syn)
                if self.reward_modulated:
                    e = self._elig(syn, t)
                    self.e[syn] = sat32(e - Q)
                else:
                    u = net.row_draws(key, 2 * np.asarray(pre, dtype=np.int64))
                    self._update_weights(net, syn, round_u(-Q, u[rid]))
                net.plasticity_updates += len(syn)
        # 3. post events
        post = np.flatnonzero(post_s)
        if len(post) == 0:
            return
        if self.nearest:
            self.y[post] = x_spike
        else:
            self.y[post] = sat32(self.y[post] + x_spike)
        # 4. potentiation
        rows = np.flatnonzero(self.x)
        syn, rid = _rows_synapses(self.row_start, rows)
        u = None if self.reward_modulated else net.row_draws(key, 2 * rows + 1)
        hit = post_s[self.syn_post[syn]] == 1
        syn, rid = syn[hit], rid[hit]
        P = self._potentiation(syn)
        if self.reward_modulated:
            e = self._elig(syn, t)
            self.e[syn] = sat32(e + P)
        else:
            self._update_weights(net, syn, round_u(P, u[rid]))
        net.plasticity_updates += len(syn)
        # 5. normalization (STDP on DENSE only)
        if self.norm_target > 0:
            n_src, n_tgt = self.proj.n_src, self.proj.n_tgt
            for j in post:
                col = np.arange(n_src, dtype=np.int64) * n_tgt + j
                S = int(self.proj.w[col].sum())
                if S > 0:
                    m = (self.norm_target * Q16_ONE) // S
                    old = self.proj.w[col]
                    out = (old < self.w_min) | (old > self.w_max)
                    if out.any():
                        net.stats["clamp_out_of_bounds"] += int(out.sum())
                    self.proj.w[col] = np.clip((old * m + 32768) >> 16, self.w_min,
                                               self.w_max)
                    net.plasticity_updates += n_src

    # ---- reward (section 11.3) ---------------------------------------------------------
    def reward(self, net, r, t):
        g = sat32(floor_shr(self.learning_rate * r, 16))
        key = net.prng.next32()
        # one per row i, empty rows included
        u = net.row_draws(key, np.arange(self.proj.n_src, dtype=np.int64))
        syn = np.arange(self.n_syn, dtype=np.int64)
        e = self._elig(syn, t)
        self.e = e
        self._update_weights(net, syn, round_u((g * e) >> 16, u[self.syn_pre]))
        net.plasticity_updates += self.n_syn
