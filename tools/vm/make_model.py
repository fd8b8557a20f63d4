#!/usr/bin/env python3
"""The models of the VM test (tools/vm/vmtest.c), written with the project's exporter
tools and checked against the numpy integer reference before they are used.

Network (the same for both blobs; only the tick differs: vmtest.spkb 10 ms for the
functional checks, vmtest-1ms.spkb 1 ms for the latency measurement):

  input channels                      output channels
  0 lines[0]  GPIO "vt-in0"    ──►    0 echo[0]   GPIO "vt-out0"  pulse=1
  1 lines[1]  GPIO "vt-in1"    ──►    1 echo[1]
  2 lines[2]  GPIO "vt-bounce" ──►    2 echo[2]
  3 button    GPIO "vt-button" ──►    3 echo[3]
                               └─►    6 detector  GPIO "vt-led"   pulse=LED_PULSE
  4,5 sensor  IIO (delta ON/OFF) ──►  4,5 echo[4], echo[5]: the sensor's ON/OFF spikes

* echo: LIF neurons without memory (beta 0, reset to zero) driven by one synapse each
  of 127 << 8 = 32512 > threshold 16384: an input spike in tick t is an output spike
  in tick t, and nothing else is. So the output spike file says in which tick spikertd
  put every edge — spikertd itself logs nothing per edge.
* detector: the double-press detector of the README's button model, on a 10 ms tick:
  threshold 15360, a press adds 40 << 8 = 10240, membrane time constant 10 ticks
  (beta = exp(-1/10)), reset to zero. Two presses up to WINDOW ticks apart fire it in
  the tick of the second. Pair STDP (nearest, potentiation only, a_plus 5 whole steps):
  every answer adds 5 to the weight, so after LEARNED_AFTER answers one press is
  enough (65 << 8 = 16640 > 15360). The protocol below is checked here with the
  reference: a single press (silent), DOUBLES double presses (each answered in the
  tick of its second press), a single press (answered): final weight W_FINAL.
* sensor: an input population of 2 with a DELTA encoder (threshold SENSOR_DELTA):
  a sampled value that rose by at least the threshold since the last spike fires
  neuron 4 (ON), one that fell fires neuron 5 (OFF).

usage: tools/vm/make_model.py OUTDIR      (writes vmtest.spkb, vmtest-1ms.spkb)
       tools/vm/make_model.py --check-checkpoint FILE
                                  (spikertd's final checkpoint of the VM test: the
                                  learned weight must be W_FINAL)
"""

from __future__ import annotations

import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
# The exporter's tools write the blobs; the numpy reference, apart from them, reads the
# written bytes back with its own reader and runs the protocol on them.
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))
sys.path.insert(0, os.path.join(ROOT, "tools", "reference"))

import blobread  # noqa: E402
import spikeref as sr  # noqa: E402
from spikert_tools import blob  # noqa: E402
from spikert_tools.runner import population, projection  # noqa: E402

# Kept equal to the constants of the same names in tools/vm/vmtest.c.
ECHO_LINES = 3           # input channels 0-2: vt-in0, vt-in1, vt-bounce
BUTTON = 3               # input channel 3: vt-button
DETECTOR_OUT = 6         # output channel of the detector (0-5: the echo)
SENSOR_IN = 4            # input channels 4, 5: the delta encoder's ON/OFF neurons
SENSOR_DELTA = 10
THRESHOLD = 15360
W_START = 40
A_PLUS = 5 * 65536
W_MAX = 80
BETA = int(round(math.exp(-1.0 / 10) * 65536))
DOUBLE_GAP = 3           # ticks between the two presses of a double press
EPISODE = 40             # ticks between the starts of two episodes
DOUBLES = 5
W_FINAL = W_START + 5 * (DOUBLES + 1)


def case() -> dict:
    echo_w = [[0] * 6 for _ in range(ECHO_LINES)]
    for k in range(ECHO_LINES):
        echo_w[k][k] = 127
    button_w = [0, 0, 0, 127, 0, 0]
    sensor_w = [[0, 0, 0, 0, 127, 0], [0, 0, 0, 0, 0, 127]]
    return {
        "name": "vmtest",
        "description": "VM test of spikertd: every input echoed to an output in the same "
                       "tick, a double-press detector that learns (STDP), a delta-encoded sensor",
        "seed": "0x0000000000000e40",
        "populations": [
            population(ECHO_LINES, "input"),                                   # 0 lines
            population(1, "input"),                                            # 1 button
            population(2, "input"),                                            # 2 sensor
            population(6, "lif", threshold=16384, beta=0, reset="zero"),       # 3 echo
            population(1, "lif", threshold=THRESHOLD, beta=BETA, reset="zero"),  # 4 detector
        ],
        "projections": [
            projection(0, 3, "dense", [w for row in echo_w for w in row], shift=8),
            projection(1, 3, "dense", button_w, shift=8),
            projection(2, 3, "dense", [w for row in sensor_w for w in row], shift=8),
            projection(1, 4, "dense", [W_START], shift=8),
        ],
        "encoders": [{"population": 2, "kind": "delta", "param": SENSOR_DELTA}],
        # Output channels 0-5 are the echo's neurons, 6 the detector.
        "decoders": [{"population": 3, "kind": "count"}, {"population": 4, "kind": "count"}],
        "plasticity": [{"projection": 3, "rule": "stdp_nearest",
                        "a_plus": A_PLUS, "a_minus": 0,
                        "decay_pre": BETA, "decay_post": BETA,
                        "w_min": 0, "w_max": W_MAX, "bounds": "hard",
                        "learning_rate": 0, "decay_elig": 0, "norm_target": 0,
                        "enabled": True}],
    }


NAMES = {"populations": ["lines", "button", "sensor", "echo", "detector"],
         "projections": ["echo_lines", "echo_button", "echo_sensor", "press"],
         "decoders": ["echo", "detector"]}


def protocol() -> tuple[list[int], list[int]]:
    """Press ticks of the learning protocol and the ticks the detector must fire in."""
    presses, fires, t = [10], [], 10 + EPISODE
    for _ in range(DOUBLES):
        presses += [t, t + DOUBLE_GAP]
        fires.append(t + DOUBLE_GAP)
        t += EPISODE
    presses.append(t)
    fires.append(t)
    return presses, fires


def check(data: bytes) -> None:
    """The blob on the reference: echoes in the same tick, the protocol's answers and
    final weight, and the delta encoder's ON/OFF spikes."""
    presses, fires = protocol()
    net = sr.Network(blobread.network(data))
    got_fires, echo_ok = [], True
    inputs = {5: [0], 6: [1], 7: [2]}             # line spikes in some other ticks
    sensor = {2: 0, 4: 50, 8: 30, 9: 31}        # tick -> value set
    sensor_spikes = []
    for t in range(presses[-1] + 20):
        want = set()
        for ch in inputs.get(t, []):
            net.inject(0, ch)
            want.add(ch)
        if t in presses:
            net.inject(1, 0)
            want.add(3)
        if t in sensor:
            net.set_value(0, 0, sensor[t])
        net.step()
        echo = set(int(i) for i in net.spikes(3))
        lines = {i for i in echo if i < 4}
        echo_ok &= lines == want
        sensor_spikes += [(t, i) for i in echo if i >= 4]
        if len(net.spikes(4)):
            got_fires.append(t)
    if not echo_ok:
        sys.exit("make_model: the echo population does not answer every input in its tick")
    if got_fires != fires:
        sys.exit(f"make_model: the detector fired at {got_fires}, the protocol wants {fires}")
    w = int(net.weights(3)[0])
    if w != W_FINAL:
        sys.exit(f"make_model: the learned weight is {w}, the protocol wants {W_FINAL}")
    # 0 -> 50: ON at tick 4; 50 -> 30: OFF at tick 8; 30 -> 31: below the threshold.
    if sensor_spikes != [(4, 4), (8, 5)]:
        sys.exit(f"make_model: the sensor's delta spikes are {sensor_spikes}")


def check_checkpoint(path: str) -> int:
    """The press synapse's weight in a checkpoint of the VM test's main run."""
    net = blob.read(path)
    w = [int(x) for x in net["projections"][3]["weights"]]
    tick = net.get("state", {}).get("tick")
    if w != [W_FINAL]:
        print(f"make_model: FAILED: {path}: the learned press weight is {w}, the protocol "
              f"gives [{W_FINAL}] ({W_START} + 5 per answer, {DOUBLES + 1} answers)")
        return 1
    print(f"make_model: {path}: the press weight learned {W_START} -> {w[0]} as the "
          f"protocol gives (checkpoint at tick {tick})")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--check-checkpoint":
        return check_checkpoint(argv[1])
    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: tools/vm/make_model.py OUTDIR | --check-checkpoint FILE", file=sys.stderr)
        return 2
    out = argv[0]
    os.makedirs(out, exist_ok=True)
    spec = case()
    for name, dt_ns in (("vmtest.spkb", 10_000_000), ("vmtest-1ms.spkb", 1_000_000)):
        data = blob.encode(blob.case_to_body(spec, dt_ns=dt_ns, names=NAMES))
        check(data)
        blob.validate(data)
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    presses, fires = protocol()
    print(f"make_model: {out}/vmtest.spkb (dt 10 ms), vmtest-1ms.spkb (dt 1 ms); protocol: "
          f"presses {presses}, detector {fires}, weight {W_START} -> {W_FINAL}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
