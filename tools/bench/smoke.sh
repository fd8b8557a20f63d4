#!/usr/bin/env bash
# Smoke test of spikert-bench for CI: write the reference workloads (short), run the
# benchmark binary over them, and require its checksums to equal the ones the numpy
# reference (tools/reference) computes from the same blobs, for every workload and its
# learning variant (--stdp: pair STDP on every projection).
#   tools/bench/smoke.sh [--runner "CMD ..."] [BENCH_BINARY] [TICKS]
#
# --runner runs the binary through CMD (word-split), e.g. a cross-built benchmark under
# "qemu-aarch64 -L /usr/aarch64-linux-gnu -E LD_LIBRARY_PATH=/usr/lib/aarch64-linux-gnu".
#
# Two runs: the table (--repeat 1: a warm-up pass and a timed pass, which must agree)
# and the JSON lines (--repeat 0), which must parse with Python's json module, carry the
# same checksums, and report the SpikeCore code size read from the binary's ELF file.
# Every workload of the index and its +STDP variant must be there, each exactly once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
fail() { echo "smoke: $*" >&2; exit 1; }
RUNNER=()
if [ "${1:-}" = --runner ]; then
    [ $# -ge 2 ] || fail "--runner needs a command"
    read -r -a RUNNER <<<"$2"
    shift 2
fi
BIN=${1:-out/embedded/host/spikert-bench}
TICKS=${2:-200}
DIR=out/workloads-smoke
mkdir -p "$DIR"
run() { ${RUNNER[@]+"${RUNNER[@]}"} "$BIN" "$@"; }
# a result row ends in its checksum, 16 hex digits (mawk has no {16})
sums() { awk 'length($NF) == 16 && $NF ~ /^[0-9a-f]+$/ { print $1, $NF }' "$@"; }

# Reference lines: name shape shifts float-hid float-out int-hid int-out checksum (state ..)
python3 tools/workloads.py "$DIR" --ticks "$TICKS" --check-learning | tee "$DIR/reference.txt" \
    | awk 'length($8) == 16 && $8 ~ /^[0-9a-f]+$/ { print $1, $8 }' > "$DIR/expected.txt"
N=$(grep -c . "$DIR/index")
[ "$(wc -l < "$DIR/expected.txt")" -eq $((2 * N)) ] \
    || fail "expected $((2 * N)) reference checksums, got $(wc -l < "$DIR/expected.txt")"

run --repeat 1 --stdp "$DIR" > "$DIR/bench.txt" || fail "$BIN --repeat 1 --stdp $DIR failed (status $?)"
cat "$DIR/bench.txt"
sums "$DIR/bench.txt" > "$DIR/actual.txt"
if ! diff -u <(sort "$DIR/expected.txt") <(sort "$DIR/actual.txt"); then
    fail "$BIN disagrees with the numpy reference"
fi

run --json --repeat 0 --stdp "$DIR" 2>/dev/null > "$DIR/bench.jsonl" \
    || fail "$BIN --json --repeat 0 --stdp $DIR failed (status $?)"
python3 - "$DIR/expected.txt" "$DIR/bench.jsonl" <<'PY' || fail "$BIN: JSON lines wrong"
import json, sys
expected = dict(line.split() for line in open(sys.argv[1]))
rows = [json.loads(line) for line in open(sys.argv[2])]
got = {r["workload"]: r["checksum"] for r in rows}
ok = len(rows) == len(got) and got == expected
for r in rows:
    if not (isinstance(r["code_bytes"], int) and r["code_bytes"] > 0
            and r["text_bytes"] >= r["code_bytes"]):
        print(f"smoke: {r['workload']}: code_bytes {r['code_bytes']}, "
              f"text_bytes {r['text_bytes']}", file=sys.stderr)
        ok = False
if got != expected:
    print(f"smoke: JSON checksums {got} != reference {expected}", file=sys.stderr)
sys.exit(0 if ok else 1)
PY
CODE=$(sed -n 's/.*"code_bytes": \([0-9]*\).*/\1/p' "$DIR/bench.jsonl" | head -1)
echo "smoke: $N workloads and their +STDP variants, $TICKS ticks: checksums equal to the" \
    "numpy reference (table and JSON; SpikeCore code in the binary: $CODE bytes)"
