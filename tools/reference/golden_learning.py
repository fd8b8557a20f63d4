"""Golden scenarios of plasticity (SEMANTICS.md 11): pair STDP with both pairings and
bounds, R-STDP, normalization, homeostasis with winner-take-all. Each registers checks
(Case.check) that fail loudly if the scenario stops exercising what its name says.
"""

import zlib

import numpy as np

from goldencase import Case, expect_learning, scenario, tau_decay, weights_of


def _stdp_basic(rule, bounds):
    kind = "nearest" if rule == "stdp_nearest" else "all"
    name = f"stdp_{kind}_{bounds}"
    c = Case(name, f"Pair STDP, {kind} pairing ({rule.upper()}), {bounds.upper()} bounds: 16 "
             f"Bernoulli inputs -> 8 LIF (dense, D = 0, plastic) -> 4 LIF (dense, D = 2, "
             f"plastic), plus a fixed dense input -> output projection with D = 3; input "
             f"rates change at step 100.", 200, 0x500 + zlib.crc32(name.encode()) % 256)
    i = c.pop(16, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(3000, 14000, 16, endpoint=True))
    c.rate_values(e, 100, c.rng.integers(1000, 16000, 16, endpoint=True))
    h = c.pop(8, "lif", threshold=24000, beta=58982, refractory=1)
    o = c.pop(4, "lif", threshold=30000, beta=58982)
    p0 = c.dense(i, h, lo=0, hi=90, shift=6)
    p1 = c.dense(h, o, lo=0, hi=90, delay=2, shift=6)
    c.dense(i, o, lo=-40, hi=40, delay=3, shift=5)
    c.rule(p0, rule, a_plus=98304, a_minus=120000, decay_pre=tau_decay(8),
           decay_post=tau_decay(10), w_min=-20, w_max=110, bounds=bounds)
    c.rule(p1, rule, a_plus=131072, a_minus=150000, decay_pre=tau_decay(6),
           decay_post=tau_decay(6), w_min=0, w_max=100, bounds=bounds)
    c.decoder(h, "count")
    c.decoder(o, "count")
    expect_learning(c, 10)

    @c.check
    def _draws(net, exp, trace):
        assert net.stats["plasticity_draws"] > 100, net.stats
        # both signs of change on the input projection
        w0 = np.array(weights_of(c, p0))
        w1 = np.array(exp["weights"][str(p0)])
        assert (w1 > w0).any() and (w1 < w0).any(), name
    return c


for _rule in ("stdp_nearest", "stdp_all"):
    for _b in ("hard", "soft"):
        scenario((lambda r, b: (lambda: _stdp_basic(r, b)))(_rule, _b))


@scenario
def stdp_busy_out_of_bounds():
    """Most targets fire every step (the runtime's masked-row potentiation), and the
    initial weights lie partly outside [w_min, w_max]: a rounded change of 0 must leave
    such a weight alone, a nonzero one clamps it (SEMANTICS.md 11.1, apply)."""
    name = "stdp_busy_out_of_bounds"
    c = Case(name, "Pair STDP (nearest, HARD) on a busy 24 -> 48 dense projection whose "
             "initial weights span -128..127 while the bounds are -30..60; small amplitudes "
             "so that many rounded changes are 0.", 120, 0x77)
    i = c.pop(24, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(20000, 40000, 24, endpoint=True))
    h = c.pop(48, "lif", threshold=8000, beta=40000)
    p0 = c.dense(i, h, lo=-128, hi=127, shift=6)
    c.rule(p0, "stdp_nearest", a_plus=20000, a_minus=24000, decay_pre=tau_decay(5),
           decay_post=tau_decay(5), w_min=-30, w_max=60, bounds="hard")
    c.decoder(h, "count")
    expect_learning(c, 10)

    @c.check
    def _busy(net, exp, trace):
        assert net.stats["clamp_out_of_bounds"] > 0, net.stats
        w0 = np.array(weights_of(c, p0))
        w1 = np.array(exp["weights"][str(p0)])
        outside = (w0 < -30) | (w0 > 60)
        # some out-of-bounds weights were clamped, some were left alone
        assert (outside & (w1 == w0)).any() and (outside & (w1 != w0)).any(), name
        spikes = [s for s in exp["spikes"] if s[1] == h]
        assert len(spikes) > 120 * 48 // 3, len(spikes)
    return c


@scenario
def stdp_sparse_one_to_one():
    c = Case("stdp_sparse_one_to_one", "STDP on a SPARSE projection (D = 1, rows of length "
             "0..7, empty rows still draw on depression) and on a ONE_TO_ONE projection "
             "(D = 2, all-to-all, SOFT) into the same 12 LIF; the rules are listed in reverse "
             "projection order (phase 3 runs in projection order, the hash in rule order); "
             "a plastic ONE_TO_ONE hidden -> output with D = 0.", 160, 0x601)
    i = c.pop(12, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(4000, 16000, 12, endpoint=True))
    h = c.pop(12, "lif", threshold=9000, beta=58000, refractory=1)
    lengths = [3, 0, 5, 2, 7, 0, 4, 1, 6, 3, 0, 2]
    rows = []
    for L in lengths:
        cols = sorted(c.rng.choice(12, L, replace=False).tolist())
        rows.append([(cc, int(c.rng.integers(10, 81))) for cc in cols])
    p0 = c.sparse(i, h, rows, delay=1, shift=6)
    p1 = c.one_to_one(i, h, c.rng.integers(20, 71, 12), delay=2, shift=6)
    o = c.pop(12, "lif", threshold=12000, beta=60000)
    p2 = c.one_to_one(h, o, c.rng.integers(60, 121, 12), shift=6)
    c.rule(p1, "stdp_all", a_plus=131072, a_minus=98304, decay_pre=tau_decay(5),
           decay_post=tau_decay(7), w_min=0, w_max=127, bounds="soft")
    c.rule(p0, "stdp_nearest", a_plus=98304, a_minus=131072, decay_pre=tau_decay(10),
           decay_post=tau_decay(10), w_min=-10, w_max=100, bounds="hard")
    c.rule(p2, "stdp_nearest", a_plus=65536, a_minus=65536, decay_pre=tau_decay(4),
           decay_post=tau_decay(4), w_min=0, w_max=127, bounds="hard")
    c.decoder(h, "count")
    c.decoder(o, "count")
    expect_learning(c, 3)
    return c


def _rewards(c, schedule):
    for s, r in schedule:
        c.action(s, "reward", r)


def _expect_rewards_changed_weights(c, proj):
    """Some reward moved weights of the R-STDP projection proj (phase 3 never moves them),
    and eligibility was nonzero at some step."""
    name = c.d["name"]
    steps = sorted({a[0] for a in c.d["inputs"]["actions"] if a[1] == "reward"})

    @c.check
    def _rewarded(net, exp, trace):
        moved = 0
        for s in steps:
            if s >= 1:
                moved += sum(a != b for a, b in zip(trace[s - 1]["w"][proj],
                                                    trace[s]["w"][proj]))
        assert moved > 0, (name, "no reward moved a weight")
        assert any(row["e_nonzero"] for row in trace), name
        for s in range(1, len(trace)):
            if s not in steps:
                assert trace[s]["w"][proj] == trace[s - 1]["w"][proj], (name, s)


@scenario
def rstdp_nearest():
    c = Case("rstdp_nearest", "R-STDP (nearest pairs, HARD): 10 Bernoulli inputs -> 6 LIF "
             "(dense, D = 1) -> 3 LIF (dense, D = 0); lazy eligibility with per-synapse "
             "stamps, rewards of both signs at several steps (weights move only on "
             "rewards).", 200, 0x602)
    i = c.pop(10, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(5000, 15000, 10, endpoint=True))
    h = c.pop(6, "lif", threshold=16000, beta=58982)
    o = c.pop(3, "lif", threshold=30000, beta=58982)
    p0 = c.dense(i, h, lo=0, hi=80, delay=1, shift=6)
    p1 = c.dense(h, o, lo=0, hi=100, shift=6)
    c.rule(p0, "rstdp_nearest", a_plus=131072, a_minus=144179, decay_pre=tau_decay(10),
           decay_post=tau_decay(10), w_min=-40, w_max=120, learning_rate=65536,
           decay_elig=tau_decay(40))
    c.rule(p1, "rstdp_nearest", a_plus=98304, a_minus=98304, decay_pre=tau_decay(8),
           decay_post=tau_decay(8), w_min=-20, w_max=127, learning_rate=98304,
           decay_elig=tau_decay(25))
    _rewards(c, [(25, 65536), (50, -49152), (80, 131072), (81, 131072), (110, -65536),
                 (140, 30000), (170, -100000), (199, 65536)])
    c.decoder(o, "count")
    expect_learning(c, 5)
    _expect_rewards_changed_weights(c, p0)
    return c


@scenario
def rstdp_all_soft():
    c = Case("rstdp_all_soft", "R-STDP with all-to-all traces and SOFT bounds: 8 Bernoulli "
             "inputs -> 6 LIF (dense, D = 0) -> 6 LIF (ONE_TO_ONE, D = 3); positive and "
             "negative rewards.", 180, 0x603)
    i = c.pop(8, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(6000, 18000, 8, endpoint=True))
    h = c.pop(6, "lif", threshold=18000, beta=58982)
    o = c.pop(6, "lif", threshold=4000, beta=58982)
    p0 = c.dense(i, h, lo=0, hi=90, shift=6)
    p1 = c.one_to_one(h, o, c.rng.integers(40, 101, 6), delay=3, shift=6)
    c.rule(p0, "rstdp_all", a_plus=131072, a_minus=131072, decay_pre=tau_decay(6),
           decay_post=tau_decay(8), w_min=-64, w_max=127, bounds="soft",
           learning_rate=65536, decay_elig=tau_decay(30))
    c.rule(p1, "rstdp_all", a_plus=196608, a_minus=131072, decay_pre=tau_decay(6),
           decay_post=tau_decay(6), w_min=0, w_max=127, bounds="soft",
           learning_rate=131072, decay_elig=tau_decay(50))
    _rewards(c, [(30, 65536), (60, -65536), (90, 98304), (120, -32768), (150, 131072),
                 (179, -65536)])
    c.decoder(o, "count")
    expect_learning(c, 5)
    _expect_rewards_changed_weights(c, p0)
    return c


@scenario
def stdp_normalization():
    N = 250
    c = Case("stdp_normalization", f"STDP (nearest, HARD) with normalization on a dense "
             f"12 -> 6 projection: after every post spike the column's weights are scaled "
             f"to sum ~ {N}.", 150, 0x604)
    i = c.pop(12, "input")
    e = c.encoder(i, "rate")
    c.rate_values(e, 0, c.rng.integers(4000, 16000, 12, endpoint=True))
    o = c.pop(6, "lif", threshold=9000, beta=58982)
    p0 = c.dense(i, o, lo=0, hi=60, shift=6)
    c.rule(p0, "stdp_nearest", a_plus=131072, a_minus=98304, decay_pre=tau_decay(8),
           decay_post=tau_decay(8), w_min=0, w_max=127, norm_target=N)
    c.decoder(o, "count")
    expect_learning(c, 10)

    @c.check
    def _normalized(net, exp, trace):
        cols = 0
        for row in trace:
            W = np.array(row["w"][p0]).reshape(12, 6)
            for j in row["post"][o]:
                S = int(W[:, j].sum())
                assert abs(S - N) <= 12, ("stdp_normalization", S)
                cols += 1
        assert cols > 20, cols
    return c


@scenario
def homeostasis_alif_wta():
    c = Case("homeostasis_alif_wta", "Homeostasis and competition: two input patterns "
             "(channels 0-7 vs 8-15, alternating every 50 steps) -> 8 ALIF (adapt_inc 3000, "
             "slow adaptation decay tau 200) through a plastic dense projection (STDP "
             "nearest, normalization to 480 per neuron); winner-take-all by a recurrent "
             "self-projection with weight -100 off the diagonal, delay 1.", 300, 0x605)
    i = c.pop(16, "input")
    e = c.encoder(i, "rate")
    a = c.pop(8, "alif", threshold=6000, beta=60000, adapt_inc=3000,
              adapt_decay=tau_decay(200), refractory=1)
    p0 = c.dense(i, a, lo=10, hi=50, shift=6)
    inh = np.full((8, 8), -100)
    np.fill_diagonal(inh, 0)
    c.dense(a, a, w=inh, delay=1, shift=6)
    c.rule(p0, "stdp_nearest", a_plus=131072, a_minus=110000, decay_pre=tau_decay(10),
           decay_post=tau_decay(10), w_min=0, w_max=127, norm_target=480)
    for s in range(0, 300, 50):
        hi = (s // 50) % 2 == 0
        c.rate_values(e, s, [20000 if (k < 8) == hi else 1500 for k in range(16)])
    c.decoder(a, "count")
    expect_learning(c, 20)

    @c.check
    def _adapt_and_inhibit(net, exp, trace):
        assert max(row["alif_a_max"] for row in trace) > 3000
        n_spk = [len(row["post"][a]) for row in trace]
        assert sum(n_spk) > 100, n_spk
        # lateral inhibition (D = 1): a step with ALIF spikes is followed by a silent one
        both = sum(1 for s in range(299) if n_spk[s] and n_spk[s + 1])
        assert both <= 5, (both, n_spk)
    return c
