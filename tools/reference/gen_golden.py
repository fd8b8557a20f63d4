#!/usr/bin/env python3
"""Generate the golden vectors in Tests/SpikeCoreTests/Golden from the numpy reference.

usage: python3 tools/reference/gen_golden.py [--check] [NAME ...]

Deterministic: fixed seeds (numpy default_rng), stable JSON layout, so a rerun writes
the same bytes.  Prints one line per scenario: name, ticks, spike count, final hash.
With NAME arguments only those scenarios are (re)generated; --check compares with the
files on disk instead of writing them (exit status 1 on a difference).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import goldenjson  # noqa: E402
import spikeref as sr  # noqa: E402
from goldencase import IZH_CLASSIC, SCENARIOS  # noqa: E402

# Importing a scenario module registers its scenarios; this order is the order they run
# and print in.
import golden_neurons  # noqa: E402,F401
import golden_projections  # noqa: E402,F401
import golden_codecs  # noqa: E402,F401
import golden_limits  # noqa: E402,F401
import golden_learning  # noqa: E402,F401
import golden_power  # noqa: E402,F401

GOLDEN = os.path.normpath(os.path.join(HERE, "..", "..", "Tests", "SpikeCoreTests", "Golden"))


def sanity(d, exp):
    """Cheap checks that a scenario shows what its description promises."""
    name = d["name"]
    if name == "idle_decay_to_zero":
        for p, rows in exp["membrane"].items():
            if d["populations"][int(p)]["model"] != "if":
                assert all(v == 0 for r in rows[-60:] for v in r), (name, p)
    if name.startswith("izh_") and name[4:] in IZH_CLASSIC:
        assert 5 <= exp["decoders"][0][0] <= 40, (name, exp["decoders"][0])
    if name == "zero_delay_chain":
        ticks = {p: sorted({s[0] for s in exp["spikes"] if s[1] == p}) for p in range(5)}
        assert ticks[0][0] == ticks[3][0] == ticks[1][0] == ticks[2][0], ticks
    assert len(exp["spikes"]) > 0, name


def observe(net, s, trace):
    """Per explicit step: tick at its start, weights, post spikes, rule state."""
    trace.append({
        "t": net.t - net.k,
        "w": {q.index: [int(x) for x in q.w] for q in net.projs},
        "post": {p: net.spikes(p) for p in range(len(net.pops))},
        "traces": {r.index: (r.x.tolist(), r.y.tolist(), r.e.tolist(), r.stamp.tolist())
                   for r in net.rules},
        "e_nonzero": any(bool(r.e.any()) for r in net.rules),
        "alif_a_max": max([int(p.a.max()) for p in net.pops if p.model == sr.ALIF],
                          default=0),
    })


def avoid_doubtful_corners(d):
    """The goldens stay clear of points SEMANTICS.md leaves open (see the README):
    no reward at the same step boundary as a parameter or learning-switch change, and
    no threshold-scale change while the low-power mode is on."""
    actions = d["inputs"].get("actions", [])
    mode = (d.get("power") or {}).get("mode", "normal")
    by_step = {}
    for a in sorted(actions, key=lambda a: a[0]):  # stable: list order within a step
        by_step.setdefault(a[0], set()).add(a[1])
        if a[1] == "power":
            mode = a[2]
        if a[1] == "threshold_scale":
            assert mode != "low", (d["name"], a)
    for s, names in by_step.items():
        assert not ("reward" in names and names & {"param", "learning"}), (d["name"], s)


def run(c):
    """Run a scenario through the reference and its checks; returns "expected"."""
    avoid_doubtful_corners(c.d)
    net = sr.Network(c.d)
    trace = []
    exp = sr.run_network(net, c.d, observer=lambda n, s: observe(n, s, trace))
    assert exp == sr.run_case(c.d), c.d["name"]  # the observer changed nothing
    sanity(c.d, exp)
    # Weights outside [w_min, w_max] are exercised on purpose by one scenario only, so a
    # change of the apply() rule shows up there and nowhere by accident.
    if c.d["name"] != "stdp_busy_out_of_bounds":
        assert net.stats["clamp_out_of_bounds"] == 0, (c.d["name"], net.stats)
    for fn in c.checks:
        fn(net, exp, trace)
    return exp


def build_all():
    cases = [fn() for fn in SCENARIOS]
    names = [c.d["name"] for c in cases]
    assert len(set(names)) == len(names), "duplicate scenario names"
    return cases


def main(argv):
    check = "--check" in argv
    only = [a for a in argv[1:] if a != "--check"]
    cases = build_all()
    os.makedirs(GOLDEN, exist_ok=True)
    wanted = {c.d["name"] for c in cases}
    failed = False
    total = 0
    for c in cases:
        name = c.d["name"]
        if only and name not in only:
            continue
        exp = run(c)
        case = dict(c.d)
        case["expected"] = exp
        text = goldenjson.dumps(case)
        path = os.path.join(GOLDEN, name + ".json")
        total += len(text)
        if check:
            old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if old != text:
                print(f"DIFFERS: {name}")
                failed = True
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        print(f"{name:28s} ticks={c.d['ticks']:4d} spikes={len(exp['spikes']):6d} "
              f"hash={exp['final_hash']} ({len(text) // 1024} KiB)")
    if not only and not check:
        for f in sorted(os.listdir(GOLDEN)):
            if f.endswith(".json") and f[:-5] not in wanted:
                os.remove(os.path.join(GOLDEN, f))
                print(f"removed stale {f}")
    print(f"{len(cases)} scenarios, {total // 1024} KiB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
