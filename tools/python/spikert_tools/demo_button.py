"""The model of the README's Raspberry Pi walkthrough: one button in, one LED out, a
double-press detector that learns, with STDP, to answer a single press.

Network (dt 1 ms, so a tick is a millisecond and `--gpio-out GPIO27=0,pulse=200` lights
the LED for 200 ms per output spike):

* population 0, ``button``: 1 input neuron (input channel 0), one spike per press
  (``--gpio-in GPIO17=0,edge=rising,bias=pull-up,active-low,debounce=20``);
* population 1, ``detector``: 1 LIF neuron, decoded as output channel 0. Threshold
  15360, reset to zero (so each answer is exactly one spike and forgets the presses
  before it), membrane decay 65428/65536 per tick (a time constant of about 0.6 s);
* projection 0, ``press``: button -> detector, weight 40 with shift 8 (10240 per press),
  plastic: pair STDP (nearest), potentiation only, ``a_plus`` = 5 whole weight steps.

One press lifts the membrane to 10240, below the threshold: nothing. A second press
while the first has not leaked away past half (within 403 ms at weight 40) crosses it:
the detector fires in the tick of the second press. Its spike coincides with the press
spike, so STDP adds 5 to the weight; the decay of the pre trace never matters, because
with the nearest rule the press of the firing tick sets it to one. Every answer
therefore widens that window, and after `LEARNED_AFTER` answers the weight
is 65: 65 × 256 > 15360, one press alone is enough. The weight stops at `W_MAX`. There
is no depression (``a_minus`` 0): pressing never unlearns; reloading the model does
(spikertd's reload sets the learned checkpoints aside and starts from this file).

Writes, under docs/demo/ (through `python3 -m spikert_tools.demo`, which writes and
checks every demo file):
  button.spkb          the blob
  button-events.csv    a recorded session: `PRESSES`, ``tick,channel``

``button-expected.csv``, the output spikes ``spikert run`` and ``spikertd --replay …
--pace fast`` must print bit for bit, is computed from the blob by the numpy integer
reference (tools/reference/expected.py). What the model does on the reference (the
window of each weight, learning, rest) is checked in tools/crosscheck/test_button_model.py.
"""

from __future__ import annotations

from . import blob, spikefile
from .runner import population, projection

DT_NS = 1_000_000           # 1 ms: a tick is a millisecond, pulse=200 is 200 ms
THRESHOLD = 15360           # 60 weight steps of 256: fires when v > 60 × 256
BETA = 65428                # membrane decay per tick, Q16 (time constant ≈ 606 ms)
SHIFT = 8                   # a weight step is 256 potential units
W_START = 40                # 10240 per press: one press is 2/3 of the threshold
A_PLUS = 5 * 65536          # 5 whole weight steps per answered press, no rounding draw
W_MAX = 80                  # learning stops here (80 × 256 = 1.33 × threshold)
TRACE_DECAY = 62339         # exp(-1/20) in Q16: pre/post traces of about 20 ms
LEARNED_AFTER = 5           # answered presses until one press is enough (40 + 5·5 > 60)

# The recorded session (press ticks = milliseconds), episodes 4 s apart so the network
# is back at rest (and spikertd asleep) between them: a single press; a slow pair
# (0.8 s); five double presses 200–350 ms apart, each answered; two single presses,
# now answered.
PRESSES = [1000,
           5000, 5800,
           10000, 10250, 14000, 14300, 18000, 18200, 22000, 22350, 26000, 26250,
           30000,
           34000]


def case() -> dict:
    """The network as a golden-format dict (blob.case_to_body turns it into the blob)."""
    return {
        "name": "button",
        "description": "1 button -> 1 LIF detector: a double press within 0.4 s fires; "
                       "STDP teaches it to answer a single press after 5 answers",
        "seed": "0x0000000000000b17",
        "populations": [population(1, "input"),
                        population(1, "lif", threshold=THRESHOLD, beta=BETA, reset="zero")],
        "projections": [projection(0, 1, "dense", [W_START], shift=SHIFT)],
        "encoders": [],
        "decoders": [{"population": 1, "kind": "count"}],
        "plasticity": [{"projection": 0, "rule": "stdp_nearest",
                        "a_plus": A_PLUS, "a_minus": 0,
                        "decay_pre": TRACE_DECAY, "decay_post": TRACE_DECAY,
                        "w_min": 0, "w_max": W_MAX, "bounds": "hard",
                        "learning_rate": 0, "decay_elig": 0, "norm_target": 0,
                        "enabled": True}],
    }


NAMES = {"populations": ["button", "detector"], "projections": ["press"],
         "decoders": ["led"]}


def body() -> dict:
    return blob.case_to_body(case(), dt_ns=DT_NS, names=NAMES)


def spike_file(rows) -> bytes:
    return spikefile.encode_pairs((t, 0) for t in rows)


def build() -> dict:
    """The demo files by name: the blob and the recorded presses."""
    return {"button.spkb": blob.encode(body()), "button-events.csv": spike_file(PRESSES)}
