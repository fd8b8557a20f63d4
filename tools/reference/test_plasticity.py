"""Section 11 of docs/SEMANTICS.md: pair STDP, R-STDP and normalization by hand, the
state hash of learning, validation, and the vectorized rules against a per-synapse
loop (looprules).

Run with: python3 -m pytest tools/reference -q
"""

import json

import numpy as np
import pytest

import spikeref as sr
from looprules import row_draw_scalar, run_with_loop_rules
from netspec import golden_cases, pnet, pop, proj, rule


def test_stdp_hand_worked_pairs():
    # one synapse, pre 0 -> post 1 (ONE_TO_ONE), post driven by a second input
    pops = [pop(1, "input"), pop(1, "input"),
            pop(1, "lif", threshold=1000, beta=0, reset="zero", reset_timing="immediate")]
    projs = [proj(0, 2, "one_to_one", [10]), proj(1, 2, "one_to_one", [127], shift=10)]
    r = rule(0, a_plus=4 * 65536, a_minus=2 * 65536, decay_pre=32768, decay_post=32768)
    n = pnet(pops, projs, [r])
    n.inject(0, 0)
    n.step()  # pre at step 0: x = 65536, no y anywhere: no depression (the key is taken)
    assert n.rules[0].x.tolist() == [65536] and n.weights(0) == [10]
    assert n.counters["plasticity_updates"] == 0
    n.step()
    n.inject(1, 0)
    n.step()  # post at step 2: x = 16384, P = 4 * 16384 = 65536 -> exactly +1 step
    assert n.rules[0].x.tolist() == [16384] and n.rules[0].y.tolist() == [65536]
    assert n.weights(0) == [11] and n.counters["plasticity_updates"] == 1
    n.step()
    n.inject(0, 0)
    n.step()  # pre at step 4: y = 16384, Q = 2 * 16384 = 32768 -> -0.5: -1 or 0
    # keys: step 0 (pre event, nothing to depress), step 2 (post), step 4 (this one)
    prng = sr.Xoshiro128ss(0)
    _, _, key4 = prng.next32(), prng.next32(), prng.next32()
    assert n.weights(0) == [11 + sr.round_u(-32768, row_draw_scalar(key4, 2 * 0))]
    assert n.prng.s == prng.s and n.counters["plasticity_updates"] == 2
    w = n.weights(0)[0]
    n.inject(0, 0)
    n.inject(1, 0)
    n.step()  # pre and post together: depression reads y before the post event (y =
    # 8192 -> Q = 16384), then potentiation with x = 65536: P = 4 whole steps
    key5 = prng.next32()  # one key for the step: depression slot 0, potentiation slot 1
    assert n.weights(0) == [w + sr.round_u(-16384, row_draw_scalar(key5, 0)) + 4]
    assert n.prng.s == prng.s
    assert n.counters["plasticity_updates"] == 4


def test_row_draws_are_uniform_and_match_a_scalar_transcription():
    """row_draw (section 11.1): for a key, the draws of 2^17 slots fall evenly into 64
    bins of the 16-bit range (chi-square with 63 degrees of freedom below 120, where
    uniform draws exceed 120 with probability ~1e-5), consecutive slots are uncorrelated,
    and the vectorized reference equals the scalar formula."""
    slots = np.arange(2**17, dtype=np.int64)
    for key in (0, 1, 0xDEADBEEF, 0xFFFFFFFF):
        u = sr.row_draw(key, slots)
        assert u.min() >= 0 and u.max() < 65536
        counts = np.bincount(u >> 10, minlength=64)
        expected = len(slots) / 64
        chi2 = float(((counts - expected) ** 2 / expected).sum())
        assert chi2 < 120, (key, chi2)
        c = np.corrcoef(u[:-1], u[1:])[0, 1]
        assert abs(c) < 0.02, (key, c)
        for s in (0, 1, 2, 12345, 2**17 - 1):
            assert int(u[s]) == row_draw_scalar(key, s)


def test_rstdp_eligibility_stamps_and_reward_by_hand():
    pops = [pop(2, "input"), pop(1, "input"),
            pop(1, "lif", threshold=1000, beta=0, reset="zero", reset_timing="immediate")]
    projs = [proj(0, 2, "dense", [5, -5]), proj(1, 2, "one_to_one", [127], shift=10)]
    r = rule(0, "rstdp_nearest", a_plus=3 * 65536, a_minus=65536, decay_pre=32768,
             decay_post=32768, learning_rate=2 * 65536, decay_elig=49152)
    n = pnet(pops, projs, [r], power=dict(mode="normal", fold=4, threshold_scale=65536))
    n.inject(0, 0)
    n.step()  # t = 0
    n.inject(1, 0)
    n.step()  # t = 1: post; synapse 0 (x0 = 32768): e = 3 * 32768, stamp 1; synapse 1 no
    R = n.rules[0]
    assert R.e.tolist() == [98304, 0] and R.stamp.tolist() == [1, 0]
    assert n.weights(0) == [5, -5]  # R-STDP never moves weights in phase 3
    n.set_power("low", 4)
    n.step()  # t = 2 (a LOW step: t -> 6); no events, nothing touched
    assert n.t == 6 and R.stamp.tolist() == [1, 0]
    n.reward(65536)  # t = 6: e0 -> decay(98304, 0.75^5), g = 2.0
    e0 = sr.decay(98304, sr.pow_q16(49152, 5))
    prng = sr.Xoshiro128ss(0)
    u0 = row_draw_scalar(prng.next32(), 0)  # one key per reward, row 0's draw
    assert R.e.tolist() == [e0, 0] and R.stamp.tolist() == [6, 6]
    g = 2 * 65536
    assert n.weights(0) == [5 + sr.round_u((g * e0) >> 16, u0), -5]
    assert n.counters["plasticity_updates"] == 1 + 2
    assert n.prng.s == prng.s
    # a disabled rule ignores rewards; traces stay frozen
    n.set_learning(0, 0)
    x_before = R.x.tolist()
    n.reward(65536)
    n.step()
    assert R.x.tolist() == x_before and n.prng.s == prng.s
    assert n.counters["plasticity_updates"] == 3


def test_normalization_by_hand():
    pops = [pop(3, "input"), pop(2, "input"),
            pop(2, "lif", threshold=10**6, beta=0)]
    w = [10, 20, 30, 40, 50, 0]
    projs = [proj(0, 2, "dense", w), proj(1, 2, "one_to_one", [127, 127], shift=24)]
    n = pnet(pops, projs, [rule(0, norm_target=45, decay_pre=0, decay_post=0)])
    n.pops[2].threshold = 100
    n.inject(1, 0)
    n.inject(1, 1)
    n.step()  # both post spike; no trace anywhere: only normalization
    # column 0: 10 + 30 + 50 = 90 -> m = 32768: 5, 15, 25; column 1: 20 + 40 + 0 = 60 ->
    # m = floor(45 * 65536 / 60) = 49152: 15, 30, 0
    assert n.weights(0) == [5, 15, 15, 30, 25, 0]
    assert n.counters["plasticity_updates"] == 6  # two columns of n_src = 3


def test_hash_item6_layout_by_hand():
    pops = [pop(2, "input"), pop(1, "lif", threshold=10)]
    projs = [proj(0, 1, "dense", [100, -3], shift=2)]
    pops2 = pops + [pop(2, "lif", threshold=10)]
    projs2 = projs + [proj(0, 2, "sparse", [7, 8, 9], row_ptr=[0, 1, 3], col=[1, 0, 1])]
    rules = [rule(1, "rstdp_all", a_plus=65536, decay_pre=32768, decay_post=32768,
                  decay_elig=60000), rule(0, decay_pre=40000)]
    n = pnet(pops2, projs2, rules)
    n.inject(0, 1)
    n.step()
    n.inject(0, 0)
    n.step()
    R1, R0 = n.rules
    assert R1.projection == 1 and R0.projection == 0
    le = lambda v: int(v).to_bytes(4, "little", signed=True)  # noqa: E731
    tail = b"".join(le(v) for v in R1.x.tolist() + R1.y.tolist() + R1.e.tolist())
    tail += b"".join(int(v).to_bytes(4, "little") for v in R1.stamp.tolist())
    tail += b"".join(le(v) for v in R0.x.tolist() + R0.y.tolist())
    data = n.state_bytes()
    assert data.endswith(tail)
    assert data[:-len(tail)].endswith(bytes([100, 0xFD, 7, 8, 9]))
    assert len(R1.e) == 3 and any(R1.x) and any(R0.x)


def test_reset_clears_traces_keeps_configuration():
    pops = [pop(2, "input"), pop(2, "lif", threshold=10, beta=0)]
    projs = [proj(0, 1, "dense", [20, 20, 20, 20], shift=2)]
    n = pnet(pops, projs, [rule(0, "rstdp_all", a_plus=65536, decay_pre=60000,
                                decay_post=60000, decay_elig=60000)])
    for _ in range(3):
        n.inject(0, 0)
        n.step()
    n.set_param(0, "learning_rate", 20 * 65536)
    n.reward(65536)
    learned = n.weights(0)
    assert learned != [20, 20, 20, 20]
    n.set_param(0, "a_minus", 1234)
    n.set_learning(0, 0)
    n.set_power("low", 7)
    n.set_threshold_scale(99999)
    R = n.rules[0]
    assert R.x.any() and R.y.any() and R.e.any() and R.stamp.any()
    n.reset()
    assert not (R.x.any() or R.y.any() or R.e.any() or R.stamp.any())
    assert R.a_minus == 1234 and not R.enabled
    # section 8 lists what reset restores and what it keeps; the weights are in neither
    # list. The reference reads the list literally: learned weights survive a reset.
    assert n.weights(0) == learned
    assert (n.mode, n.fold, n.threshold_scale) == (sr.LOW, 7, 99999)
    assert n.t == 0 and n.h == 0 and all(v == 0 for v in n.counters.values())


@pytest.mark.parametrize("mutate,pattern", [
    (lambda s: s["plasticity"].append(rule(0)), r"already has rule"),
    (lambda s: s["plasticity"][0].update(projection=2), r"CONV2D"),
    (lambda s: s["plasticity"][0].update(projection=3), r"projection=3"),
    (lambda s: s["plasticity"][0].update(rule="stdp"), r"rule"),
    (lambda s: s["plasticity"][0].update(a_plus=2**24 + 1), r"a_plus"),
    (lambda s: s["plasticity"][0].update(a_minus=-1), r"a_minus"),
    (lambda s: s["plasticity"][0].update(decay_pre=65537), r"decay_pre"),
    (lambda s: s["plasticity"][0].update(decay_elig=-1), r"decay_elig"),
    (lambda s: s["plasticity"][0].update(w_min=5, w_max=4), r"w_min=5 > w_max=4"),
    (lambda s: s["plasticity"][0].update(w_max=128), r"w_max"),
    (lambda s: s["plasticity"][0].update(learning_rate=2**24 + 1), r"learning_rate"),
    (lambda s: s["plasticity"][0].update(norm_target=2**23 + 1), r"norm_target"),
    (lambda s: s["plasticity"][0].update(rule="rstdp_all", norm_target=5), r"norm_target"),
    (lambda s: s["plasticity"][0].update(projection=1, norm_target=5), r"norm_target"),
    (lambda s: s["plasticity"][0].update(bounds="clamp"), r"bounds"),
    (lambda s: s["plasticity"][0].update(colour=1), r"unknown field"),
    (lambda s: s.update(power=dict(mode="low", fold=1, threshold_scale=65536)), r"fold"),
    (lambda s: s.update(power=dict(mode="eco", fold=2, threshold_scale=65536)), r"mode"),
])
def test_plasticity_validation_errors(mutate, pattern):
    spec = dict(seed=1, populations=[pop(4, "input"), pop(4, "lif")],
                projections=[proj(0, 1, "dense", [1] * 16), proj(0, 1, "one_to_one", [1] * 4),
                             proj(0, 1, "conv2d", [1], conv=dict(
                                 in_h=4, in_w=1, in_c=1, out_c=1, k_h=1, k_w=1, stride_h=1,
                                 stride_w=1, pad_h=0, pad_w=0))],
                plasticity=[rule(0, norm_target=10)])
    sr.Network(json.loads(json.dumps(spec)))
    mutate(spec)
    with pytest.raises(ValueError, match=pattern):
        sr.Network(spec)


def test_runtime_param_changes_are_validated():
    n = pnet([pop(2, "input"), pop(2, "lif")], [proj(0, 1, "sparse", [1, 2], row_ptr=[0, 1, 2],
                                                     col=[0, 1])], [rule(0)])
    with pytest.raises(ValueError, match="norm_target"):
        n.set_param(0, "norm_target", 3)  # SPARSE
    with pytest.raises(ValueError, match="w_min"):
        n.set_param(0, "w_min", 127)  # w_max is 127: fine
        n.set_param(0, "w_max", 0)
    assert n.rules[0].w_min == 127 and n.rules[0].w_max == 127
    with pytest.raises(ValueError, match="not a changeable"):
        n.set_param(0, "rule", 1)
    with pytest.raises(ValueError):
        n.set_param(1, "a_plus", 1)


def test_plasticity_matches_a_per_synapse_loop():
    import fuzz
    learned = 0
    for seed in range(50):
        case = fuzz.random_case(3000 + seed, extras=True, ticks=25)
        got = sr.run_case(case)
        assert got == run_with_loop_rules(case), seed
        learned += got["counters"]["plasticity_updates"]
    assert learned > 1000
    for name, case in golden_cases():
        if case.get("plasticity"):
            assert run_with_loop_rules(case) == case["expected"], name


def test_stdp_pair_protocol_mean_weight_change():
    """Many independent pre/post pairs (ONE_TO_ONE), additive nearest STDP, dt = -50..50:
    the mean weight change at dt is A+ lambda^dt / 2^16 steps (dt >= 0) or
    -A- lambda^|dt| / 2^16 (dt < 0), computed with the reference's integer traces."""
    N, T0 = 48, 60
    dts = list(range(-50, 51))
    n_pairs = len(dts) * N
    lam = int(round(np.exp(-1 / 15) * 65536))
    A = 20 * 65536
    pops = [pop(n_pairs, "input"), pop(n_pairs, "input"),
            pop(n_pairs, "lif", threshold=1000, beta=0, reset="zero",
                reset_timing="immediate")]
    projs = [proj(0, 2, "one_to_one", [0] * n_pairs),
             proj(1, 2, "one_to_one", [127] * n_pairs, shift=10)]
    n = pnet(pops, projs, [rule(0, a_plus=A, a_minus=A, decay_pre=lam, decay_post=lam)],
             seed=77)
    for s in range(T0 + 52):
        if s == T0:
            for k in range(n_pairs):
                n.inject(0, k)
        for d_idx, dt in enumerate(dts):
            if s == T0 + dt:
                for r in range(N):
                    n.inject(1, d_idx * N + r)
        n.step()
    dw = np.array(n.weights(0)).reshape(len(dts), N)
    trace = [65536]
    for _ in range(50):
        trace.append(sr.decay(trace[-1], lam))
    for d_idx, dt in enumerate(dts):
        P = (A * trace[abs(dt)]) >> 16
        want = P / 65536 if dt >= 0 else -P / 65536
        lo = int(np.floor(want))
        assert set(dw[d_idx].tolist()) <= {lo, lo + 1}, (dt, dw[d_idx])
        assert abs(dw[d_idx].mean() - want) <= 0.3, (dt, dw[d_idx].mean(), want)
        assert abs(want - np.sign(dt + 0.5) * 20 * (lam / 65536) ** abs(dt)) < 0.01
