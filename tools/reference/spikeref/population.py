"""Sections 2.1, 2.2 and 4: a population's parameters and state, and the neuron
update of each model family.
"""

from __future__ import annotations

import numpy as np

from .primitives import (
    I32_MAX, I32_MIN, Q16_ONE, ceil_div, decay, floor_shr, pow_q16, sat32)
from .fields import (
    ALIF, CUBA, DELAYED, IF, IMMEDIATE, INPUT, IZH, LI, LIF, LOW, MODELS, NORMAL,
    POP_FIELDS, RESETS, SUBTRACT, TIMINGS, ZERO, _enum, _int)


class Population:
    """Parameters (section 2.1) and state (section 2.2) of one population."""

    def __init__(self, d, index):
        w = f"populations[{index}]"
        if not isinstance(d, dict):
            raise ValueError(f"{w}: expected an object")
        for f in POP_FIELDS:
            if f not in d:
                raise ValueError(f"{w}.{f}: missing field")
        self.index = index
        self.size = _int(d["size"], 1, 65535, f"{w}.size")
        self.model = _enum(d["model"], MODELS, f"{w}.model")
        self.threshold = _int(d["threshold"], I32_MIN, I32_MAX, f"{w}.threshold")
        self.beta = _int(d["beta"], 0, Q16_ONE, f"{w}.beta")
        self.alpha = _int(d["alpha"], 0, Q16_ONE, f"{w}.alpha")
        self.reset_mode = _enum(d["reset"], RESETS, f"{w}.reset")
        self.reset_timing = _enum(d["reset_timing"], TIMINGS, f"{w}.reset_timing")
        self.v_reset = _int(d["v_reset"], I32_MIN, I32_MAX, f"{w}.v_reset")
        self.v_init = _int(d["v_init"], I32_MIN, I32_MAX, f"{w}.v_init")
        self.refractory = _int(d["refractory"], 0, 65535, f"{w}.refractory")
        self.bias = _int(d["bias"], I32_MIN, I32_MAX, f"{w}.bias")
        self.adapt_inc = _int(d["adapt_inc"], I32_MIN, I32_MAX, f"{w}.adapt_inc")
        self.adapt_decay = _int(d["adapt_decay"], 0, Q16_ONE, f"{w}.adapt_decay")
        self.izh_a = _int(d["izh_a"], -(2**20), 2**20, f"{w}.izh_a")
        self.izh_b = _int(d["izh_b"], -(2**20), 2**20, f"{w}.izh_b")
        self.izh_c = _int(d["izh_c"], I32_MIN, I32_MAX, f"{w}.izh_c")
        self.izh_d = _int(d["izh_d"], I32_MIN, I32_MAX, f"{w}.izh_d")
        self.v_peak = _int(d["v_peak"], I32_MIN, I32_MAX, f"{w}.v_peak")
        self.history_depth = 0  # H of section 8, set by the network
        self.reset()

    def reset(self):
        """Section 8: v = v_init, i_syn = 0, a = 0, u = floor_shr(izh_b*v_init, 16),
        ref = 0, s = 0."""
        n = self.size
        self.v = np.full(n, self.v_init, dtype=np.int64)
        self.i_syn = np.zeros(n, dtype=np.int64)
        self.a = np.zeros(n, dtype=np.int64)
        self.u = np.full(n, sat32(floor_shr(self.izh_b * self.v_init, 16)), dtype=np.int64)
        self.ref = np.zeros(n, dtype=np.int64)
        self.s = np.zeros(n, dtype=np.int64)

    def at_rest(self):
        """Section 12.1: True iff every neuron of this (non-input) population is at rest.

        INPUT populations are judged by the network (s = 0 and nothing pending)."""
        m = self.model
        if m == IZH:
            return False  # its rest potential is not an exact fixed point of 4.3
        if m == LI:
            return self.bias == 0 and not self.v.any()
        if m == INPUT:
            raise AssertionError("INPUT rest needs the pending injections")
        if self.bias != 0 or self.threshold < 0:
            return False
        if self.v.any() or self.ref.any() or self.s.any():
            return False
        if m == CUBA and self.i_syn.any():
            return False
        if m == ALIF and self.a.any():
            # Adaptation that never decays (rho = 65536) is part of the rest state as
            # long as it only raises thresholds (a >= 0, so theta + a >= 0 stays silent).
            if self.adapt_decay != Q16_ONE or (self.a < 0).any():
                return False
        return True

    def effective(self, mode, k, sigma):
        """Section 12.2: (theta, beta, alpha, rho, R) for this step.

        In NORMAL and FULL (k = 1) the population's own values; in LOW theta' =
        sat32(floor_shr(theta*sigma, 16)), beta' = pow_q16(beta, k) (alpha, rho alike),
        R' = ceil(R / k)."""
        if mode != LOW:
            return (self.threshold, self.beta, self.alpha, self.adapt_decay,
                    self.refractory)
        return (sat32(floor_shr(self.threshold * sigma, 16)), pow_q16(self.beta, k),
                pow_q16(self.alpha, k), pow_q16(self.adapt_decay, k),
                ceil_div(self.refractory, k))

    def state_fields(self):
        """State arrays in the order of the table of section 2.2."""
        m = self.model
        if m == INPUT:
            return [self.s]
        if m in (LIF, IF):
            return [self.v, self.ref, self.s]
        if m == CUBA:
            return [self.v, self.i_syn, self.ref, self.s]
        if m == LI:
            return [self.v]
        if m == ALIF:
            return [self.v, self.a, self.ref, self.s]
        if m == IZH:
            return [self.v, self.u, self.ref, self.s]
        raise AssertionError(m)


# --------------------------------------------------------------------------------------
# Section 4: neuron updates (one function per model family)
# --------------------------------------------------------------------------------------


def refractory_gate(pop, X):
    """Section 4 refractory gate: returns (refr, gated X) and decrements ref."""
    refr = pop.ref > 0
    pop.ref = np.where(refr, pop.ref - 1, pop.ref)
    X = np.where(refr, 0, X)
    return refr, X


def update_lif_family(pop, I, eff):
    """Section 4.1 for LIF, IF, ALIF and CUBA. I is the int64 input current, eff the
    (theta, beta, alpha, rho, R) of Population.effective (section 12.2)."""
    theta, beta, alpha, rho, R = eff
    X = I + pop.bias  # exact i64, not saturated
    refr, X = refractory_gate(pop, X)
    s_prev = pop.s

    # 1. drive
    if pop.model == CUBA:
        pop.i_syn = sat32(decay(pop.i_syn, alpha) + X)
        Dv = pop.i_syn
    else:
        Dv = X
    # 2. leak
    L = pop.v if pop.model == IF else decay(pop.v, beta)
    # 3. membrane
    if pop.reset_timing == DELAYED:
        if pop.reset_mode == SUBTRACT:
            v = sat32(L + Dv - s_prev * theta)
        elif pop.reset_mode == ZERO:
            v = np.where(s_prev == 1, sat32(pop.v_reset + Dv), sat32(L + Dv))
        else:
            v = sat32(L + Dv)
    else:
        v = sat32(L + Dv)
    # 4. spike
    if pop.model == ALIF:
        theta_eff = sat32(theta + pop.a)
    else:
        theta_eff = theta
    s = ((~refr) & (v > theta_eff)).astype(np.int64)
    # 5. immediate reset
    if pop.reset_timing == IMMEDIATE:
        if pop.reset_mode == SUBTRACT:
            v = np.where(s == 1, sat32(v - theta), v)
        elif pop.reset_mode == ZERO:
            v = np.where(s == 1, pop.v_reset, v)
    # 6. adaptation
    if pop.model == ALIF:
        pop.a = sat32(decay(pop.a, rho) + s * pop.adapt_inc)
    # 7. refractory counter
    pop.ref = np.where(s == 1, R, pop.ref)
    pop.v = v
    pop.s = s


def update_li(pop, I, eff):
    """Section 4.2: v <- sat32(decay(v, beta) + X); no gate, never spikes."""
    X = I + pop.bias
    pop.v = sat32(decay(pop.v, eff[1]) + X)
    # LI has no s; keep an all-zero vector so "the spikes of the tick" are empty.
    pop.s = np.zeros(pop.size, dtype=np.int64)


def izh_q(v):
    """Q(v) = floor(vc^2 * 2621 / 2^24), vc = clamp(v, -2^20, 2^20)."""
    vc = np.clip(v, -(2**20), 2**20)
    return floor_shr(vc * vc * 2621, 24)


def update_izh(pop, I, eff):
    """Section 4.3: Izhikevich, two half-steps for v, one step for u (never in LOW)."""
    X = I + pop.bias
    refr, X = refractory_gate(pop, X)
    v = pop.v
    u = pop.u
    for _ in range(2):
        dv = izh_q(v) + 5 * v + 35840 - u + X
        v = sat32(v + floor_shr(dv, 1))
    bv = floor_shr(pop.izh_b * np.minimum(v, pop.v_peak), 16)
    u = sat32(u + floor_shr(pop.izh_a * (bv - u), 16))
    s = ((~refr) & (v >= pop.v_peak)).astype(np.int64)
    v = np.where(s == 1, pop.izh_c, v)
    u = np.where(s == 1, sat32(u + pop.izh_d), u)
    pop.ref = np.where(s == 1, eff[4], pop.ref)
    pop.v, pop.u, pop.s = v, u, s


def update_population(pop, I, eff=None):
    if eff is None:
        eff = pop.effective(NORMAL, 1, Q16_ONE)
    if pop.model in (LIF, IF, ALIF, CUBA):
        update_lif_family(pop, I, eff)
    elif pop.model == LI:
        update_li(pop, I, eff)
    elif pop.model == IZH:
        update_izh(pop, I, eff)
    else:
        raise AssertionError("INPUT populations are not updated in phase 2")
