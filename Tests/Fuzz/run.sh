#!/usr/bin/env bash
# Run one libFuzzer harness for SECONDS (default 60) on a scratch copy of its seed corpus
# (docs/FUZZING.md; the harnesses are the table in Tests/Fuzz/harnesses.sh). The
# committed corpus is never modified.
#
#   Tests/Fuzz/run.sh [HARNESS] [SECONDS]     loader (default), control, spikefile, options
#   Tests/Fuzz/run.sh 600                     the loader fuzzer for 10 minutes
#
# Builds out/fuzz/HARNESS-fuzzer first if it is missing or stale (build.sh).
# Exits 0 when the run ends without a finding; otherwise libFuzzer's exit status
# (crash, trap, ASan report, leak, invariant fatalError, timeout, OOM), with the
# reproducer left in out/fuzz/ (crash-*, leak-*, timeout-*, oom-*) and the log in
# out/fuzz/HARNESS-last-run.log. Reproduce: out/fuzz/HARNESS-fuzzer out/fuzz/crash-<sha1>
#
# Environment: FUZZ_OUT (default out/fuzz), FUZZ_ARGS (extra libFuzzer flags, e.g.
# "-seed=1" or "-fork=2"), FUZZ_KEEP_WORK=1 to continue from the previous work corpus
# (out/fuzz/HARNESS-corpus-work) instead of a fresh copy of the seeds.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=harnesses.sh
. "$HERE/harnesses.sh"
NAME=loader
case "${1:-}" in ''|*[!0-9]*) [ $# -gt 0 ] && { NAME=$1; shift; } ;; esac
[ $# -le 1 ] || { echo "usage: Tests/Fuzz/run.sh [HARNESS] [SECONDS]   (HARNESS: $HARNESSES)" >&2; exit 2; }
harness "$NAME" || { echo "run.sh: unknown harness '$NAME' (one of: $HARNESSES)" >&2; exit 2; }
SECONDS_TO_RUN=${1:-60}
case "$SECONDS_TO_RUN" in ''|*[!0-9]*) echo "run.sh: SECONDS must be a whole number" >&2; exit 2 ;; esac

OUT=${FUZZ_OUT:-$ROOT/out/fuzz}
FUZZER=$OUT/$NAME-fuzzer
mkdir -p "$OUT"
if ! FUZZ_OUT=$OUT "$HERE/build.sh" "$NAME" >"$OUT/$NAME-build.log" 2>&1; then
    cat "$OUT/$NAME-build.log" >&2
    echo "run.sh: build of $NAME-fuzzer failed" >&2
    exit 2
fi
grep '^build.sh: ' "$OUT/$NAME-build.log" || true

WORK=$OUT/$NAME-corpus-work
if [ "${FUZZ_KEEP_WORK:-0}" != 1 ] || [ ! -d "$WORK" ]; then
    rm -rf "$WORK"
    mkdir -p "$WORK"
    cp "$HERE/$H_CORPUS"/* "$WORK"/
fi

# Leak detection stays on: the harnesses free what they allocate, and so do the
# modules under test, so a LeakSanitizer report is a finding. (Swift runtime caches --
# metadata, witness tables -- are reachable from globals, so LSan does not report them.)
# read -a: FUZZ_ARGS split on spaces.
read -r -a EXTRA <<<"${FUZZ_ARGS:-}"
read -r -a OWN <<<"$H_FLAGS"
LOG=$OUT/$NAME-last-run.log
set +e
# SWIFT_BACKTRACE=enable=no: the Swift runtime's own crash backtracer (swift-backtrace)
# would otherwise take over a fatalError and can hang in a container; libFuzzer and
# ASan print the stack and write the reproducer.
(cd "$OUT" && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1} \
    "$FUZZER" \
    -max_len="$H_MAX_LEN" -timeout=10 -rss_limit_mb=2048 -detect_leaks=1 \
    -dict="$HERE/$H_DICT" \
    -max_total_time="$SECONDS_TO_RUN" \
    -print_final_stats=1 \
    -artifact_prefix="$OUT/" \
    "${OWN[@]}" "${EXTRA[@]}" \
    "$WORK") >"$LOG" 2>&1
STATUS=$?
set -e

# Summary: last status line, final stats (a -fork run has only the status lines).
grep -E '^#[0-9]+' "$LOG" | tail -n 1 || true
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb|new_units_added)' "$LOG" || true
if [ "$STATUS" -ne 0 ]; then
    echo "run.sh: $NAME: FINDING (libFuzzer exit $STATUS); log: $LOG" >&2
    grep -E 'ERROR: |SUMMARY: |Fatal error|invariant broken|Test unit written to|CRASH' "$LOG" >&2 || true
    exit "$STATUS"
fi
echo "run.sh: $NAME: ${SECONDS_TO_RUN}s without a finding; log: $LOG"
