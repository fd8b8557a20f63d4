"""Random golden-format cases over the full parameter ranges of SEMANTICS.md section 9.

Used by the reference's tests (test_network, test_power, test_plasticity) and handy
for feeding run_case.py by hand:
    python3 tools/reference/fuzz.py SEED > case.json
"""

import json
import sys

import numpy as np

import spikeref as sr

I32_MIN, I32_MAX = -(2**31), 2**31 - 1


def _i32(rng):
    r = rng.random()
    if r < 0.15:
        return int(rng.choice([I32_MIN, I32_MAX, I32_MIN + 1, I32_MAX - 1, 0, -1, 1]))
    if r < 0.6:
        return int(rng.integers(-(2**16), 2**16))
    return int(rng.integers(I32_MIN, I32_MAX, endpoint=True))


def _q16(rng):
    return int(rng.choice([0, 1, 32768, 60000, 65535, 65536, int(rng.integers(0, 65537))]))


def random_case(seed, max_pops=6, ticks=None, extras=False, low=True):
    """A random case; with extras also plasticity rules, a power key and actions (with
    low=False no LOW mode anywhere, so FULL can be compared with NORMAL)."""
    rng = np.random.default_rng(seed)
    n_pops = int(rng.integers(1, max_pops + 1))
    pops = []
    for p in range(n_pops):
        model = sr.MODELS[int(rng.integers(0, 7))] if p > 0 else "input"
        pops.append({
            "size": int(rng.integers(1, 13)) * (2 if rng.random() < 0.5 else 1),
            "model": model, "threshold": _i32(rng), "beta": _q16(rng), "alpha": _q16(rng),
            "reset": sr.RESETS[int(rng.integers(0, 3))],
            "reset_timing": sr.TIMINGS[int(rng.integers(0, 2))],
            "v_reset": _i32(rng), "v_init": _i32(rng),
            "refractory": int(rng.choice([0, 0, 1, 3, 65535])), "bias": _i32(rng),
            "adapt_inc": _i32(rng), "adapt_decay": _q16(rng),
            "izh_a": int(rng.integers(-(2**20), 2**20, endpoint=True)),
            "izh_b": int(rng.integers(-(2**20), 2**20, endpoint=True)),
            "izh_c": _i32(rng), "izh_d": _i32(rng), "v_peak": _i32(rng)})
    targets = [p for p in range(n_pops) if pops[p]["model"] != "input"]
    projs = []
    for _ in range(int(rng.integers(0, 8)) if targets else 0):
        src = int(rng.integers(0, n_pops))
        tgt = int(rng.choice(targets))
        # D = 0 only forward (src < tgt) to stay acyclic
        delay = int(rng.choice([1, 2, 7, 255])) if src >= tgt or rng.random() < 0.4 else 0
        ns, nt = pops[src]["size"], pops[tgt]["size"]
        kind = str(rng.choice(["dense", "sparse", "one_to_one", "conv2d"]))
        d = {"source": src, "target": tgt, "kind": kind, "delay": delay,
             "shift": int(rng.integers(0, 25)), "weights": [], "row_ptr": [], "col": [],
             "conv": None}
        if kind == "one_to_one" and ns != nt:
            kind = d["kind"] = "dense"
        if kind == "conv2d":
            # reshape the target to fit: source as in_h x 1 x 1 ... keep it simple
            kh, sh = int(rng.integers(1, 4)), int(rng.integers(1, 3))
            ph = int(rng.integers(0, kh))
            out_h = (ns + 2 * ph - kh) // sh + 1
            if out_h < 1:
                kind = d["kind"] = "dense"
            else:
                oc = max(1, nt // out_h)
                if out_h * oc != nt:
                    kind = d["kind"] = "dense"
                else:
                    d["conv"] = {"in_h": ns, "in_w": 1, "in_c": 1, "out_c": oc, "k_h": kh,
                                 "k_w": 1, "stride_h": sh, "stride_w": 1, "pad_h": ph,
                                 "pad_w": 0}
                    d["weights"] = rng.integers(-128, 128, kh * oc).tolist()
        if kind == "dense":
            d["weights"] = rng.integers(-128, 128, ns * nt).tolist()
        elif kind == "one_to_one":
            d["weights"] = rng.integers(-128, 128, ns).tolist()
        elif kind == "sparse":
            rp = [0]
            for _i in range(ns):
                cols = sorted(rng.choice(nt, int(rng.integers(0, nt + 1)), replace=False))
                d["col"] += [int(c) for c in cols]
                rp.append(len(d["col"]))
            d["row_ptr"] = rp
            d["weights"] = rng.integers(-128, 128, len(d["col"])).tolist()
        projs.append(d)
    encs, values = [], []
    ticks = int(rng.integers(1, 40)) if ticks is None else ticks
    for p in range(n_pops):
        if pops[p]["model"] == "input" and rng.random() < 0.7:
            kind = str(rng.choice(["rate", "latency", "delta"]))
            if kind == "delta" and pops[p]["size"] % 2:
                kind = "rate"
            param = {"rate": 0, "latency": int(rng.choice([1, 2, 16, 65535])),
                     "delta": int(rng.choice([1, 100, 30000, I32_MAX]))}[kind]
            e = len(encs)
            encs.append({"population": p, "kind": kind, "param": param})
            ch = pops[p]["size"] // (2 if kind == "delta" else 1)
            for _ in range(int(rng.integers(0, 3 * ch + 1))):
                values.append([int(rng.integers(0, ticks)), e, int(rng.integers(0, ch)),
                               _i32(rng) if rng.random() < 0.3 else
                               int(rng.integers(-1000, 70000))])
    spikes = [[int(rng.integers(0, ticks)), p, int(rng.integers(0, pops[p]["size"]))]
              for p in range(n_pops) if pops[p]["model"] == "input"
              for _ in range(int(rng.integers(0, 20)))]
    decs = []
    for p in range(n_pops):
        for kind in ("count", "first_spike", "membrane"):
            if rng.random() < 0.3 and not (kind == "membrane" and pops[p]["model"] == "input"):
                decs.append({"population": p, "kind": kind})
    case = {"name": f"fuzz_{seed}", "description": "random network", "ticks": ticks,
            "seed": f"0x{int(rng.integers(0, 2**63)) * 2 + 1:016x}", "populations": pops,
            "projections": projs, "encoders": encs, "decoders": decs,
            "inputs": {"spikes": sorted(spikes), "values": sorted(values)}}
    if extras:
        _add_extras(rng, case, low)
    return case


def _rule_value(rng, name, kind, rule):
    if name in ("a_plus", "a_minus", "learning_rate"):
        return int(rng.choice([0, 1, 65536, 150000, 2**24, int(rng.integers(0, 2**24 + 1))]))
    if name in ("decay_pre", "decay_post", "decay_elig"):
        return _q16(rng)
    if name == "bounds":
        return int(rng.integers(0, 2))
    if name == "norm_target":
        ok = kind == "dense" and rule in ("stdp_nearest", "stdp_all")
        return int(rng.choice([0, 1, 200, 2**23])) if ok and rng.random() < 0.5 else 0
    raise AssertionError(name)


def _add_extras(rng, case, low):
    """Plasticity rules (section 11), a power key and actions (section 12, golden format)."""
    pops, projs, ticks = case["populations"], case["projections"], case["ticks"]
    rules = []
    for q, d in enumerate(projs):
        if d["kind"] == "conv2d" or rng.random() < 0.4:
            continue
        rule = sr.RULES[int(rng.integers(0, 4))]
        lo = int(rng.integers(-128, 128))
        hi = int(rng.integers(lo, 128))
        r = {"projection": q, "rule": rule}
        for name in sr.RULE_PARAMS:
            if name not in ("w_min", "w_max"):
                r[name] = _rule_value(rng, name, d["kind"], rule)
        r["w_min"], r["w_max"] = lo, hi
        r["bounds"] = sr.BOUNDS[r["bounds"]]
        r["enabled"] = bool(rng.random() < 0.85)
        rules.append(r)
    rng.shuffle(rules)  # rule order need not be projection order
    izh = any(p["model"] == "izh" for p in pops)
    modes = ["normal", "full"] + (["low"] if low and not izh else [])
    case["plasticity"] = rules
    case["power"] = {"mode": str(rng.choice(modes)), "fold": int(rng.choice([2, 3, 7, 256])),
                     "threshold_scale": int(rng.choice([1, 32768, 65536, 98304, 2**20]))}
    actions = []
    for _ in range(int(rng.integers(0, 12))):
        s = int(rng.integers(0, ticks))
        what = str(rng.choice(["reward", "idle", "power", "threshold_scale", "learning",
                               "param", "reset_decoders"]))
        if what == "reward":
            actions.append([s, "reward", int(rng.choice([I32_MIN, -65536, 0, 30000, 65536,
                                                         I32_MAX]))])
        elif what == "idle":
            actions.append([s, "idle", int(rng.integers(0, 40))])
        elif what == "power":
            actions.append([s, "power", str(rng.choice(modes)), int(rng.integers(2, 257))])
        elif what == "threshold_scale":
            actions.append([s, "threshold_scale", int(rng.integers(1, 2**20 + 1))])
        elif what == "reset_decoders":
            actions.append([s, "reset_decoders"])
        elif rules:
            k = int(rng.integers(0, len(rules)))
            r = rules[k]
            if what == "learning":
                actions.append([s, "learning", k, int(rng.integers(0, 2))])
            else:
                name = str(rng.choice([n for n in sr.RULE_PARAMS if n not in ("w_min",
                                                                                "w_max")]))
                kind = projs[r["projection"]]["kind"]
                actions.append([s, "param", k, name, _rule_value(rng, name, kind, r["rule"])])
    actions.sort(key=lambda a: a[0])
    case["inputs"]["actions"] = actions


if __name__ == "__main__":
    print(json.dumps(random_case(int(sys.argv[1]) if len(sys.argv) > 1 else 0)))
