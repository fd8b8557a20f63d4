"""tools/workloads.py: the benchmark workloads, their files and expected checksums.

The script writes each workload as a model blob with the exporter's blob writer and
computes the checksum spikert-bench must print by running that blob in the numpy
reference (tools/reference/spikeref/), read by the reference's own reader (blobread).
Here the reservoirs (recurrent SPARSE projection with delay 1, LIF and Izhikevich) and a
layered workload are run a second time through the reference from the quantized tensors
themselves, not from the blob, so a blob that lost or changed anything shows; the blobs,
the spike file and the .workload file are read back field by field."""

import os
import struct
import sys

import numpy as np
import pytest

import blobread
import spikeref as sr

sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(__file__), "..")))
import workloads as wl  # noqa: E402  (tools/workloads.py)

MODEL_NAMES = {wl.INPUT: "input", wl.LIF: "lif", wl.IZH: "izh"}


def reference_checksum(net, frames):
    """Checksum and state hash of spikert-bench, computed by spikeref."""
    pops = []
    for p in net.populations:
        a, b, c, d, peak = p.izh
        pops.append({
            "size": p.size, "model": MODEL_NAMES[p.model], "threshold": p.threshold,
            "beta": p.beta, "alpha": 0, "reset": "subtract", "reset_timing": "delayed",
            "v_reset": 0, "v_init": p.v_init, "refractory": 0, "bias": 0, "adapt_inc": 0,
            "adapt_decay": 0, "izh_a": a, "izh_b": b, "izh_c": c, "izh_d": d, "v_peak": peak,
        })
    projs = []
    for q in net.projections:
        d = {"source": q.source, "target": q.target, "delay": q.delay, "shift": q.shift,
             "weights": [int(w) for w in q.stored_weights()]}
        if q.kind == wl.SPARSE:
            d["kind"] = "sparse"
            d["row_ptr"] = [0] + [int(x) for x in np.cumsum(q.mask.sum(axis=1))]
            d["col"] = [int(j) for j in np.nonzero(q.mask)[1]]
        else:
            d["kind"] = "dense"
        projs.append(d)
    ref = sr.Network({"populations": pops, "projections": projs, "seed": 0})
    out = len(pops) - 1
    h = sr.FNV_OFFSET
    for t in range(frames.shape[0]):
        for j in np.flatnonzero(frames[t]):
            ref.inject(0, int(j))
        ref.step()
        for j in ref.spikes(out):
            h = sr.fnv1a64(struct.pack("<QI", t, j), h)
    state = ref.state_hash()
    return sr.fnv1a64(struct.pack("<Q", state), h), state


@pytest.mark.parametrize("name,ticks", [("reservoir-LIF", 60), ("reservoir-IZH", 120),
                                        ("W-B", 60)])
def test_checksum_equals_spikeref(name, ticks):
    net, frames = wl.build(name, ticks)
    activity, checksum, state = wl.reference_run(wl.encode(net), frames)
    assert activity[-1] > 0  # the output fires in the first ticks already
    assert (checksum, state) == reference_checksum(net, frames)


def test_reservoir_shape():
    for name, model in wl.RESERVOIRS.items():
        net, frames = wl.build(name, 10)
        assert net.sizes == [100, 1000] and net.shape == "100-1000r"
        assert net.populations[1].model == model
        inp, rec = net.projections
        assert (inp.kind, inp.delay, inp.q.shape) == (wl.DENSE, 0, (100, 1000))
        assert (rec.kind, rec.delay, rec.source, rec.target) == (wl.SPARSE, 1, 1, 1)
        assert rec.mask.sum() == 99851 and not rec.mask.diagonal().any()
        w = rec.q.astype(int)
        assert (w[:800] >= 0).all() and (w[800:] <= 0).all()  # Dale's law, last 20 % inh
        assert (w[~rec.mask] == 0).all()
    lif, _ = wl.build("reservoir-LIF", 10)
    izh, _ = wl.build("reservoir-IZH", 10)
    for a, b in zip(lif.projections, izh.projections):  # same int8, 1.0 = 16 mV = 2^-4
        assert (a.q == b.q).all() and a.shift == b.shift + 4
    assert [q.shift for q in lif.projections] == [6, 8]


def test_blobs_read_back():
    net, _ = wl.build("reservoir-IZH", 5)
    frozen = blobread.network(wl.encode(net))
    learning = blobread.network(wl.encode(net, learning=True))
    assert frozen["name"] == "reservoir-IZH" and learning["name"] == "reservoir-IZH+STDP"
    assert frozen["seed"] == 0 and frozen["plasticity"] == [] and not frozen["decoders"]
    inp, rec = frozen["populations"]
    assert (inp["size"], inp["model"]) == (100, "input")
    a, b, c, d, peak = net.populations[1].izh
    assert (rec["size"], rec["model"], rec["v_init"]) == (1000, "izh", c)
    assert (rec["izh_a"], rec["izh_b"], rec["izh_c"], rec["izh_d"], rec["v_peak"]) == (
        1311, 13107, -16640, 2048, 7680)
    dense, sparse = frozen["projections"]
    assert (dense["kind"], dense["shift"], dense["delay"]) == ("dense", 2, 0)
    assert (np.array(dense["weights"]).reshape(100, 1000) == net.projections[0].q).all()
    q = net.projections[1]
    assert (sparse["kind"], sparse["shift"], sparse["delay"]) == ("sparse", 4, 1)
    rp, col, w = (np.array(sparse[k]) for k in ("row_ptr", "col", "weights"))
    assert rp[0] == 0 and rp[-1] == len(col) == len(w) == 99851
    for i in (0, 1, 799, 800, 999):
        cols = np.flatnonzero(q.mask[i])
        assert (col[rp[i]:rp[i + 1]] == cols).all()
        assert (w[rp[i]:rp[i + 1]] == q.q[i, cols]).all()
    assert learning["projections"] == frozen["projections"]
    rules = learning["plasticity"]
    assert [r["projection"] for r in rules] == [0, 1]
    schema_defaults = {"w_min": -128, "w_max": 127, "bounds": "hard"}  # left out of a blob
    for r in rules:
        got = {k: r.get(k, schema_defaults.get(k)) for k in wl.LEARNING_RULE}
        assert got == wl.LEARNING_RULE and r["enabled"]


def test_workload_files(tmp_path):
    net, frames, activity, frozen, _ = wl.write_workload(str(tmp_path), "W-B", 20)
    assert (tmp_path / "W-B.spkb").read_bytes() == frozen
    assert wl.read_manifest(str(tmp_path / "W-B.workload")) == {
        "NAME": "W-B", "MODEL": "W-B.spkb", "LEARNING_MODEL": "W-B+STDP.spkb",
        "INPUT": "W-B-events.csv", "TICKS": "20",
        "FLOAT_ACTIVITY_PPM": ",".join(str(round(a * 1e6)) for a in activity)}
    events = (tmp_path / "W-B-events.csv").read_text().splitlines()
    assert events[0] == "tick,channel"
    back = np.zeros_like(frames)
    for line in events[1:]:
        t, c = map(int, line.split(","))
        back[t, c] = True
    assert (back == frames).all() and len(events) - 1 == frames.sum()


def test_quick_checksums():
    """The 100-tick checksums (spikert-bench --quick) of the reservoirs, pinned: a change
    of the drawing, the quantization or the blob shows here first."""
    got = {}
    for name in wl.RESERVOIRS:
        net, frames = wl.build(name, 100)
        got[name] = f"{wl.reference_run(wl.encode(net), frames)[1]:016x}"
    assert got == PINNED_100


PINNED_100 = {"reservoir-LIF": "6d3188527d185dfb", "reservoir-IZH": "abd3a70a50fd6b72"}
