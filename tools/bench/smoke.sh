#!/usr/bin/env bash
# Smoke test of spikert-bench for CI: generate the four reference workloads (short),
# run the benchmark binary once over them, and require its checksums to equal the ones
# tools/workloads.py computes with its own numpy implementation of docs/SEMANTICS.md.
#   tools/bench/smoke.sh [BENCH_BINARY] [TICKS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=${1:-out/embedded/host/spikert-bench}
TICKS=${2:-200}
DIR=out/workloads-smoke
mkdir -p "$DIR"

python3 tools/workloads.py "$DIR" --ticks "$TICKS" \
    | awk '$1 ~ /^(W-A|W-S|W-B|motion)$/ { print $1, $8 }' > "$DIR/expected.txt"
"$BIN" --repeat 1 "$DIR" | tee "$DIR/bench.txt" \
    | awk 'NR > 1 && NF > 2 { print $1, $NF }' > "$DIR/actual.txt"
[ "$(wc -l < "$DIR/expected.txt")" -eq 4 ] || { echo "smoke: expected 4 reference checksums" >&2; exit 1; }
if ! diff -u "$DIR/expected.txt" "$DIR/actual.txt"; then
    echo "smoke: $BIN disagrees with the numpy reference" >&2
    exit 1
fi
echo "smoke: 4 workloads, $TICKS ticks: checksums equal to the numpy reference"
