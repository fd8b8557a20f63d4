#!/usr/bin/env bash
# `spikert run` against the numpy integer reference, end to end through blob files:
# the bundled demo and the exported NIR graphs (the exporter's samples and the graphs
# frameworks wrote, Tests/SpikeCoreTests/Blobs/nir) must give exactly the reference's
# output spikes. (The reference's own agreement with a float simulation of each NIR
# graph is asserted by the Python tests, tools/crosscheck.)
#   tools/check-cli.sh [SPIKERT_BINARY]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${1:-.build/debug/spikert}
OUT=out/check-cli
mkdir -p "$OUT"
failed=0

check() {  # NAME BLOB INPUT EXPECTED [extra options]
    local name=$1 blob=$2 input=$3 expected=$4
    shift 4
    if ! "$BIN" run "$blob" --input "$input" --output "$OUT/$name.csv" "$@" > "$OUT/$name.summary"; then
        echo "check-cli: $name: spikert run failed" >&2
        cat "$OUT/$name.summary" >&2
        failed=1
        return
    fi
    if cmp -s "$OUT/$name.csv" "$expected"; then
        echo "check-cli: $name: $(($(wc -l < "$expected") - 1)) output spikes identical to the reference"
    else
        echo "check-cli: $name: output differs from $expected" >&2
        diff "$OUT/$name.csv" "$expected" | head -5 >&2
        failed=1
    fi
}

check demo docs/demo/motion.spkb docs/demo/motion-events.csv docs/demo/motion-expected.csv
check demo-copied docs/demo/motion.spkb docs/demo/motion-events.csv docs/demo/motion-expected.csv --copy
d=Tests/SpikeCoreTests/Blobs/nir
for blob in "$d"/*.spkb; do
    n=$(basename "$blob" .spkb)
    check "nir-$n" "$blob" "$d/$n.input.csv" "$d/$n.ref.csv"
done

# A checkpoint half way, resumed on the same input file, gives the same second half:
# spike-file ticks are network ticks, so the resumed run skips what it already saw.
"$BIN" run docs/demo/motion.spkb --input docs/demo/motion-events.csv --ticks 300 \
    --output "$OUT/first.csv" --checkpoint "$OUT/half.spkb" > /dev/null
"$BIN" run "$OUT/half.spkb" --input docs/demo/motion-events.csv --output "$OUT/second.csv" > /dev/null
if tail -n +2 "$OUT/second.csv" | cat "$OUT/first.csv" - | cmp -s - docs/demo/motion-expected.csv; then
    echo "check-cli: checkpoint at tick 300, resumed: the two halves equal the uninterrupted run"
else
    echo "check-cli: resuming from the checkpoint changed the output" >&2
    failed=1
fi
# Checkpoints are blobs the project writes: they must validate against docs/model.cddl.
if PYTHONPATH=tools/python python3 -c 'import sys; from spikert_tools import blob; blob.validate(open(sys.argv[1], "rb").read())' "$OUT/half.spkb"; then
    echo "check-cli: the checkpoint validates against docs/model.cddl"
else
    echo "check-cli: the checkpoint does not validate against docs/model.cddl" >&2
    failed=1
fi

# export-c: the header a firmware build compiles in. A C99 program built from it with
# -Wall -Wextra -Werror -pedantic must hold exactly the blob's bytes, 16-byte aligned,
# with NAME_BLOB_SIZE its length; two runs must give the same header; a blob the
# library refuses must fail (exit 2: an input error) without leaving a header behind.
CC=${CC:-cc}
command -v "$CC" > /dev/null 2>&1 || CC=clang
rm -f "$OUT/motion.h" "$OUT/bad.h"
if "$BIN" export-c docs/demo/motion.spkb --output "$OUT/motion.h" \
    && "$BIN" export-c docs/demo/motion.spkb --name motion | cmp -s - "$OUT/motion.h"; then
    cat > "$OUT/export-c.c" <<'EOC'
#include <stdint.h>
#include <stdio.h>
#include "motion.h"
int main(int argc, char **argv) {
    FILE *f;
    size_t n;
    if (argc != 2 || sizeof motion_blob != MOTION_BLOB_SIZE || MOTION_ARENA_SIZE == 0) return 1;
    if ((uintptr_t)motion_blob % 16 != 0) { fprintf(stderr, "blob not 16-byte aligned\n"); return 1; }
    f = fopen(argv[1], "wb");
    if (f == NULL) return 1;
    n = fwrite(motion_blob, 1, sizeof motion_blob, f);
    return (fclose(f) != 0 || n != sizeof motion_blob) ? 1 : 0;
}
EOC
    if "$CC" -std=c99 -Wall -Wextra -Werror -pedantic -I "$OUT" "$OUT/export-c.c" -o "$OUT/export-c" \
        && "$OUT/export-c" "$OUT/export-c.spkb" && cmp -s "$OUT/export-c.spkb" docs/demo/motion.spkb; then
        echo "check-cli: export-c: the C header holds the blob's $(wc -c < docs/demo/motion.spkb) bytes, 16-byte aligned" \
            "(arena $(sed -n 's/^#define MOTION_ARENA_SIZE \([0-9]*\)u$/\1/p' "$OUT/motion.h") bytes)"
    else
        echo "check-cli: export-c: the header does not compile with $CC or does not hold the blob" >&2
        failed=1
    fi
else
    echo "check-cli: export-c failed or gave different bytes on a second run" >&2
    failed=1
fi
if "$BIN" export-c docs/demo/motion-events.csv --output "$OUT/bad.h" 2> /dev/null; then
    echo "check-cli: export-c accepted a file that is not a blob" >&2
    failed=1
elif [ -e "$OUT/bad.h" ]; then
    echo "check-cli: export-c left a header behind for a refused blob" >&2
    failed=1
else
    echo "check-cli: export-c refuses a file that is not a blob (exit 2, no header)"
fi
# Learning through the CLI: the STDP pair protocol (a blob with a learning rule, a spike
# file, a checkpoint read back) must give Δw(Δt) within the stated bound of
# 60·A±·exp(−|Δt|/τ) at all 101 values of Δt.
if python3 tools/python/examples/stdp_pair_curve.py --spikert "$BIN" \
        --plot "$OUT/stdp-pair-curve.png" > "$OUT/stdp-pair.txt" 2>&1; then
    echo "check-cli: $(grep 'within the bound' "$OUT/stdp-pair.txt")"
else
    echo "check-cli: STDP pair protocol failed:" >&2
    tail -20 "$OUT/stdp-pair.txt" >&2
    failed=1
fi
exit $failed
