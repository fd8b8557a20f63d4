"""Sections 5 and 6: the input encoders (rate, latency, delta) and the output
decoders (count, first spike, membrane).
"""

from __future__ import annotations

import numpy as np

from .primitives import I32_MAX, I32_MIN, Q16_ONE, U32_MASK, U64_MASK
from .fields import (
    COUNT, DECODERS, DELTA, ENCODERS, FIRST_SPIKE, INPUT, LATENCY, MEMBRANE, RATE,
    _enum, _int)


class Encoder:
    def __init__(self, d, index, pops):
        w = f"encoders[{index}]"
        if not isinstance(d, dict):
            raise ValueError(f"{w}: expected an object")
        for f in ("population", "kind"):
            if f not in d:
                raise ValueError(f"{w}.{f}: missing field")
        self.index = index
        self.population = _int(d["population"], 0, len(pops) - 1, f"{w}.population")
        pop = pops[self.population]
        if pop.model != INPUT:
            raise ValueError(f"{w}.population={self.population}: encoders only attach to "
                             f"INPUT populations")
        self.kind = _enum(d["kind"], ENCODERS, f"{w}.kind")
        self.n = pop.size
        param = d.get("param", 0)
        if self.kind == RATE:
            self.param = _int(param, I32_MIN, U64_MASK, f"{w}.param")  # unused
            self.channels = self.n
        elif self.kind == LATENCY:
            self.param = _int(param, 1, 65535, f"{w}.param")
            self.channels = self.n
        else:
            self.param = _int(param, 1, I32_MAX, f"{w}.param")
            if self.n % 2 != 0:
                raise ValueError(f"{w}.kind=delta: population {self.population} size "
                                 f"{self.n} must be even")
            self.channels = self.n // 2
        self.reset()

    def reset(self):
        self.x = np.zeros(self.channels, dtype=np.int64)
        self.c = np.full(self.channels, -1, dtype=np.int64)  # LATENCY
        self.ref = np.zeros(self.channels, dtype=np.int64)  # DELTA

    def set_value(self, k, value):
        self.x[k] = value
        if self.kind == LATENCY:
            self.c[k] = latency_start(value, self.param)

    def emit(self, prng, k=1):
        """Spike vector (0/1 int64, length n) for the current step (fold k)."""
        if self.kind == RATE:
            return rate_encode(self.x, prng)
        if self.kind == LATENCY:
            return latency_tick(self.c, k)
        return delta_tick(self.x, self.ref, self.param)

    def idle(self):
        """Section 12.1: RATE all x <= 0; LATENCY all c = -1; DELTA all |x - ref| < d."""
        if self.kind == RATE:
            return bool(np.all(self.x <= 0))
        if self.kind == LATENCY:
            return bool(np.all(self.c == -1))
        return bool(np.all(np.abs(self.x - self.ref) < self.param))

    def state_bytes(self):
        held = self.x.astype("<i4").tobytes()
        if self.kind == LATENCY:
            return held + self.c.astype("<i4").tobytes()
        if self.kind == DELTA:
            return held + self.ref.astype("<i4").tobytes()
        return held


def rate_encode(x, prng):
    """RATE: nothing (no draw) if every x <= 0; else one draw per channel in order and
    spike iff floor_shr(r,16) < clamp(x,0,65536)."""
    out = np.zeros(len(x), dtype=np.int64)
    if np.all(x <= 0):
        return out
    for k in range(len(x)):
        r = prng.next32()  # u32, 0 .. 2^32-1
        p = min(max(int(x[k]), 0), Q16_ONE)
        out[k] = 1 if (r >> 16) < p else 0
    return out


def latency_start(x, window):
    """LATENCY presentation start: c = -1 if x <= 0 else floor((65536-min(x,65536))(T-1)/2^16)."""
    x = int(x)
    if x <= 0:
        return -1
    return ((Q16_ONE - min(x, Q16_ONE)) * (window - 1)) >> 16


def latency_tick(c, k=1):
    """LATENCY per step with fold k (modifies c in place): 0 <= c < k spikes and goes
    idle; c >= k counts down by k."""
    fire = (c >= 0) & (c < k)
    count = c >= k
    out = fire.astype(np.int64)
    c[fire] = -1
    c[count] -= k
    return out


def delta_tick(x, ref, threshold):
    """DELTA per tick (modifies ref in place): ON at 2k if x-ref >= d, OFF at 2k+1 if <= -d."""
    d = x - ref
    on = d >= threshold
    off = (~on) & (d <= -threshold)
    out = np.zeros(2 * len(x), dtype=np.int64)
    out[0::2] = on
    out[1::2] = off
    ref[on | off] = x[on | off]
    return out


# --------------------------------------------------------------------------------------
# Section 6: decoders
# --------------------------------------------------------------------------------------


class Decoder:
    def __init__(self, d, index, pops):
        w = f"decoders[{index}]"
        if not isinstance(d, dict):
            raise ValueError(f"{w}: expected an object")
        for f in ("population", "kind"):
            if f not in d:
                raise ValueError(f"{w}.{f}: missing field")
        self.population = _int(d["population"], 0, len(pops) - 1, f"{w}.population")
        self.kind = _enum(d["kind"], DECODERS, f"{w}.kind")
        if self.kind == MEMBRANE and pops[self.population].model == INPUT:
            raise ValueError(f"{w}.kind=membrane: population {self.population} is INPUT")
        self.n = pops[self.population].size
        self.reset(0)

    def reset(self, t0):
        self.t0 = t0
        self.count = np.zeros(self.n, dtype=np.int64)
        self.first = np.full(self.n, U32_MASK, dtype=np.int64)

    def observe(self, t, s):
        if self.kind == COUNT:
            self.count = np.minimum(self.count + s, U32_MASK)
        elif self.kind == FIRST_SPIKE:
            new = (self.first == U32_MASK) & (s == 1)
            self.first[new] = min(t - self.t0, 0xFFFFFFFE)
