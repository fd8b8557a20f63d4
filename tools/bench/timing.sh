#!/usr/bin/env bash
# Timing table of spikert-bench for one or more binaries, with a checksum cross-check.
#
#   tools/bench/timing.sh [--repeat N] [--rounds R] [--ticks N] [BIN ...] [-- FILE|DIR ...]
#
# Each binary runs every workload R times (default 3) with `--json --repeat N` (default
# 10 timed passes after a warm-up); the rounds are interleaved across binaries so slow
# phases of a shared, noisy machine hit all of them alike. Per binary and workload it
# prints the median over the rounds of the median and p99 µs/tick, and exits 1 if any
# two runs (any binary, any round) disagree on a workload's checksum.
#
# Binaries default to the Embedded host build (out/embedded/host/spikert-bench) and the
# SwiftPM release build (.build/release/spikert-bench), whichever exist. Workloads
# default to out/workloads. Raw JSON lines go to out/timing/<label>.jsonl.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REPEAT=10
ROUNDS=3
TICKS=()
BINS=()
INPUTS=()
die() { echo "timing.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --repeat) [ $# -ge 2 ] || die "--repeat needs N"; REPEAT=$2; shift 2 ;;
        --rounds) [ $# -ge 2 ] || die "--rounds needs R"; ROUNDS=$2; shift 2 ;;
        --ticks)  [ $# -ge 2 ] || die "--ticks needs N"; TICKS=(--ticks "$2"); shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        --) shift; INPUTS=("$@"); break ;;
        -*) die "unknown option $1 (try --help)" ;;
        *)  BINS+=("$1"); shift ;;
    esac
done
if [ ${#BINS[@]} -eq 0 ]; then
    for b in "$ROOT/out/embedded/host/spikert-bench" "$ROOT/.build/release/spikert-bench"; do
        [ -x "$b" ] && BINS+=("$b")
    done
fi
[ ${#BINS[@]} -gt 0 ] || die "no benchmark binary (build one, or name it)"
[ ${#INPUTS[@]} -gt 0 ] || INPUTS=("$ROOT/out/workloads")
OUT=$ROOT/out/timing
mkdir -p "$OUT"

LABELS=()
for b in "${BINS[@]}"; do
    label=$(echo "$b" | sed "s|^$ROOT/||; s|/spikert-bench$||; s|[^A-Za-z0-9._-]|_|g")
    LABELS+=("$label")
    : >"$OUT/$label.jsonl"
done
for round in $(seq 1 "$ROUNDS"); do
    for k in "${!BINS[@]}"; do
        echo "timing.sh: round $round/$ROUNDS ${LABELS[$k]}" >&2
        "${BINS[$k]}" --json --repeat "$REPEAT" ${TICKS[@]+"${TICKS[@]}"} "${INPUTS[@]}" \
            2>/dev/null >>"$OUT/${LABELS[$k]}.jsonl"
    done
done

python3 - "$OUT" "${LABELS[@]}" <<'PY'
import json, statistics, sys
out, labels = sys.argv[1], sys.argv[2:]
checks, failed = {}, False
print(f"{'binary':28} {'workload':8} {'median_us':>10} {'p99_us':>10} {'Mevents/s':>10}"
      f" {'hidden%':>8} {'output%':>8} {'arena_B':>8}  checksum")
for label in labels:
    rows = {}
    for line in open(f"{out}/{label}.jsonl"):
        r = json.loads(line)
        rows.setdefault(r["workload"], []).append(r)
        seen = checks.setdefault(r["workload"], r["checksum"])
        if seen != r["checksum"]:
            failed = True
            print(f"CHECKSUM MISMATCH {label} {r['workload']}: {r['checksum']} != {seen}")
    for name, rs in rows.items():
        med = statistics.median(r["median_us"] for r in rs)
        p99 = statistics.median(r["p99_us"] for r in rs)
        ev = statistics.median(r["events_per_s"] for r in rs) / 1e6
        r = rs[0]
        print(f"{label[-28:]:28} {name:8} {med:10.3f} {p99:10.3f} {ev:10.1f}"
              f" {100 * r['hidden_activity']:8.2f} {100 * r['output_activity']:8.2f}"
              f" {r['arena_bytes']:8d}  {r['checksum']}")
print("checksums: " + ("MISMATCH" if failed else "identical across all binaries and rounds"))
sys.exit(1 if failed else 0)
PY
