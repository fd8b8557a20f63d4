#!/usr/bin/env bash
# Instructions per synaptic event and per tick of spikert-bench, from callgrind.
#
#   tools/bench/callgrind.sh [--bin PATH] [--ticks "200 400"] [--out DIR] [--top N]
#                            [FILE|DIR ...]
#
# Runs the benchmark under `valgrind --tool=callgrind` twice per workload, with two
# tick counts and no warm-up or repeat (--repeat 0), counting only the instructions
# inside spikert-bench's pass function (`--toggle-collect` of WorkloadRunner.runPass: the
# ticks, the reset before them and the state hash after them; not the loading before,
# nor the sorting of the measured times after, whose cost depends on those times and
# varied by up to 1 % of a small workload's tick from run to run), and takes
# differences so that the fixed cost (the reset, the final state hash) cancels:
#
#   instr/event = (Ir(T2) - Ir(T1)) / (events(T2) - events(T1))
#   instr/tick  = (Ir(T2) - Ir(T1)) / (T2 - T1)
#
# "events" are SpikeCore's synaptic-event counter (one weight added into one
# accumulator); Ir counts every instruction of the tick, neuron updates, spike injection
# and the benchmark's reading of the output spikes and checksum included. The counts are
# the same from run to run. The "delivery" column is the same difference for the
# instructions of the delivery functions alone (self cost of every `Network.deliver*`:
# deliverIncoming and the row loops the compiler keeps out of line, such as
# deliverNarrow), i.e. the cost of the delivery loops per event.
#
# Binary: --bin, else out/embedded/host/spikert-bench (cross/embedded-build.sh
# --host-bench, built if missing), else .build/release/spikert-bench (swift build -c
# release). Workloads: arguments as for spikert-bench (.workload files or folders with
# an index), default out/workloads (written by tools/workloads.py if missing, or if its
# index is of an older format). Raw profiles go to --out (default out/callgrind/), with
# `callgrind_annotate` top functions of the longer run of each workload in
# <name>.top.txt; `--top N` also prints the first N of them.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=
TICKS="200 400"
OUT=$ROOT/out/callgrind
TOP=0
INPUTS=()

die() { echo "callgrind.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --bin)   [ $# -ge 2 ] || die "--bin needs a path"; BIN=$2; shift 2 ;;
        --ticks) [ $# -ge 2 ] || die "--ticks needs two numbers"; TICKS=$2; shift 2 ;;
        --out)   [ $# -ge 2 ] || die "--out needs a directory"; OUT=$2; shift 2 ;;
        --top)   [ $# -ge 2 ] || die "--top needs a number"; TOP=$2; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*)      die "unknown option $1 (try --help)" ;;
        *)       INPUTS+=("$1"); shift ;;
    esac
done
read -r T1 T2 EXTRA <<<"$TICKS"
[ -n "${T1:-}" ] && [ -n "${T2:-}" ] && [ -z "${EXTRA:-}" ] && [ "$T2" -gt "$T1" ] \
    || die "--ticks needs two increasing numbers, e.g. \"200 400\""
command -v valgrind >/dev/null || die "valgrind not found (apt-get install valgrind)"
command -v swiftc >/dev/null 2>&1 || export PATH=/opt/swift/usr/bin:$PATH

if [ -z "$BIN" ]; then
    BIN=$ROOT/out/embedded/host/spikert-bench
    if [ ! -x "$BIN" ]; then
        echo "callgrind.sh: building the Embedded host benchmark" >&2
        "$ROOT/cross/embedded-build.sh" --host-bench >&2 || true
    fi
    if [ ! -x "$BIN" ]; then
        echo "callgrind.sh: falling back to the SwiftPM release build" >&2
        BIN=$ROOT/.build/release/spikert-bench
        [ -x "$BIN" ] || (cd "$ROOT" && swift build -c release --product spikert-bench >&2)
    fi
fi
[ -x "$BIN" ] || die "no benchmark binary at $BIN"

if [ ${#INPUTS[@]} -eq 0 ]; then
    INPUTS=("$ROOT/out/workloads")
    grep -qs '\.workload$' "$ROOT/out/workloads/index" \
        || python3 "$ROOT/tools/workloads.py" "$ROOT/out/workloads" >&2
fi
FILES=()
for input in "${INPUTS[@]}"; do
    if [ -f "$input/index" ]; then
        while read -r name; do [ -n "$name" ] && FILES+=("$input/$name"); done <"$input/index"
    else
        FILES+=("$input")
    fi
done
mkdir -p "$OUT"

# JSON field of spikert-bench's output line.
field() { sed -n "s/.*\"$2\": \"\{0,1\}\([^\",}]*\).*/\1/p" <<<"$1"; }
# Total Ir of a callgrind profile.
total_ir() { sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$1"; }
# Self Ir of the functions whose (mangled) name matches the extended regex $2.
self_ir() {
    callgrind_annotate --auto=no --threshold=100 "$1" 2>/dev/null \
        | awk -v pat="$2" '$0 ~ pat { gsub(",", "", $1); s += $1 } END { print s + 0 }'
}

echo "binary: $BIN"
echo "ticks:  $T1 and $T2, no warm-up, no repeat"
printf '%-8s %12s %12s %14s %14s %11s %11s %10s\n' \
    workload "Ir($T1)" "Ir($T2)" "events/tick" "instr/tick" "instr/event" "delivery/ev" checksum
for file in "${FILES[@]}"; do
    base=$(basename "$file" .workload)
    declare -A IR EV DL CK
    for t in "$T1" "$T2"; do
        prof=$OUT/$base.$t.out
        json=$(valgrind --tool=callgrind --callgrind-out-file="$prof" \
            --toggle-collect='*WorkloadRunnerV7runPass*' "$BIN" --json --ticks "$t" --repeat 0 "$file" 2>"$OUT/$base.$t.log") \
            || { cat "$OUT/$base.$t.log" >&2; die "$base: run failed ($t ticks)"; }
        [ "$(field "$json" ticks)" = "$t" ] || die "$base: has fewer than $t ticks"
        IR[$t]=$(total_ir "$prof")
        [ "${IR[$t]:-0}" -gt 0 ] \
            || die "$base: nothing counted inside WorkloadRunner.runPass (a stripped binary?)"
        EV[$t]=$(field "$json" synaptic_events)
        DL[$t]=$(self_ir "$prof" '7NetworkV[0-9]+deliver')
        CK[$t]=$(field "$json" checksum)
    done
    callgrind_annotate --auto=no "$OUT/$base.$T2.out" 2>/dev/null >"$OUT/$base.top.txt"
    python3 - "$base" "${IR[$T1]}" "${IR[$T2]}" "${EV[$T1]}" "${EV[$T2]}" \
        "${DL[$T1]}" "${DL[$T2]}" "$T1" "$T2" "${CK[$T2]}" <<'PY'
import sys
name, ir1, ir2, ev1, ev2, dl1, dl2, t1, t2 = sys.argv[1], *map(int, sys.argv[2:10])
checksum = sys.argv[10]
dt, dev, dir_ = t2 - t1, ev2 - ev1, ir2 - ir1
per_event = f"{dir_ / dev:11.3f}" if dev else f"{'-':>11}"
delivery = f"{(dl2 - dl1) / dev:11.3f}" if dev else f"{'-':>11}"
print(f"{name:8} {ir1:12d} {ir2:12d} {dev / dt:14.1f} {dir_ / dt:14.1f} {per_event} {delivery}"
      f" {checksum[:10]}")
PY
    if [ "$TOP" -gt 0 ]; then
        grep -E '^ *[0-9,]+ \(' "$OUT/$base.top.txt" | sed -n "2,$((TOP + 1))p" \
            | sed -E 's/ \[[^]]*\]$//' | cut -c1-150 | sed 's/^/    /'
    fi
    unset IR EV DL CK
done
echo "profiles: $OUT"
