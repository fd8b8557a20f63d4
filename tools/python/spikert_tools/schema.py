"""The blob schema as the tools write and read it: docs/model.cddl in Python tables.

The exporter keeps its own copy of the schema's numbers instead of borrowing them from
the numpy reference (tools/reference): the two are independent implementations of
docs/SEMANTICS.md that meet only at docs/model.cddl and at the bytes of a blob, so a
mistake in one is caught by the other instead of being shared. tools/crosscheck
compares these tables, the reference's and docs/model.cddl.

Enum lists give the names in the order of their numbers (a name's index is its value in
the blob); the golden-case dicts of Tests/SpikeCoreTests/Golden/README.md use the names.
Importing this module needs nothing beyond the standard library. The tables are what
the tools write with; `blob.validate` still checks every blob they write against
docs/model.cddl itself.
"""

from __future__ import annotations

MAGIC = "SpikeRT"
VERSION = 1
Q16_ONE = 65536
U64_MAX = 2**64 - 1

# RFC 8746 typed-array tags (model.cddl: uint8-array ... int32-array), and the numpy
# dtype of their little-endian elements.
TAG_U8, TAG_U16, TAG_U32, TAG_I8, TAG_I32 = 64, 69, 70, 72, 78
TAG_DTYPE = {TAG_U8: "<u1", TAG_U16: "<u2", TAG_U32: "<u4", TAG_I8: "<i1", TAG_I32: "<i4"}

# ------------------------------------------------------------------------------ enums

MODELS = ["input", "lif", "cuba", "if", "li", "alif", "izh"]           # neuron-model
INPUT, LIF, CUBA, IF, LI, ALIF, IZH = range(len(MODELS))
RESETS = ["subtract", "zero", "none"]                                   # reset-mode
TIMINGS = ["delayed", "immediate"]                                      # reset-timing
KINDS = ["dense", "sparse", "one_to_one", "conv2d"]                     # projection-kind
DENSE, SPARSE, ONE_TO_ONE, CONV2D = range(len(KINDS))
ENCODERS = ["rate", "latency", "delta"]                                 # encoder-kind
RATE, LATENCY, DELTA = range(len(ENCODERS))
DECODERS = ["count", "first_spike", "membrane"]                         # decoder-kind
COUNT, FIRST_SPIKE, MEMBRANE = range(len(DECODERS))
RULES = ["stdp_nearest", "stdp_all", "rstdp_nearest", "rstdp_all"]      # plasticity-rule
BOUNDS = ["hard", "soft"]                                               # bounds
POWER_MODES = ["normal", "low", "full"]                                 # power-mode

# The enum each model.cddl type name stands for (what the cross-check compares).
ENUMS = {"neuron-model": MODELS, "reset-mode": RESETS, "reset-timing": TIMINGS,
         "projection-kind": KINDS, "encoder-kind": ENCODERS, "decoder-kind": DECODERS,
         "plasticity-rule": RULES, "bounds": BOUNDS, "power-mode": POWER_MODES}

# ------------------------------------------------------------------------------ maps

# population: field -> (key, default); keys 0 (size) and 1 (model) are required
POP_KEYS = [
    ("threshold", 2, 0), ("beta", 3, 65536), ("alpha", 4, 0), ("reset", 5, 0),
    ("reset_timing", 6, 0), ("v_reset", 7, 0), ("v_init", 8, 0), ("refractory", 9, 0),
    ("bias", 10, 0), ("adapt_inc", 11, 0), ("adapt_decay", 12, 0), ("izh_a", 13, 0),
    ("izh_b", 14, 0), ("izh_c", 15, 0), ("izh_d", 16, 0), ("v_peak", 17, 0),
]
POP_NAME_KEY = 18
# a population's fields in the golden-case order
POP_FIELDS = ["size", "model"] + [f for f, _key, _default in POP_KEYS]
# population fields whose values are enums
ENUM_FIELDS = {"model": MODELS, "reset": RESETS, "reset_timing": TIMINGS}

# conv-geometry: the array's elements in order
CONV_FIELDS = ["in_h", "in_w", "in_c", "out_c", "k_h", "k_w", "stride_h", "stride_w",
               "pad_h", "pad_w"]

# plasticity: field -> (key, default, lo, hi); 0 projection, 1 rule, 12 enabled
PLASTICITY_KEYS = [
    ("a_plus", 2, 0, 0, 2**24), ("a_minus", 3, 0, 0, 2**24),
    ("decay_pre", 4, 0, 0, Q16_ONE), ("decay_post", 5, 0, 0, Q16_ONE),
    ("w_min", 6, -128, -128, 127), ("w_max", 7, 127, -128, 127),
    ("learning_rate", 8, 0, 0, 2**24), ("decay_elig", 9, 0, 0, Q16_ONE),
    ("bounds", 10, 0, 0, 1), ("norm_target", 11, 0, 0, 2**23),
]
PLASTICITY_ENABLED_KEY = 12
PLASTICITY_FIELDS = (["projection", "rule"] + [f for f, *_ in PLASTICITY_KEYS]
                     + ["enabled"])  # the golden-case order
# the value a rule that leaves a field out has (golden-case form: bounds by name)
PLASTICITY_DEFAULTS = {f: BOUNDS[default] if f == "bounds" else default
                       for f, _key, default, _lo, _hi in PLASTICITY_KEYS}
PLASTICITY_DEFAULTS["enabled"] = True

# power: field -> (key, default, lo, hi)
POWER_KEYS = [("mode", 0, 0, 0, 2), ("fold", 1, 2, 2, 256),
              ("threshold_scale", 2, Q16_ONE, 1, 2**20)]
POWER_DEFAULT = {"mode": "normal", "fold": 2, "threshold_scale": Q16_ONE}

# state (checkpoints): counters in the order of state key 6 (SEMANTICS.md 8)
COUNTERS = ["synaptic_events", "neuron_updates", "spikes", "input_spikes", "skipped_ticks",
            "plasticity_updates"]
# population-state: field -> (key, tag)
POP_STATE_KEYS = [("v", 0, TAG_I32), ("aux", 1, TAG_I32), ("refractory", 2, TAG_U16),
                  ("spiked", 3, TAG_U8), ("history", 4, TAG_U8), ("pending", 5, TAG_U8)]
# plasticity-state: field -> (key, tag)
PLASTICITY_STATE_KEYS = [("pre", 0, TAG_I32), ("post", 1, TAG_I32),
                         ("eligibility", 2, TAG_I32), ("stamps", 3, TAG_U32)]
STATE_FIELDS = ["tick", "prng", "populations", "encoders", "decoders",
                "decoder_window_start", "counters", "plasticity"]


def enum_index(value, names) -> int:
    """An enum given by name or number -> its number (no range check)."""
    return names.index(value) if isinstance(value, str) else int(value)
