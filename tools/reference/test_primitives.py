"""Section 1 (decay, saturation, wrapping, shifts, Q16 powers, unbiased rounding), 7 (the
PRNG) and 8 (the hash) of docs/SEMANTICS.md against hand-worked and published values.

Run with: python3 -m pytest tools/reference -q
"""

import numpy as np
import pytest

import spikeref as sr
from looprules import pow_q16_loop
from netspec import net, pop, proj

I32_MIN, I32_MAX = -(2**31), 2**31 - 1


# ---------------------------------------------------------------- section 1 primitives

def test_decay_hand_values():
    assert sr.decay(-3, 32768) == -1  # -1.5 toward zero
    assert sr.decay(3, 32768) == 1
    assert sr.decay(-1, 65535) == 0  # toward -inf would give -1
    assert sr.decay(1, 65535) == 0
    assert sr.decay(100, 65536) == 100
    assert sr.decay(-100, 0) == 0
    assert sr.decay(I32_MIN, 65536) == I32_MIN
    assert sr.decay(I32_MAX, 65536) == I32_MAX
    assert sr.decay(I32_MIN, 65535) == -2147450880  # -(2^31 - 2^15)
    assert sr.decay(-65536 * 7 - 1, 32768) == -(65536 * 7 // 2)  # -229376.5 -> -229376


def test_decay_array_matches_scalar_and_shrinks():
    rng = np.random.default_rng(1)
    x = rng.integers(I32_MIN, I32_MAX, 2000, endpoint=True)
    x[:4] = [I32_MIN, I32_MAX, -1, 1]
    for m in (0, 1, 32768, 60000, 65535, 65536):
        got = sr.decay(x, m)
        want = [int(np.sign(v * m)) * (abs(int(v) * m) // 65536) for v in x]
        assert got.tolist() == want
        if m < 65536:
            nz = x != 0
            assert np.all(np.abs(got[nz]) < np.abs(x[nz]))


def test_sat_wrap_shift():
    assert sr.sat32(2**40) == I32_MAX and sr.sat32(-(2**40)) == I32_MIN
    assert sr.sat32(5) == 5
    assert sr.sat32(np.array([2**31, -(2**31) - 1, 7])).tolist() == [I32_MAX, I32_MIN, 7]
    assert sr.wrap32(2**31) == I32_MIN and sr.wrap32(-(2**31) - 1) == I32_MAX
    assert sr.wrap32(np.array([2**32 + 5, -1])).tolist() == [5, -1]
    assert sr.floor_shr(-3, 1) == -2 and sr.floor_shr(3, 1) == 1
    assert sr.floor_shr(np.array([-1, -65537]), 16).tolist() == [-1, -2]


# ---------------------------------------------------------------- section 7 PRNG

def test_splitmix64_published_vector():
    x, z0 = sr.splitmix64(0)
    x, z1 = sr.splitmix64(x)
    assert (z0, z1) == (0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4)


def _xoshiro_straightforward(seed, count):
    """Independent straightforward version with numpy uint32 words (wrapping)."""
    def sm(x):
        x = (x + 0x9E3779B97F4A7C15) % 2**64
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % 2**64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % 2**64
        return x, z ^ (z >> 31)

    x, z0 = sm(seed)
    x, z1 = sm(x)
    s = np.array([z0 % 2**32, z0 // 2**32, z1 % 2**32, z1 // 2**32], dtype=np.uint32)
    out = []
    with np.errstate(over="ignore"):
        for _ in range(count):
            m = s[1] * np.uint32(5)
            rot = (m << np.uint32(7)) | (m >> np.uint32(25))
            out.append(int(rot * np.uint32(9)))
            t = s[1] << np.uint32(9)
            s[2] ^= s[0]
            s[3] ^= s[1]
            s[1] ^= s[2]
            s[0] ^= s[3]
            s[2] ^= t
            s[3] = (s[3] << np.uint32(11)) | (s[3] >> np.uint32(21))
    return out


def test_xoshiro128ss_first_outputs():
    # outputs of the reference C code of xoshiro128** seeded as in section 7
    p = sr.Xoshiro128ss(0)
    assert p.s == [0x7B1DCDAF, 0xE220A839, 0xA1B965F4, 0x6E789E6A]
    assert [p.next32() for _ in range(6)] == [
        0xDEC9045D, 0x9A089D75, 0xAB77D362, 0xC3E16405, 0x5C95A8DA, 0x60DEA056]
    p = sr.Xoshiro128ss(42)
    assert [p.next32() for _ in range(3)] == [0x69E85A2A, 0xF843FAD0, 0x0105185F]
    for seed in (0, 1, 42, 2**64 - 1, 0x0123456789ABCDEF):
        p = sr.Xoshiro128ss(seed)
        assert [p.next32() for _ in range(50)] == _xoshiro_straightforward(seed, 50)


# ---------------------------------------------------------------- section 8 hash

def test_fnv1a_published_vectors():
    assert sr.fnv1a64(b"") == 0xCBF29CE484222325
    assert sr.fnv1a64(b"a") == 0xAF63DC4C8601EC8C
    assert sr.fnv1a64(b"foobar") == 0x85944171F73967E8


def test_hash_byte_layout_by_hand():
    n = net([pop(2, "input"), pop(2, "cuba", v_init=-5), pop(1, "izh", v_init=-16640,
                                                           izh_b=13107)],
            [proj(0, 1, "one_to_one", [3, -4], delay=2)],
            [dict(population=0, kind="latency", param=10)], seed=7)
    le = lambda v, k=4: int(v).to_bytes(k, "little", signed=True)  # noqa: E731
    prng = sr.Xoshiro128ss(7)
    b = le(0, 8) + b"".join(int(w).to_bytes(4, "little") for w in prng.s)
    b += le(0) + le(0)  # input s
    b += b"\x00\x00" * 2  # input history H = 2
    b += (le(-5) + le(0) + le(0) + le(0)) * 2  # cuba v, i_syn, ref, s
    b += le(-16640) + le(-3328) + le(0) + le(0)  # izh v, u = floor(13107*-16640/2^16)
    b += le(0) + le(0)  # latency held values x
    b += le(-1) + le(-1)  # latency c
    b += bytes([3, 0xFC])  # weights
    assert n.state_bytes() == b
    assert n.state_hash() == sr.fnv1a64(b)


# ---------------------------------------------------------------- section 1: pow_q16, round_u

def test_pow_q16_exact_edges():
    for m in (0, 1, 2, 255, 32768, 60000, 65535, 65536):
        assert sr.pow_q16(m, 0) == 65536
        assert sr.pow_q16(m, 1) == m
    for n in (1, 2, 3, 17, 2**31, 2**32 - 1):
        assert sr.pow_q16(65536, n) == 65536
        assert sr.pow_q16(0, n) == 0
    assert sr.pow_q16(32768, 2) == 16384
    assert sr.pow_q16(32768, 16) == 1  # 2^-16
    assert sr.pow_q16(32768, 17) == 0
    assert sr.pow_q16(65535, 2) == 65534  # floor(65535^2 / 2^16)
    assert sr.pow_q16(65535, 2**32 - 1) == 0
    # n = 3: r = m first (n odd), then b = m^2 and r = r*b
    assert sr.pow_q16(60000, 3) == (60000 * ((60000 * 60000) >> 16)) >> 16
    with pytest.raises(ValueError):
        sr.pow_q16(60000, -1)


def test_pow_q16_against_the_loop_and_math():
    rng = np.random.default_rng(11)
    ms = [0, 1, 100, 30000, 32768, 50000, 60000, 62259, 64000, 65000, 65535, 65536]
    ms += rng.integers(0, 65537, 40).tolist()
    ns = list(range(0, 70)) + [100, 255, 256, 1000, 4095] + rng.integers(0, 3000, 20).tolist()
    arr = np.array(ns, dtype=np.int64)
    worst = 0.0
    for m in ms:
        got = sr.pow_q16(m, arr).tolist()  # the vectorized path
        for n, g in zip(ns, got):
            assert g == sr.pow_q16(m, n) == pow_q16_loop(m, n), (m, n)
            assert 0 <= g <= 65536
            exact = 65536 * (m / 65536) ** n
            # each of the <= 2*bitlen(n) floors loses < 1 unit, and a squaring at most
            # doubles the error already in b: the result is below the exact value by
            # less than n + 2*bitlen(n) units and never above it
            assert exact - (n + 2 * n.bit_length()) - 1e-6 <= g <= exact + 1e-6, (m, n, g, exact)
            worst = max(worst, exact - g)
    assert worst > 1  # the tolerance is not vacuous: rounding errors do show


def test_round_u_is_unbiased_over_all_draws():
    u = np.arange(65536, dtype=np.int64)
    for q in (0, 1, -1, 65535, 65536, 65537, -65536, -65537, 3 * 65536 + 12345,
              -(3 * 65536 + 12345), 2**40 + 7, -(2**40) - 7, 32768, -32768):
        got = sr.round_u(np.full(65536, q, dtype=np.int64), u)
        assert int(got.sum()) == q, q  # mean over u is exactly q / 2^16
        lo = q >> 16
        assert set(got.tolist()) <= {lo, lo + 1}
        assert int((got == lo + 1).sum()) == q % 65536
        # scalar path agrees
        for uu in (0, 1, q % 65536 - 1, q % 65536, 65535):
            if 0 <= uu < 65536:
                assert sr.round_u(q, uu) == int(got[uu])
