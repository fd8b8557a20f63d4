#!/usr/bin/env bash
# Run the control-protocol fuzzer for SECONDS (default 60) on a scratch copy of its seed
# corpus (docs/FUZZING.md). The committed corpus (Tests/Fuzz/control-corpus) is never
# modified. Also reachable as `Tests/Fuzz/run.sh control [SECONDS]`.
#
#   Tests/Fuzz/run-control.sh [SECONDS]
#
# Builds out/fuzz/control-fuzzer first if it is missing or older than any source.
# Exits 0 when the run ends without a finding; otherwise libFuzzer's exit status, with
# the reproducer in out/fuzz/ (crash-*, leak-*, timeout-*, oom-*) and the log in
# out/fuzz/control-last-run.log. Reproduce: out/fuzz/control-fuzzer out/fuzz/crash-<sha1>
#
# Environment: FUZZ_OUT (default out/fuzz), FUZZ_ARGS (extra libFuzzer flags),
# FUZZ_KEEP_WORK=1 to continue from the previous control-corpus-work.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${FUZZ_OUT:-$ROOT/out/fuzz}
SECONDS_TO_RUN=${1:-60}
FUZZER=$OUT/control-fuzzer
HERE=$ROOT/Tests/Fuzz

case "$SECONDS_TO_RUN" in ''|*[!0-9]*) echo "run-control.sh: SECONDS must be a whole number" >&2; exit 2 ;; esac

if [ ! -x "$FUZZER" ] || [ -n "$(find "$ROOT/Sources/SpikeControl" \
        "$HERE/ControlFuzzer.swift" "$HERE/build-control.sh" -newer "$FUZZER" -print -quit)" ]; then
    FUZZ_OUT=$OUT "$HERE/build-control.sh" 2>&1 | grep -v '^/usr/bin/ld.gold: warning: Cannot export local symbol' || true
    [ -x "$FUZZER" ] || { echo "run-control.sh: build failed" >&2; exit 2; }
fi

WORK=$OUT/control-corpus-work
if [ "${FUZZ_KEEP_WORK:-0}" != 1 ] || [ ! -d "$WORK" ]; then
    rm -rf "$WORK"
    mkdir -p "$WORK"
    cp "$HERE"/control-corpus/* "$WORK"/
fi

# Inputs up to 8 KiB: the line-length limit (64 KiB) is a plain comparison checked by the
# unit tests; shorter inputs keep the mutation rate high. Leak detection on: SpikeControl
# frees what it allocates, so a leak report is a finding.
read -r -a EXTRA <<<"${FUZZ_ARGS:-}"
LOG=$OUT/control-last-run.log
set +e
(cd "$OUT" && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1} \
    "$FUZZER" \
    -max_len=8192 -timeout=10 -rss_limit_mb=2048 -detect_leaks=1 \
    -dict="$HERE/control.dict" \
    -max_total_time="$SECONDS_TO_RUN" \
    -print_final_stats=1 \
    -artifact_prefix="$OUT/" \
    "${EXTRA[@]}" \
    "$WORK") >"$LOG" 2>&1
STATUS=$?
set -e

grep -E '^#[0-9]+' "$LOG" | tail -n 1 || true
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb|new_units_added)' "$LOG" || true
if [ "$STATUS" -ne 0 ]; then
    echo "run-control.sh: FINDING (libFuzzer exit $STATUS); log: $LOG" >&2
    grep -E 'ERROR: |SUMMARY: |Fatal error|invariant broken|Test unit written to' "$LOG" >&2 || true
    exit "$STATUS"
fi
echo "run-control.sh: ${SECONDS_TO_RUN}s without a finding; log: $LOG"
