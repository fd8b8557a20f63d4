"""Section 2's enumerations by their golden-format names, section 9's limits, and the
checked reading of a network dict's fields (every error names the field and value).
"""

from __future__ import annotations

import numpy as np

from .primitives import Q16_ONE, U64_MASK


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


def _bool(value, where):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, np.integer)) and int(value) in (0, 1):
        return bool(value)
    raise ValueError(f"{where}={value!r}: expected a bool")


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
