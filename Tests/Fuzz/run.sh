#!/usr/bin/env bash
# Run the loader fuzzer for SECONDS (default 60) on a scratch copy of the seed corpus
# (docs/FUZZING.md). The committed corpus (Tests/Fuzz/corpus) is never modified.
#
#   Tests/Fuzz/run.sh [SECONDS]
#
# Builds out/fuzz/loader-fuzzer first if it is missing or older than any source.
# Exits 0 when the run ends without a finding; otherwise libFuzzer's exit status
# (crash, ASan report, leak, invariant fatalError, timeout, OOM), with the reproducer
# left in out/fuzz/ (crash-*, leak-*, timeout-*, oom-*) and the log in
# out/fuzz/last-run.log. Reproduce: out/fuzz/loader-fuzzer out/fuzz/crash-<sha1>
#
# Environment: FUZZ_OUT (default out/fuzz), FUZZ_ARGS (extra libFuzzer flags, e.g.
# "-seed=1" or "-jobs=2 -workers=2"), FUZZ_KEEP_WORK=1 to continue from the previous
# corpus-work instead of a fresh copy of the seeds.
set -euo pipefail
[ "${1:-}" = control ] && { shift; exec "$(dirname "${BASH_SOURCE[0]}")/run-control.sh" "$@"; }  # the control-protocol fuzzer

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${FUZZ_OUT:-$ROOT/out/fuzz}
SECONDS_TO_RUN=${1:-60}
FUZZER=$OUT/loader-fuzzer
HERE=$ROOT/Tests/Fuzz

case "$SECONDS_TO_RUN" in ''|*[!0-9]*) echo "run.sh: SECONDS must be a whole number" >&2; exit 2 ;; esac

if [ ! -x "$FUZZER" ] || [ -n "$(find "$ROOT/Sources/SpikeCore" "$ROOT/Sources/SpikeModel" \
        "$HERE/LoaderFuzzer.swift" "$HERE/build.sh" -newer "$FUZZER" -print -quit)" ]; then
    FUZZ_OUT=$OUT "$HERE/build.sh" 2>&1 | grep -v '^/usr/bin/ld.gold: warning: Cannot export local symbol' || true
    [ -x "$FUZZER" ] || { echo "run.sh: build failed" >&2; exit 2; }
fi

WORK=$OUT/corpus-work
if [ "${FUZZ_KEEP_WORK:-0}" != 1 ] || [ ! -d "$WORK" ]; then
    rm -rf "$WORK"
    mkdir -p "$WORK"
    cp "$HERE"/corpus/* "$WORK"/
fi

# Leak detection stays on (LeakSanitizer at exit of each input that leaks): the
# harness frees everything it allocates and SpikeModel allocates nothing, so a leak
# report is a finding. (Swift runtime caches -- metadata, witness tables -- are
# reachable from globals, so LSan does not report them.)
# read -a: FUZZ_ARGS split on spaces.
read -r -a EXTRA <<<"${FUZZ_ARGS:-}"
LOG=$OUT/last-run.log
set +e
# SWIFT_BACKTRACE=enable=no: Swift 6 runtime's own crash backtracer (swift-backtrace)
# would otherwise take over a fatalError and can hang in a container; libFuzzer and
# ASan print the stack and write the reproducer.
(cd "$OUT" && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1} \
    "$FUZZER" \
    -max_len=65536 -timeout=10 -rss_limit_mb=2048 -detect_leaks=1 \
    -dict="$HERE/blob.dict" \
    -max_total_time="$SECONDS_TO_RUN" \
    -print_final_stats=1 \
    -artifact_prefix="$OUT/" \
    "${EXTRA[@]}" \
    "$WORK") >"$LOG" 2>&1
STATUS=$?
set -e

# Summary: last status line, final stats.
grep -E '^#[0-9]+' "$LOG" | tail -n 1 || true
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb|new_units_added)' "$LOG" || true
if [ "$STATUS" -ne 0 ]; then
    echo "run.sh: FINDING (libFuzzer exit $STATUS); log: $LOG" >&2
    grep -E 'ERROR: |SUMMARY: |Fatal error|invariant broken|Test unit written to' "$LOG" >&2 || true
    exit "$STATUS"
fi
echo "run.sh: ${SECONDS_TO_RUN}s without a finding; log: $LOG"
