"""Sections 2 to 6 and 9 of docs/SEMANTICS.md: conv2d delivery, the LIF family against a
straightforward loop, encoders, decoders, topology and validation, Izhikevich, the
run_case command, the golden files and random networks.

Run with: python3 -m pytest tools/reference -q
"""

import json
import os
import subprocess
import sys
import zlib

import numpy as np
import pytest

import spikeref as sr
from netspec import net, pop, proj

HERE = os.path.dirname(os.path.abspath(__file__))

I32_MIN, I32_MAX = -(2**31), 2**31 - 1


# ---------------------------------------------------------------- section 2.4 conv2d

def _dense_conv(frame, w, g):
    """Direct cross-correlation (PyTorch conv2d, zero padding), HWC in and out."""
    x = np.pad(frame, ((g["pad_h"], g["pad_h"]), (g["pad_w"], g["pad_w"]), (0, 0)))
    out_h = (g["in_h"] + 2 * g["pad_h"] - g["k_h"]) // g["stride_h"] + 1
    out_w = (g["in_w"] + 2 * g["pad_w"] - g["k_w"]) // g["stride_w"] + 1
    out = np.zeros((out_h, out_w, g["out_c"]), dtype=np.int64)
    for oy in range(out_h):
        for ox in range(out_w):
            y0, x0 = oy * g["stride_h"], ox * g["stride_w"]
            patch = x[y0:y0 + g["k_h"], x0:x0 + g["k_w"], :]
            out[oy, ox] = np.einsum("hwc,hwco->o", patch, w)
    return out


@pytest.mark.parametrize("geom", [
    (8, 8, 2, 3, 3, 3, 2, 2, 1, 1),
    (7, 5, 1, 4, 3, 2, 1, 2, 2, 1),
    (6, 9, 3, 2, 1, 4, 3, 1, 0, 3),
    (5, 5, 2, 2, 5, 5, 1, 1, 0, 0),
])
def test_conv2d_scatter_matches_dense_correlation(geom):
    g = dict(zip(sr.CONV_FIELDS, geom))
    out_h = (g["in_h"] + 2 * g["pad_h"] - g["k_h"]) // g["stride_h"] + 1
    out_w = (g["in_w"] + 2 * g["pad_w"] - g["k_w"]) // g["stride_w"] + 1
    n_src = g["in_h"] * g["in_w"] * g["in_c"]
    n_tgt = out_h * out_w * g["out_c"]
    rng = np.random.default_rng(sum(geom))
    w = rng.integers(-128, 128, g["k_h"] * g["k_w"] * g["in_c"] * g["out_c"])
    p = sr.Projection(proj(0, 1, "conv2d", w.tolist(), conv=g),
                      0, [sr.Population(pop(n_src, "input"), 0),
                          sr.Population(pop(n_tgt, "lif"), 1)])
    for density in (0.0, 0.2, 1.0):
        frame = (rng.random(n_src) < density).astype(np.int64)
        p.acc[:] = 0
        events = p.deliver(np.flatnonzero(frame))
        want = _dense_conv(frame.reshape(g["in_h"], g["in_w"], g["in_c"]),
                           w.reshape(g["k_h"], g["k_w"], g["in_c"], g["out_c"]), g)
        assert p.acc.tolist() == want.reshape(-1).tolist()
        ones = _dense_conv(frame.reshape(g["in_h"], g["in_w"], g["in_c"]),
                           np.ones((g["k_h"], g["k_w"], g["in_c"], g["out_c"]), np.int64), g)
        assert events == int(ones.sum())  # one event per (spike, o, ky, kx) landing


# ---------------------------------------------------------------- section 4.1 LIF loop

def _lif_loop(inj, W, shift, theta, beta, bias, v_init, refractory, reset, timing, v_reset):
    """Straightforward per-neuron python-int loop of section 4.1 (LIF)."""
    def dec(x, m):
        p = x * m
        return p // 65536 if p >= 0 else -((-p) // 65536)

    def sat(x):
        return max(min(x, I32_MAX), I32_MIN)

    n_tgt = W.shape[1]
    v = [v_init] * n_tgt
    s = [0] * n_tgt
    ref = [0] * n_tgt
    trace, spikes = [], []
    for t, frame in enumerate(inj):
        for j in range(n_tgt):
            acc = sum(int(W[i, j]) for i in frame)
            X = sat(acc * 2**shift) + bias
            refr = ref[j] > 0
            if refr:
                ref[j] -= 1
                X = 0
            L = dec(v[j], beta)
            if timing == "delayed" and reset == "subtract":
                nv = sat(L + X - s[j] * theta)
            elif timing == "delayed" and reset == "zero" and s[j] == 1:
                nv = sat(v_reset + X)
            else:
                nv = sat(L + X)
            sj = 1 if (not refr and nv > theta) else 0
            if timing == "immediate" and sj:
                if reset == "subtract":
                    nv = sat(nv - theta)
                elif reset == "zero":
                    nv = v_reset
            if sj:
                ref[j] = refractory
                spikes.append((t, j))
            v[j], s[j] = nv, sj
        trace.append(list(v))
    return trace, spikes


@pytest.mark.parametrize("reset,timing,refractory", [
    ("subtract", "delayed", 0), ("subtract", "delayed", 2), ("zero", "delayed", 1),
    ("none", "delayed", 0), ("subtract", "immediate", 0), ("zero", "immediate", 3),
    ("none", "immediate", 1),
])
def test_lif_against_straightforward_loop(reset, timing, refractory):
    rng = np.random.default_rng(zlib.crc32(f"{reset}{timing}{refractory}".encode()))
    n_in, n_out, ticks = 12, 6, 60
    W = rng.integers(-128, 128, (n_in, n_out))
    W[:, 0] = 127  # one strongly driven neuron
    params = dict(theta=3000, beta=58000, bias=150, v_init=-700, refractory=refractory,
                  reset=reset, timing=timing, v_reset=-400)
    inj = [sorted(set(rng.integers(0, n_in, rng.integers(0, 8)).tolist()))
           for _ in range(ticks)]
    n = net([pop(n_in, "input"),
             pop(n_out, "lif", threshold=params["theta"], beta=params["beta"],
                 bias=params["bias"], v_init=params["v_init"], refractory=refractory,
                 reset=reset, reset_timing=timing, v_reset=params["v_reset"])],
            [proj(0, 1, "dense", W.reshape(-1).tolist(), shift=5)])
    trace, spikes = [], []
    for t, frame in enumerate(inj):
        for i in frame:
            n.inject(0, i)
        n.step()
        trace.append(n.membrane(1))
        spikes += [(t, j) for j in n.spikes(1)]
    want_trace, want_spikes = _lif_loop(inj, W, 5, **params)
    assert trace == want_trace
    assert spikes == want_spikes
    assert len(spikes) > 5


def test_refractory_gate_counts():
    # constant strong bias: neuron fires every R+1 ticks
    for R in (0, 1, 5):
        n = net([pop(1, "lif", threshold=10, beta=0, bias=1000, refractory=R,
                     reset="zero", reset_timing="immediate")])
        fired = []
        for t in range(24):
            n.step()
            if n.spikes(0):
                fired.append(t)
        assert fired == list(range(0, 24, R + 1))


def test_idle_decays_to_exactly_zero():
    n = net([pop(3, "lif", threshold=10**6, beta=65535, v_init=-300),
             pop(2, "cuba", threshold=10**6, beta=30000, alpha=50000, v_init=-(2**31)),
             pop(1, "li", beta=50000, v_init=2**31 - 1)])
    for _ in range(400):
        n.step()
    assert n.membrane(0) == [0, 0, 0] and n.membrane(2) == [0]
    assert n.membrane(1) == [0, 0]


# ---------------------------------------------------------------- section 5 encoders

def test_latency_spike_times():
    n = net([pop(4, "input")], encs=[dict(population=0, kind="latency", param=11)])
    for k, x in enumerate([65536, 32768, 0, 1]):
        n.set_value(0, k, x)
    # c = floor((65536 - x) * 10 / 65536): 0, 5, idle, 9
    fired = {}
    for t in range(30):
        if t == 15:
            n.set_value(0, 1, 70000)  # second presentation: fires on the next tick
        n.step()
        for j in n.spikes(0):
            fired.setdefault(j, []).append(t)
    assert fired == {0: [0], 1: [5, 15], 3: [9]}


def test_latency_window_one():
    n = net([pop(2, "input")], encs=[dict(population=0, kind="latency", param=1)])
    n.set_value(0, 0, 1)
    n.set_value(0, 1, -5)
    n.step()
    assert n.spikes(0) == [0]
    n.step()
    assert n.spikes(0) == []


def test_delta_on_off():
    n = net([pop(4, "input")], encs=[dict(population=0, kind="delta", param=100)])
    seq = [(0, 50), (0, 100), (1, -100), (0, 150), (0, 199), (0, 200), (0, 100), (0, 99)]
    got = []
    for k, x in seq:
        n.set_value(0, k, x)
        n.step()
        got.append(n.spikes(0))
    # ch0: 50 (< 100) nothing; 100 -> ON, ref 100; ch1 -100 -> OFF (3); 150, 199 nothing;
    # 200 -> ON (d = 100), ref 200; 100 -> OFF (d = -100); 99 nothing (d = -1)
    assert got == [[], [0], [3], [], [], [0], [1], []]


def test_rate_extremes_and_draw_count():
    n = net([pop(4, "input")], encs=[dict(population=0, kind="rate", param=0)], seed=5)
    for k, x in enumerate([0, -7, 65536, 10**9]):
        n.set_value(0, k, x)
    ref = sr.Xoshiro128ss(5)
    for _ in range(20):
        n.step()
        assert n.spikes(0) == [2, 3]
    for _ in range(20 * 4):
        ref.next32()
    assert n.prng.s == ref.s


def test_rate_probability_half():
    n = net([pop(1, "input")], encs=[dict(population=0, kind="rate", param=0)], seed=3)
    n.set_value(0, 0, 32768)
    p = sr.Xoshiro128ss(3)
    for _ in range(200):
        n.step()
        assert n.spikes(0) == ([0] if (p.next32() >> 16) < 32768 else [])


# ---------------------------------------------------------------- decoders

def test_decoders_first_spike_and_count():
    n = net([pop(2, "input"), pop(2, "if", threshold=5)],
            [proj(0, 1, "one_to_one", [3, 0])],
            decs=[dict(population=1, kind="first_spike"), dict(population=1, kind="count"),
                  dict(population=0, kind="first_spike"), dict(population=1, kind="membrane")])
    for t in range(6):
        if t in (2, 3, 4):
            n.inject(0, 0)
        n.step()
    # IF v: 0, 0, 3, 6 (spike), 6 + 3 - 5 = 4 (delayed subtract), 4
    assert n.decoder_values(0) == [3, 2**32 - 1]
    assert n.decoder_values(1) == [1, 0]
    assert n.decoder_values(2) == [2, 2**32 - 1]
    assert n.decoder_values(3) == [4, 0]
    n.reset_decoders()
    n.inject(0, 0)
    n.step()
    assert n.decoder_values(2) == [0, 2**32 - 1]


# ---------------------------------------------------------------- topology / validation

def test_zero_delay_chain_out_of_order():
    # 0 (input) -> 3 -> 1 -> 2, all D = 0: a single input spike crosses the chain in one tick
    lif = dict(threshold=10, beta=0)
    n = net([pop(1, "input"), pop(1, "lif", **lif), pop(1, "lif", **lif),
             pop(1, "lif", **lif)],
            [proj(1, 2, "dense", [100]), proj(3, 1, "dense", [100]),
             proj(0, 3, "dense", [100])])
    assert n.order == [3, 1, 2]
    n.inject(0, 0)
    n.step()
    assert [n.spikes(p) for p in range(4)] == [[0], [0], [0], [0]]


def test_acyclicity_errors():
    base = [pop(1, "input"), pop(1, "lif"), pop(1, "lif")]
    with pytest.raises(ValueError, match=r"delay=0.*cycle"):
        net(base, [proj(1, 2, "dense", [1]), proj(2, 1, "dense", [1])])
    with pytest.raises(ValueError, match=r"projections\[0\].delay=0: self-projection"):
        net(base, [proj(1, 1, "dense", [1])])
    net(base, [proj(1, 1, "dense", [1], delay=1), proj(1, 2, "dense", [1]),
               proj(2, 1, "dense", [1], delay=2)])  # recurrent with D >= 1 is fine


@pytest.mark.parametrize("mutate,pattern", [
    (lambda s: s["populations"][1].update(beta=65537), r"populations\[1\].beta=65537"),
    (lambda s: s["populations"][1].update(izh_a=2**20 + 1), r"izh_a"),
    (lambda s: s["populations"][0].update(size=0), r"populations\[0\].size=0"),
    (lambda s: s["projections"][0].update(shift=25), r"projections\[0\].shift=25"),
    (lambda s: s["projections"][0].update(delay=256), r"projections\[0\].delay=256"),
    (lambda s: s["projections"][0].update(target=0), r"target=0.*INPUT"),
    (lambda s: s["projections"][0].update(weights=[1, 2, 3]), r"weights"),
    (lambda s: s["projections"][0].update(weights=[128, 0, 0, 0]), r"weights\[0\]=128"),
    (lambda s: s["encoders"].append(dict(population=1, kind="rate", param=0)), r"INPUT"),
    (lambda s: s["encoders"].append(dict(population=0, kind="rate", param=0)),
     r"already has encoder"),
    (lambda s: s["encoders"][0].update(param=0), r"encoders\[0\].param=0"),
    (lambda s: s["decoders"].append(dict(population=0, kind="membrane")), r"membrane"),
    (lambda s: s.update(seed="0x1" + "0" * 16), r"seed"),
])
def test_validation_errors(mutate, pattern):
    spec = dict(seed="0x1", populations=[pop(2, "input"), pop(2, "lif")],
                projections=[proj(0, 1, "dense", [1, 2, 3, 4])],
                encoders=[dict(population=0, kind="latency", param=4)], decoders=[])
    sr.Network(json.loads(json.dumps(spec)))
    mutate(spec)
    with pytest.raises(ValueError, match=pattern):
        sr.Network(spec)


def test_sparse_validation_and_delivery():
    pops = [pop(3, "input"), pop(4, "li", beta=0)]
    good = proj(0, 1, "sparse", [5, -6, 7], row_ptr=[0, 2, 2, 3], col=[1, 3, 0])
    n = net(pops, [good])
    for i in range(3):
        n.inject(0, i)
    n.step()
    assert n.membrane(1) == [7, 5, 0, -6]
    assert n.counters == {"synaptic_events": 3, "neuron_updates": 4, "spikes": 0,
                          "input_spikes": 3, "skipped_ticks": 0, "plasticity_updates": 0}
    with pytest.raises(ValueError, match="strictly increasing"):
        net(pops, [proj(0, 1, "sparse", [5, -6, 7], row_ptr=[0, 2, 2, 3], col=[3, 1, 0])])
    with pytest.raises(ValueError, match=r"col\[2\]=4"):
        net(pops, [proj(0, 1, "sparse", [5, -6, 7], row_ptr=[0, 2, 2, 3], col=[1, 3, 4])])


def test_izhikevich_regular_spiking_rate():
    # RS with I = 10 mV: first spike after ~3 ms, then adapting tonic spikes (7 in 300 ms
    # for the float model with the same two half-steps)
    n = net([pop(1, "izh", izh_a=1311, izh_b=13107, izh_c=-16640, izh_d=2048,
                 v_peak=7680, v_init=-16640, bias=2560)])
    assert n.pops[0].u.tolist() == [-3328]
    spikes = []
    for t in range(300):
        n.step()
        if n.spikes(0):
            spikes.append(t)
    assert 6 <= len(spikes) <= 9 and spikes[0] < 6
    isi = np.diff(spikes)
    assert isi[-1] > isi[0]  # adaptation


def test_run_case_cli_roundtrip(tmp_path):
    case = dict(name="cli", description="", ticks=5, seed="0x2a",
                populations=[pop(2, "input"), pop(1, "lif", threshold=5, beta=65536)],
                projections=[proj(0, 1, "dense", [3, 4], shift=1)],
                encoders=[], decoders=[dict(population=1, kind="count")],
                inputs=dict(spikes=[[0, 0, 0], [1, 0, 1], [1, 0, 1]], values=[]))
    src = tmp_path / "in.json"
    src.write_text(json.dumps([case, case]))
    out = tmp_path / "out.json"
    subprocess.run([sys.executable, os.path.join(HERE, "run_case.py"), str(src), str(out)],
                   check=True)
    res = json.loads(out.read_text())
    assert len(res) == 2 and res[0] == res[1]
    exp = res[0]["expected"]
    # v: 6 -> spike at 0; 1: 6 - 5 + 8 = 9 -> spike at 1
    assert exp["spikes"] == [[0, 0, 0], [0, 1, 0], [1, 0, 1], [1, 1, 0]]
    assert exp["decoders"] == [[2]]
    assert exp["membrane"]["1"] == [[6], [9], [4], [4], [4]]
    bad = dict(case, projections=[proj(0, 1, "dense", [3, 4], shift=30)])
    src.write_text(json.dumps(bad))
    r = subprocess.run([sys.executable, os.path.join(HERE, "run_case.py"), str(src)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "shift=30" in r.stderr


def test_golden_files_are_reproduced():
    gdir = os.path.join(HERE, "..", "..", "Tests", "SpikeCoreTests", "Golden")
    files = sorted(f for f in os.listdir(gdir) if f.endswith(".json"))
    assert len(files) >= 30
    for f in files:
        with open(os.path.join(gdir, f)) as fh:
            case = json.load(fh)
        assert sr.run_case(case) == case["expected"], f


def test_random_networks_are_deterministic_and_reset_cleanly():
    import fuzz
    for seed in range(40):
        case = fuzz.random_case(seed)
        n = sr.Network(case)
        first = sr.run_network(n, case)
        n.reset()
        again = sr.run_network(n, case)
        assert first == again == sr.run_case(case), seed
        n.reset()
        assert n.state_hash() == sr.Network(case).state_hash()
    for seed in range(30):  # with learning rules, power modes and actions
        case = fuzz.random_case(4000 + seed, extras=True)
        assert sr.run_case(case) == sr.run_case(json.loads(json.dumps(case))), seed
