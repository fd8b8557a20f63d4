"""Straightforward transcriptions of docs/SEMANTICS.md for the reference's tests to compare
the vectorized code with: the section 1 power loop, and section 11's learning rules
synapse by synapse (one python int at a time, PRNG draws in the order the page gives)."""

import numpy as np

import spikeref as sr
from netspec import net

I32_MIN, I32_MAX = -(2**31), 2**31 - 1


def pow_q16_loop(m, n):
    """Independent transcription of the section 1 loop."""
    r, b = 65536, m
    while n > 0:
        if n % 2 == 1:
            r = (r * b) // 65536
        n //= 2
        if n > 0:
            b = (b * b) // 65536
    return r


def _loop_rows(rule_obj):
    q = rule_obj.proj
    rows = []
    for i in range(q.n_src):
        if q.kind == sr.DENSE:
            rows.append([(i * q.n_tgt + j, j) for j in range(q.n_tgt)])
        elif q.kind == sr.SPARSE:
            rows.append([(k, int(q.col[k])) for k in range(int(q.row_ptr[i]),
                                                            int(q.row_ptr[i + 1]))])
        else:
            rows.append([(i, i)])
    return rows


def _dec(x, m):
    p = x * m
    return p // 65536 if p >= 0 else -((-p) // 65536)


def _sat(x):
    return max(min(x, I32_MAX), I32_MIN)


def _ru(q, u):
    return q // 65536 + (1 if u < q % 65536 else 0)


def row_draw_scalar(key, slot):
    """row_draw of section 11.1 with python ints (MurmurHash3's fmix32)."""
    h = (key ^ (slot * 0x9E3779B9)) % 2**32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) % 2**32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) % 2**32
    h ^= h >> 16
    return h >> 16


def _loop_phase3(self, net, pre, post_s, t, k):
    """Section 11.2 transcribed synapse by synapse with python ints."""
    P = self.params
    rstdp = self.rule in (sr.RSTDP_NEAREST, sr.RSTDP_ALL)
    key = None
    if not rstdp and (len(pre) > 0 or any(int(v) for v in post_s)):
        key = net.prng.next32()
    rows = _loop_rows(self)
    w = [int(v) for v in self.proj.w]
    x = [_dec(int(v), pow_q16_loop(P["decay_pre"], k)) for v in self.x]
    y = [_dec(int(v), pow_q16_loop(P["decay_post"], k)) for v in self.y]
    e = [int(v) for v in self.e]
    st = [int(v) for v in self.stamp]
    nearest = self.rule in (sr.STDP_NEAREST, sr.RSTDP_NEAREST)
    soft = P["bounds"] == sr.SOFT
    clamp = lambda v: min(max(v, P["w_min"]), P["w_max"])  # noqa: E731
    apply = lambda w, c: w if c == 0 else clamp(w + c)  # noqa: E731  (SEMANTICS 11.1)

    def elig(s):
        v = _dec(e[s], pow_q16_loop(P["decay_elig"], (t - st[s]) % 2**32))
        st[s] = t % 2**32
        return v

    for i in [int(v) for v in pre]:
        x[i] = 65536 if nearest else _sat(x[i] + 65536)
        if any(v != 0 for v in y):
            u = None if rstdp else row_draw_scalar(key, 2 * i)
            for s, j in rows[i]:
                Q = (P["a_minus"] * y[j]) >> 16
                if soft:
                    Q = (Q * max(w[s] - P["w_min"], 0)) >> 7
                if rstdp:
                    e[s] = _sat(elig(s) - Q)
                else:
                    w[s] = apply(w[s], _ru(-Q, u))
                net.plasticity_updates += 1
    post = [j for j in range(len(post_s)) if post_s[j]]
    for j in post:
        y[j] = 65536 if nearest else _sat(y[j] + 65536)
    if post:
        for i in range(len(x)):
            if x[i] == 0:
                continue
            u = None if rstdp else row_draw_scalar(key, 2 * i + 1)
            for s, j in rows[i]:
                if not post_s[j]:
                    continue
                Pp = (P["a_plus"] * x[i]) >> 16
                if soft:
                    Pp = (Pp * max(P["w_max"] - w[s], 0)) >> 7
                if rstdp:
                    e[s] = _sat(elig(s) + Pp)
                else:
                    w[s] = apply(w[s], _ru(Pp, u))
                net.plasticity_updates += 1
        if P["norm_target"] > 0:
            n_tgt = self.proj.n_tgt
            for j in post:
                col = [i * n_tgt + j for i in range(self.proj.n_src)]
                S = sum(w[s] for s in col)
                if S > 0:
                    m = P["norm_target"] * 65536 // S
                    for s in col:
                        w[s] = clamp((w[s] * m + 32768) >> 16)
                    net.plasticity_updates += len(col)
    self.proj.w[:] = w
    self.x, self.y = np.array(x, dtype=np.int64), np.array(y, dtype=np.int64)
    self.e, self.stamp = np.array(e, dtype=np.int64), np.array(st, dtype=np.int64)


def _loop_reward(self, net, r, t):
    P = self.params
    w = [int(v) for v in self.proj.w]
    e = [int(v) for v in self.e]
    st = [int(v) for v in self.stamp]
    g = _sat((P["learning_rate"] * r) >> 16)
    key = net.prng.next32()
    for i, row in enumerate(_loop_rows(self)):
        u = row_draw_scalar(key, i)
        for s, _j in row:
            e[s] = _dec(e[s], pow_q16_loop(P["decay_elig"], (t - st[s]) % 2**32))
            st[s] = t % 2**32
            c = _ru((g * e[s]) >> 16, u)
            w[s] = w[s] if c == 0 else min(max(w[s] + c, P["w_min"]), P["w_max"])
            net.plasticity_updates += 1
    self.proj.w[:] = w
    self.e, self.stamp = np.array(e, dtype=np.int64), np.array(st, dtype=np.int64)


def run_with_loop_rules(case):
    import types
    n = sr.Network(case)
    for r in n.rules:
        r.phase3 = types.MethodType(_loop_phase3, r)
        r.reward = types.MethodType(_loop_reward, r)
    return sr.run_network(n, case)
