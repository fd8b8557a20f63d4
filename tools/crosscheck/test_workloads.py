"""tools/workloads.py: the benchmark workloads and their expected checksums.

The script computes every checksum spikert-bench must print with its own numpy
implementation of docs/SEMANTICS.md; here the reservoirs (recurrent SPARSE projection
with delay 1, LIF and Izhikevich) and a layered workload are run a second time through
the project's numpy reference (tools/reference/spikeref/) from the same quantized tensors,
and the files are read back field by field."""

import os
import struct
import sys

import numpy as np
import pytest

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
    activity, checksum, state = wl.integer_run(net, frames)
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


def read_v2(blob):
    """A reader of the version-2 layout as the docstring gives it."""
    magic, version, P, T = struct.unpack_from("<4sHHI", blob, 0)
    assert (magic, version) == (b"SPKW", 2)
    Q, reserved = struct.unpack_from("<HH", blob, 28)
    assert reserved == 0
    off = 32
    pops = []
    for _ in range(P):
        pops.append(struct.unpack_from("<IBBBBiii5iI", blob, off))
        off += 44
    projs = []
    for _ in range(Q):
        projs.append(struct.unpack_from("<HHBBBBI", blob, off))
        off += 12
    tensors = []
    for src, tgt, kind, shift, delay, _, nnz in projs:
        n_src, n_tgt = pops[src][0], pops[tgt][0]
        assert off % 4 == 0
        if kind == wl.SPARSE:
            rp = np.frombuffer(blob, "<u4", n_src + 1, off)
            off += 4 * (n_src + 1)
            assert off % 4 == 0
            col = np.frombuffer(blob, "<u2", nnz, off)
            off += 2 * nnz + (-2 * nnz) % 4
            assert rp[0] == 0 and rp[-1] == nnz
        else:
            assert nnz == n_src * n_tgt
            rp = col = None
        w = np.frombuffer(blob, np.int8, nnz, off)
        off += nnz + (-nnz) % 4
        tensors.append((rp, col, w))
    stride = (pops[0][0] + 7) // 8
    assert len(blob) == off + T * stride
    frames = np.unpackbits(np.frombuffer(blob, np.uint8, T * stride, off).reshape(T, stride),
                           axis=1, bitorder="little")[:, :pops[0][0]].astype(bool)
    return pops, projs, tensors, frames


def test_v2_file_reads_back():
    net, frames = wl.build("reservoir-IZH", 50)
    activity = [0.01]
    pops, projs, tensors, frames2 = read_v2(wl.encode(net, activity, frames))
    assert (frames2 == frames).all()
    assert pops[0][:2] == (100, wl.INPUT) and pops[0][-1] == 0
    a, b, c, d, peak = net.populations[1].izh
    assert pops[1] == (1000, wl.IZH, 0, 0, 0, 0, 0, c, a, b, c, d, peak, 10000)
    assert (a, b, c, d, peak) == (1311, 13107, -16640, 2048, 7680)
    assert projs == [(0, 1, wl.DENSE, 2, 0, 0, 100_000), (1, 1, wl.SPARSE, 4, 1, 0, 99851)]
    rec = net.projections[1]
    rp, col, w = tensors[1]
    for i in (0, 1, 799, 800, 999):
        cols = np.flatnonzero(rec.mask[i])
        assert (col[rp[i]:rp[i + 1]] == cols).all()
        assert (w[rp[i]:rp[i + 1]] == rec.q[i, cols]).all()
    assert (tensors[0][2].reshape(100, 1000) == net.projections[0].q).all()


def test_v1_files_unchanged_in_layout():
    net, frames = wl.build("W-B", 20)
    blob = wl.encode(net, [0.25, 0.5], frames)
    assert blob[:4] == b"SPKW" and struct.unpack_from("<HHI", blob, 4) == (1, 3, 20)
    assert len(blob) == 32 + 3 * 4 + 2 * 16 + 64 * 128 + 128 * 10 + 20 * 8


def test_quick_checksums():
    """The 100-tick checksums (spikert-bench --quick) of the reservoirs, pinned: a change
    of the drawing or of the quantization shows here first."""
    got = {}
    for name in wl.RESERVOIRS:
        net, frames = wl.build(name, 100)
        got[name] = f"{wl.integer_run(net, frames)[1]:016x}"
    assert got == PINNED_100


PINNED_100 = {"reservoir-LIF": "6d3188527d185dfb", "reservoir-IZH": "abd3a70a50fd6b72"}
