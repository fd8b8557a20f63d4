"""Sections 1, 7 and 8 of docs/SEMANTICS.md: the integer primitives (saturation,
wrapping, shifts, Q16 decay and powers, rounding), the PRNG and the FNV-1a hash.
"""

from __future__ import annotations

import numpy as np


I32_MIN = -(2**31)
I32_MAX = 2**31 - 1
U32_MASK = 0xFFFFFFFF
U64_MASK = 0xFFFFFFFFFFFFFFFF
Q16_ONE = 65536


def sat32(x):
    """min(max(x, -2^31), 2^31 - 1) for exact integers (python int or int64 array)."""
    if isinstance(x, np.ndarray):
        return np.clip(x, I32_MIN, I32_MAX)
    return min(max(int(x), I32_MIN), I32_MAX)


def wrap32(x):
    """The unique y in [-2^31, 2^31) with y == x (mod 2^32)."""
    if isinstance(x, np.ndarray):
        return ((x + 2**31) & U32_MASK) - 2**31
    return ((int(x) + 2**31) & U32_MASK) - 2**31


def floor_shr(x, k):
    """floor(x / 2^k): arithmetic shift right (rounds toward -infinity)."""
    if isinstance(x, np.ndarray):
        return x >> k  # numpy >> on signed int64 is arithmetic
    return int(x) >> k  # python >> on ints is floor division by 2^k


def decay(x, m):
    """Q16 multiply rounded toward zero: sign(p) * floor(|p| / 2^16), p = x * m.

    x is an i32 (scalar or int64 array), m a multiplier in [0, 65536].
    """
    if isinstance(x, np.ndarray):
        p = x.astype(np.int64) * np.int64(m)  # |p| <= 2^31 * 2^16 = 2^47
        return np.where(p >= 0, p >> 16, -((-p) >> 16))
    p = int(x) * int(m)
    return p >> 16 if p >= 0 else -((-p) >> 16)


def pow_q16(m, n):
    """The integer stand-in for m^n (section 1): square-and-multiply on Q16 values.

    m is a Q16 multiplier in [0, 65536] (python int); n >= 0 a python int or an int64
    array of counts (vectorized: every element follows the same loop).
    """
    m = int(m)
    if isinstance(n, np.ndarray):
        n = n.astype(np.int64).copy()
        r = np.full(n.shape, Q16_ONE, dtype=np.int64)
        b = np.full(n.shape, m, dtype=np.int64)
        while np.any(n > 0):
            odd = (n & 1) == 1
            r = np.where(odd, (r * b) >> 16, r)  # r, b <= 2^16: product <= 2^32
            n >>= 1
            b = np.where(n > 0, (b * b) >> 16, b)
        return r
    n = int(n)
    if n < 0:
        raise ValueError(f"pow_q16: n={n} < 0")
    r, b = Q16_ONE, m
    while n > 0:
        if n & 1:
            r = (r * b) >> 16
        n >>= 1
        if n > 0:
            b = (b * b) >> 16
    return r


def fmix32(h):
    """MurmurHash3's 32-bit finalizer, elementwise on uint32 values held in int64."""
    h = np.asarray(h, dtype=np.int64) & 0xFFFFFFFF
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return h


def row_draw(key, slots):
    """row_draw(κ, s) = fmix32(κ ^ (s · 0x9E3779B9 mod 2^32)) >> 16 (section 11.1), for an
    array of slots s: 2i (depression of row i), 2i + 1 (potentiation), i (reward)."""
    s = np.asarray(slots, dtype=np.int64)
    return fmix32((key ^ ((s * 0x9E3779B9) & 0xFFFFFFFF)) & 0xFFFFFFFF) >> 16


def round_u(q, u):
    """Stochastic rounding of a Q16 quantity q with a 16-bit draw u (section 1):
    floor_shr(q, 16) + (1 if u < (q mod 2^16) else 0). Scalars or int64 arrays."""
    if isinstance(q, np.ndarray) or isinstance(u, np.ndarray):
        q = np.asarray(q, dtype=np.int64)
        u = np.asarray(u, dtype=np.int64)
        return (q >> 16) + (u < (q & 0xFFFF)).astype(np.int64)
    q, u = int(q), int(u)
    return (q >> 16) + (1 if u < (q & 0xFFFF) else 0)


def ceil_div(a, b):
    return -((-int(a)) // int(b))


# --------------------------------------------------------------------------------------
# Section 7: PRNG (xoshiro128**, seeded with SplitMix64)
# --------------------------------------------------------------------------------------


def splitmix64(x):
    """One SplitMix64 step: returns (new x, output), all modulo 2^64."""
    x = (x + 0x9E3779B97F4A7C15) & U64_MASK
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & U64_MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & U64_MASK
    return x, z ^ (z >> 31)


def rotl32(x, k):
    return ((x << k) | (x >> (32 - k))) & U32_MASK


class Xoshiro128ss:
    """xoshiro128** with four u32 words, seeded from a u64 via SplitMix64."""

    def __init__(self, seed):
        self.seed(seed)

    def seed(self, seed):
        seed = int(seed) & U64_MASK
        x, z0 = splitmix64(seed)
        x, z1 = splitmix64(x)
        s0 = z0 & U32_MASK
        s1 = z0 >> 32
        s2 = z1 & U32_MASK
        s3 = z1 >> 32
        if s0 == 0 and s1 == 0 and s2 == 0 and s3 == 0:
            s0 = 1
        self.s = [s0, s1, s2, s3]

    def next32(self):
        s0, s1, s2, s3 = self.s
        result = (rotl32((s1 * 5) & U32_MASK, 7) * 9) & U32_MASK
        t = (s1 << 9) & U32_MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl32(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result


# --------------------------------------------------------------------------------------
# Section 8: FNV-1a 64
# --------------------------------------------------------------------------------------

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3


def fnv1a64(data, h=FNV_OFFSET):
    """FNV-1a 64 over a bytes-like object (optionally continuing from h)."""
    for byte in bytes(data):
        h = ((h ^ byte) * FNV_PRIME) & U64_MASK
    return h
