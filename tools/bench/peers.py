#!/usr/bin/env python3
"""Compare SpikeRT with snnTorch and Brian2 on the reference workloads (docs/WORKLOADS.md).

Usage:
    python3 tools/bench/peers.py [--workloads W-A,W-S,W-B,motion] [--ticks N]
        [--rounds R] [--repeat N] [--bench PATH ...] [--peers snntorch,brian2]
        [--workload-dir DIR] [--brian2-dir DIR] [--activity-tol POINTS] [--json]

Same work everywhere. Every system runs the same workload: the float weights and input
frames come from tools/workloads.py (``draw``: ``default_rng(0)`` weights in layer
order, ``default_rng(1)`` Bernoulli frames); spikert-bench runs the model blob and
input spike file the same script wrote, and before anything is timed they are read back
and checked to hold those input spikes and the int8 quantization of those floats
(peers_workloads.py). The
peers run the floats: snnTorch in float32 (peers_snntorch.py), Brian2 C++ standalone in
float64 (peers_brian2.py). Batch 1, one tick per call, one thread, as docs/WORKLOADS.md says.

Timing. spikert-bench times each tick itself (``--repeat`` timed passes after a warm-up
pass per round; peers_spikert.py). snnTorch: one ``forward`` call per tick in a Python
loop, each bracketed by ``time.perf_counter_ns``, one timed pass per round after a short
warm-up. Brian2: the program is compiled once per workload before the rounds; each
round runs the compiled binary again, and two C++ functions added to the program read
CLOCK_MONOTONIC as the first and the last thing of every time step, so compilation,
process start, loading the weights and spikes and building the synapses are all outside
the timed ticks (the time of the whole network loop per tick, and Brian2's own CPU-time
figure, are reported beside it). Median and p99 are by nearest rank over the ticks of a
pass for every system. See each module's docstring for the details.

Rounds. The machine is shared and noisy, so every round runs every workload on every
system back to back (the order of the systems rotates from round to round), and the
numbers are medians over rounds. A ratio peer/SpikeRT is the ratio of the two medians
per tick within one round, and the median of those per-round ratios is reported. The
load average is read before and after each round and printed.

Checks. The spike activity of each peer (fraction of hidden / output neurons firing per
tick) is compared with the float32 reference of tools/workloads.py over the same ticks;
a difference of more than ``--activity-tol`` percentage points is a failure. SpikeRT's
(int8) activity is printed beside it. Every SpikeRT binary must give the same checksum in
every round.

Peers that are not installed (or do not import) are skipped with a message saying why,
and the rest still runs. ``--peers`` selects peers, and each one named there is
required: if it is not usable, nothing is measured. Exit status: 0 success, 1 a failure
(a peer or spikert-bench failed, an activity or checksum check failed, a required peer
is missing), 2 bad usage.

Installing the peers: ``pip install -r tools/bench/requirements-peers.txt`` (Brian2 2.9.0
needs numpy < 2.4, so a virtual environment with ``--system-site-packages`` keeps the
project's own numpy untouched; the file says how).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers_stats as stats  # noqa: E402
import peers_spikert as spikert  # noqa: E402
import peers_workloads as pw  # noqa: E402

PEERS = ("snntorch", "brian2")
PEER_NAMES = {"snntorch": "snnTorch", "brian2": "Brian2"}
# How a peer's time per tick is compared with SpikeRT's (module docstring, "Rounds").
RATIO_BASIS = {"snntorch": "median_us", "brian2": "median_us"}
# Targets on W-A (docs/BENCHMARKS.md): SpikeRT at least this many times faster than the peer.
TARGETS = {"W-A": {"brian2": 30.0, "snntorch": 60.0}}


def log(message: str) -> None:
    print(f"peers: {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="peers.py", description=__doc__.split("\n\n")[0].split("\n")[0],
        epilog="See the module docstring (head -60 tools/bench/peers.py) for the method.")
    ap.add_argument("--workloads", default=",".join(pw.NAMES),
                    help=f"comma-separated workload names (default {','.join(pw.NAMES)})")
    ap.add_argument("--ticks", type=int, default=2000,
                    help="ticks per run, the first N of each workload (default 2000)")
    ap.add_argument("--rounds", type=int, default=5,
                    help="rounds; every system runs every workload once per round (default 5)")
    ap.add_argument("--repeat", type=int, default=5,
                    help="spikert-bench timed passes per round (its --repeat, default 5)")
    ap.add_argument("--bench", action="append", metavar="PATH",
                    help="a spikert-bench binary; repeat for several (default: "
                         "out/embedded/host/spikert-bench, else .build/release/spikert-bench)")
    ap.add_argument("--peers", default=None,
                    help="comma-separated peers to run, each then required (snntorch,brian2; "
                         "default: every usable one, the others skipped with a message)")
    ap.add_argument("--workload-dir", default=os.path.join(pw.ROOT, "out", "workloads"),
                    help="folder of tools/workloads.py's files (default out/workloads)")
    ap.add_argument("--brian2-dir", default=os.path.join(pw.ROOT, "out", "peers", "brian2"),
                    help="where Brian2's generated programs go (default out/peers/brian2)")
    ap.add_argument("--activity-tol", type=float, default=0.5, metavar="POINTS",
                    help="allowed difference of a peer's activity from the float reference, "
                         "in percentage points (default 0.5)")
    ap.add_argument("--json", action="store_true",
                    help="print one JSON document on stdout instead of the tables")
    args = ap.parse_args(argv)
    args.workloads = [w for w in args.workloads.split(",") if w]
    unknown = [w for w in args.workloads if w not in pw.NAMES]
    if unknown or not args.workloads:
        ap.error(f"unknown workload(s) {', '.join(unknown) or '(none given)'}; "
                 f"choose from {', '.join(pw.NAMES)} (the reservoirs have no peer version)")
    if args.peers is None:
        args.required = []
    else:
        args.required = [p for p in args.peers.split(",") if p]
        bad = [p for p in args.required if p not in PEERS]
        if bad:
            ap.error(f"unknown peer(s) {', '.join(bad)}; choose from {', '.join(PEERS)}")
    for name in ("ticks", "rounds"):
        if getattr(args, name) < 1:
            ap.error(f"--{name} must be at least 1")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1 (a warm-up pass and timed passes)")
    if args.bench is None:
        found = spikert.default_bench()
        if found is None:
            ap.error("no spikert-bench binary: build one (cross/embedded-build.sh "
                     "--host-bench, or swift build -c release --product spikert-bench) "
                     "or name it with --bench")
        args.bench = [found]
    for b in args.bench:
        if not os.access(b, os.X_OK):
            ap.error(f"--bench {b}: not an executable file")
    return args


def load_average() -> list[float]:
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def machine() -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "nproc": os.cpu_count(), "kernel": platform.release(),
            "python": platform.python_version()}


class Peer:
    """A peer system: availability, versions and one runner per workload."""

    def __init__(self, key: str):
        self.key = key
        self.module = __import__(f"peers_{key}")
        self.ok, self.about = self.module.availability()
        self.runners: dict[str, object] = {}

    def prepare(self, w: pw.PeerWorkload, brian2_dir: str) -> None:
        if self.key == "snntorch":
            self.runners[w.name] = self.module.SnnTorchRunner(w)
            return
        log(f"Brian2: generating and compiling {w.name} ({w.shape}, {w.ticks} ticks); "
            "this takes a while")
        started = time.monotonic()
        runner = self.module.Brian2Runner(w, os.path.join(brian2_dir, f"{w.name}-{w.ticks}"))
        log(f"Brian2: {w.name} built and run once in {time.monotonic() - started:.0f} s")
        self.runners[w.name] = runner

    def run(self, name: str) -> dict:
        """One timed pass; a dict of µs per tick and the spike counts per layer."""
        runner = self.runners[name]
        if self.key == "snntorch":
            times, counts = runner.run_pass()
            return {**stats.tick_stats_us(times), "counts": counts}
        times, loop_ns, cpu_s = runner.run_pass()
        ticks = runner.workload.ticks
        return {**stats.tick_stats_us(times), "loop_mean_us": loop_ns / ticks / 1000,
                "cpu_mean_us": cpu_s * 1e6 / ticks, "counts": runner.counts}


def activity_of(counts: list[int], w: pw.PeerWorkload) -> list[float]:
    return [c / (n * w.ticks) for c, n in zip(counts, w.sizes[1:])]


def summarize(rounds: list[dict]) -> dict:
    out = {}
    for key in ("median_us", "p99_us", "mean_us", "loop_mean_us", "cpu_mean_us"):
        values = [r.get(key) for r in rounds]
        if any(v is not None for v in values):
            out[key] = stats.median_over_rounds(values)
    return out


def compare(args) -> dict:
    """Everything measured, as the JSON document of --json."""
    peers = []
    skipped = {}
    for key in PEERS:
        if args.required and key not in args.required:
            continue
        peer = Peer(key)
        if peer.ok:
            log(f"{PEER_NAMES[key]}: {peer.about}")
            peers.append(peer)
        else:
            skipped[key] = peer.about
            if key not in args.required:
                log(f"{PEER_NAMES[key]}: skipped, not usable here: {peer.about}")
    missing = [f"{PEER_NAMES[k]} is required (--peers) but not usable: {why}"
               for k, why in skipped.items() if k in args.required]
    if missing:  # before the long part: nothing is measured without a required peer
        raise RuntimeError("; ".join(missing))
    failures = []

    versions = {"numpy": __import__("numpy").__version__}
    for peer in peers:
        versions.update(peer.module.versions())
    benches = [(f"spikert:{spikert.label(b)}", b) for b in args.bench]

    files = pw.workload_files(args.workloads, args.ticks, args.workload_dir, log)
    workloads = {}
    for name in args.workloads:
        w = pw.load(name, args.ticks)
        pw.check_file(files[name], w)
        log(f"{name}: {files[name]} holds the same inputs and quantized weights; "
            "float reference ...")
        workloads[name] = {"workload": w, "file": files[name],
                           "float_activity": pw.reference_activity(w),
                           "rounds": {key: [] for key, _ in benches}}
        for peer in peers:
            peer.prepare(w, args.brian2_dir)
            workloads[name]["rounds"][peer.key] = []

    loads = []
    for r in range(args.rounds):
        before = load_average()
        for name, entry in workloads.items():
            systems = [*benches, *[(p.key, p) for p in peers]]
            shift = r % len(systems)
            for key, what in systems[shift:] + systems[:shift]:
                log(f"round {r + 1}/{args.rounds}: {name}: {key}")
                if isinstance(what, str):
                    result = spikert.run(what, entry["file"], args.ticks, args.repeat)
                else:
                    result = what.run(name)
                entry["rounds"][key].append(result)
        loads.append({"before": before, "after": load_average()})

    doc = {"tool": "tools/bench/peers.py", "ticks": args.ticks, "rounds": args.rounds,
           "spikert_repeat": args.repeat, "machine": machine(), "versions": versions,
           "benches": {key: os.path.abspath(b) for key, b in benches},
           "peers": {p.key: p.about for p in peers}, "skipped": skipped,
           "ratio_basis": {p.key: RATIO_BASIS[p.key] for p in peers},
           "loadavg": loads, "workloads": {}, "targets": [], "failures": failures}
    for name, entry in workloads.items():
        w = entry["workload"]
        ref = entry["float_activity"]
        out = {"shape": w.shape, "ticks": w.ticks, "file": entry["file"],
               "float_activity": ref, "float_counts": pw.spike_counts(ref, w),
               "systems": {}, "ratios": []}
        checksums = set()
        for key, b in benches:
            rounds = entry["rounds"][key]
            checksums.update(x["checksum"] for x in rounds)
            first = rounds[0]
            out["systems"][key] = {
                **summarize(rounds), "rounds": rounds,
                "activity": [first["hidden_activity"], first["output_activity"]],
                "checksum": first["checksum"]}
        if len(checksums) > 1:
            failures.append(f"{name}: SpikeRT checksums differ: {', '.join(sorted(checksums))}")
        for peer in peers:
            rounds = entry["rounds"][peer.key]
            counts = rounds[0]["counts"]
            activity = activity_of(counts, w)
            out["systems"][peer.key] = {**summarize(rounds), "rounds": rounds,
                                        "activity": activity, "counts": counts}
            if peer.key == "brian2":  # build time and the order of the scheduled objects
                first = peer.runners[name].first
                out["systems"][peer.key].update(build_s=first["build_s"],
                                                schedule=first["schedule"])
            for a, f, layer in zip(activity, ref, ("hidden", "output")):
                if abs(a - f) * 100 > args.activity_tol:
                    failures.append(f"{name}: {PEER_NAMES[peer.key]} {layer} activity "
                                    f"{a:.4%} vs float reference {f:.4%}")
            basis = RATIO_BASIS[peer.key]
            for key, _ in benches:
                base = [x[basis] for x in entry["rounds"][key]]
                mine = [x[basis] for x in rounds]
                ratio = {"peer": peer.key, "base": key, "basis": f"{basis} / {basis}",
                         "per_round": stats.per_round_ratios(mine, base),
                         "median": stats.median_ratio(mine, base)}
                out["ratios"].append(ratio)
                target = TARGETS.get(name, {}).get(peer.key)
                if target is not None:
                    doc["targets"].append({"workload": name, "peer": peer.key, "base": key,
                                           "min_ratio": target, "ratio": ratio["median"],
                                           "met": ratio["median"] >= target})
        doc["workloads"][name] = out
    return doc


def fmt(value, digits=3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_tables(doc: dict) -> None:
    bases = list(doc["benches"])
    short = {key: key.split(":", 1)[1] for key in bases}
    print(f"peers.py: {doc['ticks']} ticks, {doc['rounds']} round(s), spikert-bench --repeat "
          f"{doc['spikert_repeat']}; {doc['machine']['cpu']}, {doc['machine']['nproc']} cores")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in doc["versions"].items()))
    for key, why in doc["skipped"].items():
        print(f"skipped {PEER_NAMES[key]}: {why}")
    for name, out in doc["workloads"].items():
        ref = out["float_activity"]
        print()
        print(f"{name} {out['shape']}, {out['ticks']} ticks; float32 reference activity: "
              f"hidden {ref[0]:.2%}, output {ref[-1]:.2%}")
        head = (f"  {'system':24} {'median_us':>10} {'p99_us':>10} {'mean_us':>10}"
                f" {'hidden%':>8} {'output%':>8}")
        if out["ratios"]:
            head += "".join(f" {'x ' + short[b]:>18}" for b in bases)
        print(head)
        for key, s in out["systems"].items():
            label = (f"SpikeRT {short[key]}" if key in short else PEER_NAMES[key])
            line = (f"  {label:24} {fmt(s.get('median_us')):>10} {fmt(s.get('p99_us')):>10}"
                    f" {fmt(s.get('mean_us')):>10} {100 * s['activity'][0]:8.2f}"
                    f" {100 * s['activity'][-1]:8.2f}")
            for b in bases:
                ratio = next((r for r in out["ratios"] if r["peer"] == key and r["base"] == b),
                             None)
                if ratio:
                    line += f" {fmt(ratio['median'], 1) + 'x':>18}"
                elif out["ratios"]:
                    line += " " * 19
            if key == "brian2" and s.get("loop_mean_us") is not None:
                line += (f"   (whole loop {s['loop_mean_us']:.3f}, CPU time "
                         f"{s['cpu_mean_us']:.3f} us/tick)")
            print(line)
    print()
    if doc["ratio_basis"]:
        print("ratios: peer time / SpikeRT time, computed per round, median over rounds; "
              + ", ".join(f"{PEER_NAMES[k]}: {b.split('_')[0]}/{b.split('_')[0]} per tick"
                          for k, b in doc["ratio_basis"].items())
              )
    for t in doc["targets"]:
        print(f"target {t['workload']}: SpikeRT {short[t['base']]} >= {t['min_ratio']:.0f}x "
              f"faster than {PEER_NAMES[t['peer']]}: {t['ratio']:.1f}x "
              f"{'met' if t['met'] else 'NOT met'}")
    loads = doc["loadavg"]
    if loads:
        firsts = [x for l in loads for x in (l["before"][0], l["after"][0])]
        print(f"load average (1 min) during the rounds: {min(firsts):.2f} .. {max(firsts):.2f}")
    for f in doc["failures"]:
        print(f"FAILED: {f}")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        doc = compare(args)
    except (RuntimeError, ValueError, OSError, subprocess.SubprocessError) as e:
        log(f"error: {e}")  # a peer, spikert-bench or a workload file failed: say what
        return 1
    if args.json:
        json.dump(doc, sys.stdout, indent=1)
        print()
    else:
        print_tables(doc)
    return 1 if doc["failures"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
