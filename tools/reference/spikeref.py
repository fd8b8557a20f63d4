"""Plain-numpy reference implementation of docs/SEMANTICS.md.

Every function here follows one section of SEMANTICS.md.  All neuron state is kept
in numpy int64 arrays holding values of the stated width; every operation that the
page rounds or saturates is done explicitly (sat32, wrap32, decay, floor_shr).
The PRNG and the hash use python ints masked to 32 / 64 bits.

The reference is written for clarity first; it is vectorized across neurons so that a
784-1000-10 dense network runs a few hundred ticks in seconds. Plasticity (section 11) is
vectorized across the synapses of the rows an event touches; the PRNG draws are taken one
by one in the order the page gives (test_spikeref.py checks it against a
synapse-by-synapse loop). Power modes (section 12): the quiescent step and the skip rule
are implemented literally, and idle(n) is n plain steps.
"""

from __future__ import annotations

import numpy as np

# --------------------------------------------------------------------------------------
# Section 1: primitive operations
# --------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------
# Enumerations (section 2) and their JSON names (Tests/SpikeCoreTests/Golden/README.md)
# --------------------------------------------------------------------------------------

INPUT, LIF, CUBA, IF, LI, ALIF, IZH = range(7)
MODELS = ["input", "lif", "cuba", "if", "li", "alif", "izh"]
SUBTRACT, ZERO, NONE = range(3)
RESETS = ["subtract", "zero", "none"]
DELAYED, IMMEDIATE = range(2)
TIMINGS = ["delayed", "immediate"]
DENSE, SPARSE, ONE_TO_ONE, CONV2D = range(4)
KINDS = ["dense", "sparse", "one_to_one", "conv2d"]
RATE, LATENCY, DELTA = range(3)
ENCODERS = ["rate", "latency", "delta"]
COUNT, FIRST_SPIKE, MEMBRANE = range(3)
DECODERS = ["count", "first_spike", "membrane"]
STDP_NEAREST, STDP_ALL, RSTDP_NEAREST, RSTDP_ALL = range(4)
RULES = ["stdp_nearest", "stdp_all", "rstdp_nearest", "rstdp_all"]
HARD, SOFT = range(2)
BOUNDS = ["hard", "soft"]
NORMAL, LOW, FULL = range(3)
POWER_MODES = ["normal", "low", "full"]

# Plasticity rule fields (section 11.1) in the order of the golden format, with their
# section 9 limits; "bounds" is an enum, "enabled" a bool.
RULE_PARAMS = {
    "a_plus": (0, 2**24), "a_minus": (0, 2**24),
    "decay_pre": (0, Q16_ONE), "decay_post": (0, Q16_ONE),
    "w_min": (-128, 127), "w_max": (-128, 127),
    "bounds": None,
    "learning_rate": (0, 2**24), "decay_elig": (0, Q16_ONE),
    "norm_target": (0, 2**23),
}
RULE_FIELDS = ["projection", "rule"] + list(RULE_PARAMS) + ["enabled"]
# model.cddl defaults for fields a network dict may leave out
RULE_DEFAULTS = {"a_plus": 0, "a_minus": 0, "decay_pre": 0, "decay_post": 0, "w_min": -128,
                 "w_max": 127, "bounds": "hard", "learning_rate": 0, "decay_elig": 0,
                 "norm_target": 0, "enabled": True}
MIN_FOLD, MAX_FOLD = 2, 256
MIN_SCALE, MAX_SCALE = 1, 2**20

POP_FIELDS = [
    "size", "model", "threshold", "beta", "alpha", "reset", "reset_timing", "v_reset",
    "v_init", "refractory", "bias", "adapt_inc", "adapt_decay", "izh_a", "izh_b",
    "izh_c", "izh_d", "v_peak",
]
CONV_FIELDS = ["in_h", "in_w", "in_c", "out_c", "k_h", "k_w", "stride_h", "stride_w",
               "pad_h", "pad_w"]

# Section 9 limits
MAX_POPULATIONS = 4096
MAX_LIST = 4096
MAX_FAN_IN = 64


def _enum(value, names, where):
    if isinstance(value, bool):
        raise ValueError(f"{where}={value!r}: expected one of {names}")
    if isinstance(value, str):
        if value.lower() in names:
            return names.index(value.lower())
        raise ValueError(f"{where}={value!r}: expected one of {names}")
    if isinstance(value, (int, np.integer)) and 0 <= int(value) < len(names):
        return int(value)
    raise ValueError(f"{where}={value!r}: expected one of {names}")


def _int(value, lo, hi, where):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{where}={value!r}: expected an integer")
    value = int(value)
    if not lo <= value <= hi:
        raise ValueError(f"{where}={value}: out of range {lo} .. {hi}")
    return value


def _int_list(values, lo, hi, where):
    if values is None:
        values = []
    if not isinstance(values, (list, tuple, np.ndarray)):
        raise ValueError(f"{where}: expected a list of integers")
    try:
        fast = np.asarray(values)
    except (ValueError, TypeError):
        fast = None
    if fast is not None and fast.ndim == 1 and fast.dtype.kind in "iu" and (
            len(fast) == 0 or (int(fast.min()) >= lo and int(fast.max()) <= hi)):
        return fast.astype(np.int64)
    arr = np.asarray(values, dtype=object).reshape(-1)
    out = np.empty(len(arr), dtype=np.int64)
    for k, v in enumerate(arr):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise ValueError(f"{where}[{k}]={v!r}: expected an integer")
        if not lo <= int(v) <= hi:
            raise ValueError(f"{where}[{k}]={int(v)}: out of range {lo} .. {hi}")
        out[k] = int(v)
    return out


def parse_seed(seed):
    if isinstance(seed, str):
        try:
            value = int(seed, 0)
        except ValueError:
            raise ValueError(f"seed={seed!r}: expected a u64 (hex string or integer)")
    elif isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        value = int(seed)
    else:
        raise ValueError(f"seed={seed!r}: expected a u64 (hex string or integer)")
    if not 0 <= value <= U64_MASK:
        raise ValueError(f"seed={seed!r}: out of range 0 .. 2^64-1")
    return value


# --------------------------------------------------------------------------------------
# Section 2.1 / 2.2: populations and their state
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Sections 2.3 / 2.4: projections
# --------------------------------------------------------------------------------------


def conv2d_out_size(n_in, k, stride, pad):
    return (n_in + 2 * pad - k) // stride + 1


def conv2d_targets(g, i):
    """Section 2.4 for one source neuron i: list of (target index, weight index).

    Follows the text literally: source (y, x, c) adds w[ky][kx][c][o] to (oy, ox, o)
    for every o and every (ky, kx, oy, ox) with oy*stride_h - pad_h + ky = y,
    ox*stride_w - pad_w + kx = x inside the output.
    """
    in_w, in_c, out_c = g["in_w"], g["in_c"], g["out_c"]
    out_h, out_w = g["out_h"], g["out_w"]
    c = i % in_c
    x = (i // in_c) % in_w
    y = i // (in_c * in_w)
    pairs = []
    for ky in range(g["k_h"]):
        num_y = y + g["pad_h"] - ky
        if num_y < 0 or num_y % g["stride_h"] != 0:
            continue
        oy = num_y // g["stride_h"]
        if oy >= out_h:
            continue
        for kx in range(g["k_w"]):
            num_x = x + g["pad_w"] - kx
            if num_x < 0 or num_x % g["stride_w"] != 0:
                continue
            ox = num_x // g["stride_w"]
            if ox >= out_w:
                continue
            for o in range(out_c):
                tgt = (oy * out_w + ox) * out_c + o
                widx = ((ky * g["k_w"] + kx) * in_c + c) * out_c + o
                pairs.append((tgt, widx))
    return pairs


class Projection:
    """One projection: validated tensors, accumulator, delivery (phase 2.1)."""

    def __init__(self, d, index, pops):
        w = f"projections[{index}]"
        if not isinstance(d, dict):
            raise ValueError(f"{w}: expected an object")
        for f in ("source", "target", "kind", "delay", "shift", "weights"):
            if f not in d:
                raise ValueError(f"{w}.{f}: missing field")
        self.index = index
        self.source = _int(d["source"], 0, len(pops) - 1, f"{w}.source")
        self.target = _int(d["target"], 0, len(pops) - 1, f"{w}.target")
        if pops[self.target].model == INPUT:
            raise ValueError(f"{w}.target={self.target}: target population is INPUT")
        self.kind = _enum(d["kind"], KINDS, f"{w}.kind")
        self.delay = _int(d["delay"], 0, 255, f"{w}.delay")
        self.shift = _int(d["shift"], 0, 24, f"{w}.shift")
        n_src = pops[self.source].size
        n_tgt = pops[self.target].size
        self.n_src, self.n_tgt = n_src, n_tgt
        self.w = _int_list(d["weights"], -128, 127, f"{w}.weights")
        self.acc = np.zeros(n_tgt, dtype=np.int64)
        self.conv = None

        if self.kind == DENSE:
            if len(self.w) != n_src * n_tgt:
                raise ValueError(f"{w}.weights: length {len(self.w)} != n_src*n_tgt = "
                                 f"{n_src * n_tgt}")
            self.matrix = self.w.reshape(n_src, n_tgt)
        elif self.kind == SPARSE:
            rp = _int_list(d.get("row_ptr"), 0, U32_MASK, f"{w}.row_ptr")
            col = _int_list(d.get("col"), 0, 65535, f"{w}.col")
            if len(rp) != n_src + 1:
                raise ValueError(f"{w}.row_ptr: length {len(rp)} != n_src+1 = {n_src + 1}")
            if rp[0] != 0:
                raise ValueError(f"{w}.row_ptr[0]={rp[0]}: must be 0")
            if np.any(np.diff(rp) < 0):
                k = int(np.flatnonzero(np.diff(rp) < 0)[0]) + 1
                raise ValueError(f"{w}.row_ptr[{k}]={rp[k]}: row_ptr must be non-decreasing")
            nnz = int(rp[-1])
            if len(col) != nnz or len(self.w) != nnz:
                raise ValueError(f"{w}: row_ptr[n_src]={nnz} but len(col)={len(col)}, "
                                 f"len(weights)={len(self.w)}")
            if nnz and int(col.max()) >= n_tgt:
                k = int(np.flatnonzero(col >= n_tgt)[0])
                raise ValueError(f"{w}.col[{k}]={col[k]}: must be < n_tgt = {n_tgt}")
            for i in range(n_src):
                row = col[rp[i]:rp[i + 1]]
                if len(row) > 1 and np.any(np.diff(row) <= 0):
                    raise ValueError(f"{w}.col: row {i} is not strictly increasing")
            self.row_ptr, self.col = rp, col
            self.tgt_index, self.w_index = col, np.arange(nnz, dtype=np.int64)
        elif self.kind == ONE_TO_ONE:
            if n_src != n_tgt:
                raise ValueError(f"{w}.kind=one_to_one: n_src={n_src} != n_tgt={n_tgt}")
            if len(self.w) != n_src:
                raise ValueError(f"{w}.weights: length {len(self.w)} != n = {n_src}")
        else:  # CONV2D
            cd = d.get("conv")
            if not isinstance(cd, dict):
                raise ValueError(f"{w}.conv={cd!r}: conv2d needs its geometry object")
            g = {}
            for f in CONV_FIELDS:
                if f not in cd:
                    raise ValueError(f"{w}.conv.{f}: missing field")
                g[f] = _int(cd[f], 0, 65535, f"{w}.conv.{f}")
            for f in ("in_h", "in_w", "in_c", "out_c", "k_h", "k_w", "stride_h", "stride_w"):
                if g[f] < 1:
                    raise ValueError(f"{w}.conv.{f}={g[f]}: must be >= 1")
            if g["pad_h"] >= g["k_h"]:
                raise ValueError(f"{w}.conv.pad_h={g['pad_h']}: must be < k_h={g['k_h']}")
            if g["pad_w"] >= g["k_w"]:
                raise ValueError(f"{w}.conv.pad_w={g['pad_w']}: must be < k_w={g['k_w']}")
            g["out_h"] = conv2d_out_size(g["in_h"], g["k_h"], g["stride_h"], g["pad_h"])
            g["out_w"] = conv2d_out_size(g["in_w"], g["k_w"], g["stride_w"], g["pad_w"])
            if g["out_h"] < 1 or g["out_w"] < 1:
                raise ValueError(f"{w}.conv: output size {g['out_h']}x{g['out_w']} < 1")
            if g["in_h"] * g["in_w"] * g["in_c"] != n_src:
                raise ValueError(f"{w}.conv: in_h*in_w*in_c = "
                                 f"{g['in_h'] * g['in_w'] * g['in_c']} != n_src = {n_src}")
            if g["out_h"] * g["out_w"] * g["out_c"] != n_tgt:
                raise ValueError(f"{w}.conv: out_h*out_w*out_c = "
                                 f"{g['out_h'] * g['out_w'] * g['out_c']} != n_tgt = {n_tgt}")
            nw = g["k_h"] * g["k_w"] * g["in_c"] * g["out_c"]
            if len(self.w) != nw:
                raise ValueError(f"{w}.weights: length {len(self.w)} != k_h*k_w*in_c*out_c "
                                 f"= {nw}")
            self.conv = g
            # Scatter table in CSR form: row i lists the (target, weight index) pairs.
            rp = [0]
            tg, wi = [], []
            for i in range(n_src):
                pairs = conv2d_targets(g, i)
                tg.extend(p[0] for p in pairs)
                wi.extend(p[1] for p in pairs)
                rp.append(len(tg))
            self.row_ptr = np.array(rp, dtype=np.int64)
            self.tgt_index = np.array(tg, dtype=np.int64)
            self.w_index = np.array(wi, dtype=np.int64)

    def deliver(self, spike_idx):
        """Phase 2.1: add the rows of the spiking source neurons into acc (wrap32).

        Returns the number of (spike, weight) additions (section 8 counter).
        """
        if len(spike_idx) == 0:
            return 0
        if self.kind == DENSE:
            self.acc = wrap32(self.acc + self.matrix[spike_idx].sum(axis=0))
            return len(spike_idx) * self.n_tgt
        if self.kind == ONE_TO_ONE:
            add = np.zeros(self.n_tgt, dtype=np.int64)
            add[spike_idx] = self.w[spike_idx]
            self.acc = wrap32(self.acc + add)
            return len(spike_idx)
        # SPARSE and CONV2D: CSR rows of (target, weight index)
        starts = self.row_ptr[spike_idx]
        lengths = self.row_ptr[spike_idx + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return 0
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        ks = offsets + np.arange(total, dtype=np.int64)
        add = np.zeros(self.n_tgt, dtype=np.int64)
        np.add.at(add, self.tgt_index[ks], self.w[self.w_index[ks]])
        self.acc = wrap32(self.acc + add)
        return total


# --------------------------------------------------------------------------------------
# Section 5: encoders
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Section 11: plasticity
# --------------------------------------------------------------------------------------


def _bool(value, where):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, np.integer)) and int(value) in (0, 1):
        return bool(value)
    raise ValueError(f"{where}={value!r}: expected a bool")


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


# --------------------------------------------------------------------------------------
# The network (sections 2, 3, 8, 9)
# --------------------------------------------------------------------------------------


def topological_order(n_pops, projections, pops):
    """Order of the non-input populations along the D = 0 projection graph (Kahn,
    smallest index first). Raises ValueError on a cycle."""
    succ = {p: set() for p in range(n_pops)}
    indeg = [0] * n_pops
    for q in projections:
        if q.delay == 0 and q.target not in succ[q.source]:
            if q.source == q.target:
                raise ValueError(f"projections[{q.index}].delay=0: self-projection of "
                                 f"population {q.source} with D = 0 is a cycle")
            succ[q.source].add(q.target)
            indeg[q.target] += 1
    ready = sorted(p for p in range(n_pops) if indeg[p] == 0)
    order = []
    while ready:
        p = ready.pop(0)
        order.append(p)
        for t in sorted(succ[p]):
            indeg[t] -= 1
            if indeg[t] == 0:
                ready.append(t)
                ready.sort()
    if len(order) != n_pops:
        cyc = sorted(set(range(n_pops)) - set(order))
        bad = [q.index for q in projections
               if q.delay == 0 and q.source in cyc and q.target in cyc]
        raise ValueError(f"projections{bad}.delay=0: the D = 0 projection graph has a "
                         f"cycle through populations {cyc}")
    return [p for p in order if pops[p].model != INPUT]


class Network:
    """A network built from a golden-format dict (see Tests/SpikeCoreTests/Golden)."""

    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise ValueError("network: expected an object")
        pops_d = spec.get("populations")
        if not isinstance(pops_d, list) or not 1 <= len(pops_d) <= MAX_POPULATIONS:
            raise ValueError(f"populations: need 1 .. {MAX_POPULATIONS} populations")
        for key in ("projections", "encoders", "decoders", "plasticity"):
            lst = spec.get(key, [])
            if lst is None:
                lst = []
            if not isinstance(lst, list) or len(lst) > MAX_LIST:
                raise ValueError(f"{key}: need a list of 0 .. {MAX_LIST} entries")
        self.seed = parse_seed(spec.get("seed", 0))
        self.pops = [Population(d, k) for k, d in enumerate(pops_d)]
        self.projs = [Projection(d, k, self.pops)
                      for k, d in enumerate(spec.get("projections", []))]
        fan_in = [0] * len(self.pops)
        for q in self.projs:
            fan_in[q.target] += 1
            if fan_in[q.target] > MAX_FAN_IN:
                raise ValueError(f"projections[{q.index}].target={q.target}: more than "
                                 f"{MAX_FAN_IN} projections into one population")
        self.encs = [Encoder(d, k, self.pops)
                     for k, d in enumerate(spec.get("encoders", []))]
        seen = {}
        for e in self.encs:
            if e.population in seen:
                raise ValueError(f"encoders[{e.index}].population={e.population}: population "
                                 f"already has encoder {seen[e.population]}")
            seen[e.population] = e.index
        self.decs = [Decoder(d, k, self.pops)
                     for k, d in enumerate(spec.get("decoders", []))]
        # section 11: at most one rule per projection, none on CONV2D
        self.rules = [PlasticityRule(d, k, self.projs)
                      for k, d in enumerate(spec.get("plasticity") or [])]
        owner = {}
        for r in self.rules:
            if r.projection in owner:
                raise ValueError(f"plasticity[{r.index}].projection={r.projection}: projection "
                                 f"already has rule {owner[r.projection]}")
            owner[r.projection] = r.index
        # phase 3 runs the rules in projection order; rewards and the hash in rule order
        self.rules_by_projection = sorted(self.rules, key=lambda r: r.projection)
        self.order = topological_order(len(self.pops), self.projs, self.pops)
        self.incoming = [[q for q in self.projs if q.target == p]
                         for p in range(len(self.pops))]
        for pop in self.pops:
            pop.history_depth = max([q.delay for q in self.projs if q.source == pop.index],
                                    default=0)
        # section 12: power mode (configuration: kept by reset)
        power = spec.get("power")
        if power is None:
            power = {}
        if not isinstance(power, dict):
            raise ValueError("power: expected an object")
        for f in power:
            if f not in ("mode", "fold", "threshold_scale"):
                raise ValueError(f"power.{f}: unknown field")
        self.mode = NORMAL
        self.fold = _int(power.get("fold", 2), MIN_FOLD, MAX_FOLD, "power.fold")
        self.threshold_scale = _int(power.get("threshold_scale", Q16_ONE), MIN_SCALE,
                                    MAX_SCALE, "power.threshold_scale")
        self.set_power(_enum(power.get("mode", "normal"), POWER_MODES, "power.mode"),
                       self.fold, where="power.mode")
        # Testing aid, not a mode of the page: True computes every step and population
        # like FULL while keeping the mode's fold and thresholds (the skip rules must not
        # change a bit, so only neuron_updates and skipped_ticks may differ).
        self.never_skip = False
        self.prng = Xoshiro128ss(self.seed)
        self.reset()

    # ---- section 8: reset -----------------------------------------------------------
    def reset(self):
        self.t = 0
        self.h = 0
        for pop in self.pops:
            pop.reset()
            # history[slot] with slot = step % H holds the spikes of that step
            pop.history = np.zeros((max(pop.history_depth, 1), pop.size), dtype=np.int64)
        for q in self.projs:
            q.acc[:] = 0
        self.pending = [set() for _ in self.pops]
        for e in self.encs:
            e.reset()
        for d in self.decs:
            d.reset(0)
        for r in self.rules:
            r.reset()  # traces, eligibility, stamps; parameters and switches kept
        self.prng.seed(self.seed)
        self.synaptic_events = 0
        self.neuron_updates = 0
        self.spike_count = 0
        self.input_spikes = 0
        self.skipped_ticks = 0
        self.plasticity_updates = 0
        # Not part of the semantics: what happened, for gen_golden's sanity checks.
        self.stats = {"quiescent_steps": 0, "skipped_populations": 0, "rate_draws": 0,
                      "plasticity_draws": 0, "low_steps": 0, "clamp_out_of_bounds": 0,
                      "rewards": 0}

    def reset_decoders(self):
        for d in self.decs:
            d.reset(self.t)

    # ---- caller inputs ----------------------------------------------------------------
    def inject(self, pop, neuron):
        pop = _int(pop, 0, len(self.pops) - 1, "inject.population")
        if self.pops[pop].model != INPUT:
            raise ValueError(f"inject.population={pop}: only INPUT populations take "
                             f"injected spikes")
        neuron = _int(neuron, 0, self.pops[pop].size - 1, "inject.neuron")
        self.pending[pop].add(neuron)

    def set_value(self, encoder, channel, value):
        encoder = _int(encoder, 0, len(self.encs) - 1, "set_value.encoder")
        e = self.encs[encoder]
        channel = _int(channel, 0, e.channels - 1, "set_value.channel")
        value = _int(value, I32_MIN, I32_MAX, "set_value.value")
        e.set_value(channel, value)

    # ---- section 11.3 / 11.4: reward, switches, parameters ----------------------------
    def reward(self, r):
        """reward(r) between steps, t = the tick counter; R-STDP rules in rule order."""
        r = _int(r, I32_MIN, I32_MAX, "reward")
        self.stats["rewards"] += 1
        for rule in self.rules:
            if rule.reward_modulated and rule.enabled:
                rule.reward(self, r, self.t)

    def _rule(self, index, where):
        return self.rules[_int(index, 0, len(self.rules) - 1, where)]

    def set_learning(self, rule, enabled):
        self._rule(rule, "learning.rule").enabled = _bool(enabled, "learning.enabled")

    def set_param(self, rule, name, value):
        self._rule(rule, "param.rule").set_param(name, value)

    def weights(self, proj):
        return [int(w) for w in self.projs[_int(proj, 0, len(self.projs) - 1, "proj")].w]

    # ---- section 12: power ------------------------------------------------------------
    def set_power(self, mode, fold=None, where="power"):
        """NORMAL / LOW (with fold k, 2 .. 256) / FULL, between steps. A network with an
        IZH population refuses LOW."""
        mode = _enum(mode, POWER_MODES, where)
        if mode == LOW:
            fold = _int(self.fold if fold is None else fold, MIN_FOLD, MAX_FOLD,
                        f"{where}.fold")
            izh = [p.index for p in self.pops if p.model == IZH]
            if izh:
                raise ValueError(f"{where}=low: population {izh[0]} is IZH; a network with "
                                 f"an IZH population refuses the low-power mode")
            self.fold = fold
        self.mode = mode

    def set_threshold_scale(self, scale):
        self.threshold_scale = _int(scale, MIN_SCALE, MAX_SCALE, "threshold_scale")

    @property
    def k(self):
        """Ticks per step: the fold in LOW, 1 in NORMAL and FULL."""
        return self.fold if self.mode == LOW else 1

    def effective_delay(self, q):
        """D' = ceil(D / k) in LOW, D otherwise (section 12.2)."""
        return ceil_div(q.delay, self.k) if self.mode == LOW else q.delay

    def row_draws(self, key, slots):
        """row_draw(key, s) for every slot s (section 11.1), counted."""
        self.stats["plasticity_draws"] += len(slots)
        return row_draw(key, slots)

    # ---- spikes of step h - d ---------------------------------------------------------
    def _past_spikes(self, pop, d):
        """Spike vector of population pop at step h - d (1 <= d <= H)."""
        if self.h - d < 0:
            return np.zeros(pop.size, dtype=np.int64)
        return pop.history[(self.h - d) % pop.history_depth]

    # ---- section 12.1: rest and quiescence --------------------------------------------
    def _input_at_rest(self, p):
        return not self.pops[p].s.any() and not self.pending[p]

    def quiescent(self):
        """The quiescence predicate of 12.1 on the current state and pending inputs."""
        for p, pop in enumerate(self.pops):
            if pop.model == INPUT:
                if not self._input_at_rest(p):
                    return False
            elif not pop.at_rest():
                return False
            for d in range(1, pop.history_depth + 1):
                if self._past_spikes(pop, d).any():
                    return False
        for e in self.encs:
            if not e.idle():
                return False
        for r in self.rules:
            if r.enabled and (r.x.any() or r.y.any()):
                return False
        return True

    # ---- section 3: the step ----------------------------------------------------------
    def step(self):
        k = self.k
        if self.mode == LOW:
            self.stats["low_steps"] += 1
        skipping = self.mode != FULL and not self.never_skip
        if skipping and self.quiescent():
            # quiescent step (12.1): none of the phases
            self.t += k
            self.h += 1
            self.skipped_ticks += k
            self.stats["quiescent_steps"] += 1
            return
        t = self.t
        # Phase 1: inputs
        for p, pop in enumerate(self.pops):
            if pop.model == INPUT:
                s = np.zeros(pop.size, dtype=np.int64)
                if self.pending[p]:
                    s[sorted(self.pending[p])] = 1
                pop.s = s
                self.pending[p] = set()
        for e in self.encs:
            pop = self.pops[e.population]
            before = self.prng.s
            pop.s = pop.s | e.emit(self.prng, k)
            if e.kind == RATE and self.prng.s != before:
                self.stats["rate_draws"] += e.n
        for pop in self.pops:
            if pop.model == INPUT:
                self.input_spikes += int(pop.s.sum())
        # Phase 2: populations in topological order of the D = 0 graph
        delivered = {}
        for p in self.order:
            pop = self.pops[p]
            for q in self.incoming[p]:
                src = self.pops[q.source]
                D = self.effective_delay(q)
                spikes = src.s if D == 0 else self._past_spikes(src, D)
                delivered[q.index] = np.flatnonzero(spikes)
            if (skipping and pop.at_rest()
                    and all(len(delivered[q.index]) == 0 for q in self.incoming[p])):
                self.stats["skipped_populations"] += 1  # skip rule (12.1)
                continue
            I_exact = np.zeros(pop.size, dtype=np.int64)
            for q in self.incoming[p]:
                self.synaptic_events += q.deliver(delivered[q.index])
                I_exact += q.acc << q.shift  # |acc * 2^s| <= 2^55, sum <= 2^61
            I = sat32(I_exact)
            update_population(pop, I, pop.effective(self.mode, k, self.threshold_scale))
            for q in self.incoming[p]:
                q.acc[:] = 0
            self.neuron_updates += pop.size
            self.spike_count += int(pop.s.sum())
        # Phase 3: plasticity, in projection order
        for r in self.rules_by_projection:
            if r.enabled:
                q = r.proj
                r.phase3(self, delivered[q.index], self.pops[q.target].s, t, k)
        # Phase 4: decoders
        for d in self.decs:
            d.observe(t, self.pops[d.population].s)
        # record this step's spikes for delayed projections and the hash
        for pop in self.pops:
            if pop.history_depth >= 1:
                pop.history[self.h % pop.history_depth] = pop.s
        # Phase 5
        self.t = t + k
        self.h += 1

    def idle(self, n):
        """idle(n): n steps without input, literally (12.1)."""
        n = _int(n, 0, 2**40, "idle")
        for _ in range(n):
            self.step()

    # ---- observation ------------------------------------------------------------------
    def spikes(self, pop):
        """Sorted indices of the neurons of population pop that spiked in the last step."""
        return [int(j) for j in np.flatnonzero(self.pops[pop].s)]

    def membrane(self, pop):
        p = self.pops[pop]
        if p.model == INPUT:
            raise ValueError(f"membrane: population {pop} is INPUT and has no v")
        return [int(v) for v in p.v]

    def decoder_values(self, i):
        d = self.decs[i]
        if d.kind == COUNT:
            return [int(c) for c in d.count]
        if d.kind == FIRST_SPIKE:
            return [int(f) for f in d.first]
        return self.membrane(d.population)

    @property
    def counters(self):
        return {"synaptic_events": self.synaptic_events,
                "neuron_updates": self.neuron_updates,
                "spikes": self.spike_count,
                "input_spikes": self.input_spikes,
                "skipped_ticks": self.skipped_ticks,
                "plasticity_updates": self.plasticity_updates}

    def state_bytes(self):
        """The byte sequence of the section 8 state hash."""
        parts = [int(self.t & U64_MASK).to_bytes(8, "little")]
        parts += [int(w).to_bytes(4, "little") for w in self.prng.s]
        for pop in self.pops:
            fields = pop.state_fields()
            parts.append(np.stack(fields, axis=1).astype("<i4").tobytes())
            for k in range(1, pop.history_depth + 1):
                parts.append(self._past_spikes(pop, k).astype(np.uint8).tobytes())
        for e in self.encs:
            parts.append(e.state_bytes())
        for q in self.projs:
            parts.append(q.w.astype(np.int8).tobytes())
        for r in self.rules:
            parts.append(r.state_bytes())
        return b"".join(parts)

    def state_hash(self):
        return fnv1a64(self.state_bytes())


# --------------------------------------------------------------------------------------
# Running a case in the golden format
# --------------------------------------------------------------------------------------

PARAM_NAMES = list(RULE_PARAMS)


def apply_action(net, item, where):
    """One inputs.actions entry [step, name, args...] (Tests/SpikeCoreTests/Golden)."""
    name, args = item[1], list(item[2:])

    def nargs(n):
        if len(args) != n:
            raise ValueError(f"{where}={item!r}: {name} takes {n} argument(s)")

    if name == "reward":
        nargs(1)
        net.reward(args[0])
    elif name == "idle":
        nargs(1)
        net.idle(args[0])
    elif name == "power":
        nargs(2)
        if not isinstance(args[0], str):
            raise ValueError(f"{where}={item!r}: power mode must be a name {POWER_MODES}")
        mode = _enum(args[0], POWER_MODES, f"{where}.mode")
        if mode == LOW:
            net.set_power(mode, _int(args[1], MIN_FOLD, MAX_FOLD, f"{where}.fold"), where)
        else:
            _int(args[1], 0, 2**31, f"{where}.fold")  # ignored unless low
            net.set_power(mode, None, where)
    elif name == "threshold_scale":
        nargs(1)
        net.set_threshold_scale(args[0])
    elif name == "learning":
        nargs(2)
        net.set_learning(args[0], args[1])
    elif name == "param":
        nargs(3)
        if args[1] not in PARAM_NAMES:
            raise ValueError(f"{where}={item!r}: parameter must be one of {PARAM_NAMES}")
        net.set_param(args[0], args[1], args[2])
    elif name == "reset_decoders":
        nargs(0)
        net.reset_decoders()
    else:
        raise ValueError(f"{where}={item!r}: unknown action {name!r}")


def run_case(case):
    """Run a golden-format case and return its "expected" dict."""
    return run_network(Network(case), case)


def run_network(net, case, observer=None):
    """Run case's steps, actions and inputs on an already built (or reset) network.

    observer(net, s), if given, is called after every explicit step s (for tests)."""
    ticks = _int(case.get("ticks", 0), 0, 2**31, "ticks")
    inputs = case.get("inputs") or {}
    by_step = {}
    for k, item in enumerate(inputs.get("actions", []) or []):
        if not isinstance(item, (list, tuple)) or len(item) < 2 or not isinstance(item[1], str):
            raise ValueError(f"inputs.actions[{k}]={item!r}: expected [step, name, args...]")
        step = _int(item[0], 0, max(ticks - 1, 0), f"inputs.actions[{k}].step")
        by_step.setdefault(step, []).append(("action", k, item))
    for k, item in enumerate(inputs.get("spikes", []) or []):
        if not isinstance(item, (list, tuple)) or len(item) != 3:
            raise ValueError(f"inputs.spikes[{k}]={item!r}: expected [step, population, neuron]")
        step = _int(item[0], 0, max(ticks - 1, 0), f"inputs.spikes[{k}].step")
        by_step.setdefault(step, []).append(("spike", k, item))
    for k, item in enumerate(inputs.get("values", []) or []):
        if not isinstance(item, (list, tuple)) or len(item) != 4:
            raise ValueError(f"inputs.values[{k}]={item!r}: expected "
                             f"[step, encoder, channel, value]")
        step = _int(item[0], 0, max(ticks - 1, 0), f"inputs.values[{k}].step")
        by_step.setdefault(step, []).append(("value", k, item))
    # actions first, then spikes, then values, each in file order (stable sort)
    rank = {"action": 0, "spike": 1, "value": 2}
    for step in by_step:
        by_step[step].sort(key=lambda e: rank[e[0]])
    membrane_pops = [p for p, pop in enumerate(net.pops)
                     if pop.model != INPUT and pop.size <= 64]
    spikes = []
    membrane = {str(p): [] for p in membrane_pops}
    quiescent = []
    for s in range(ticks):
        for what, k, item in by_step.get(s, []):
            if what == "action":
                apply_action(net, item, f"inputs.actions[{k}]")
            elif what == "spike":
                net.inject(item[1], item[2])
            else:
                net.set_value(item[1], item[2], item[3])
        t = net.t
        net.step()
        for p in range(len(net.pops)):
            for j in net.spikes(p):
                spikes.append([t, p, j])
        for p in membrane_pops:
            membrane[str(p)].append(net.membrane(p))
        quiescent.append("1" if net.quiescent() else "0")
        if observer is not None:
            observer(net, s)
    exp = {
        "spikes": spikes,
        "membrane": membrane,
        "decoders": [net.decoder_values(i) for i in range(len(net.decs))],
        "counters": net.counters,
    }
    if net.rules:
        exp["weights"] = {str(r.projection): net.weights(r.projection)
                          for r in sorted(net.rules, key=lambda r: r.projection)}
    exp["quiescent"] = "".join(quiescent)
    exp["final_hash"] = f"0x{net.state_hash():016x}"
    return exp
