#!/usr/bin/env bash
# Build the libFuzzer harness for the model-blob loader (docs/FUZZING.md):
# SpikeCore and SpikeModel (full Swift, not Embedded) and Tests/Fuzz/LoaderFuzzer.swift,
# all instrumented with -sanitize=fuzzer,address, into out/fuzz/loader-fuzzer.
#
#   Tests/Fuzz/build.sh            build (always rebuilds; a few seconds at -O)
#
# Environment:
#   FUZZ_OPT   optimisation level (default -O; -Onone if -O hides something)
#   FUZZ_OUT   output directory   (default out/fuzz)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${FUZZ_OUT:-$ROOT/out/fuzz}
OPT=${FUZZ_OPT:--O}
if ! command -v swiftc >/dev/null 2>&1; then
    [ -x /opt/swift/usr/bin/swiftc ] || { echo "build.sh: swiftc not found" >&2; exit 2; }
    export PATH=/opt/swift/usr/bin:$PATH
fi
[ -f /usr/include/cbor.h ] || { echo "build.sh: libcbor headers missing (apt-get install libcbor-dev)" >&2; exit 2; }

mkdir -p "$OUT/modules" "$OUT/obj"
mapfile -t CORE < <(find "$ROOT/Sources/SpikeCore" -name '*.swift' | LC_ALL=C sort)
mapfile -t MODEL < <(find "$ROOT/Sources/SpikeModel" -name '*.swift' | LC_ALL=C sort)

# -sanitize=fuzzer on the library objects gives them libFuzzer's coverage
# instrumentation (-fsanitize-coverage=inline-8bit-counters,indirect-calls,trace-cmp);
# libFuzzer's main is linked only into the final executable.
# lld: gold warns about every ASan outlined-check symbol it "cannot export".
LD=()
command -v ld.lld >/dev/null 2>&1 && LD=(-use-ld=lld)
COMMON=(-parse-as-library -wmo "$OPT" -g -sanitize=fuzzer,address -module-cache-path "$OUT/module-cache")

swiftc "${COMMON[@]}" -module-name SpikeCore \
    -emit-module -emit-module-path "$OUT/modules/SpikeCore.swiftmodule" \
    -c -o "$OUT/obj/SpikeCore.o" "${CORE[@]}"

swiftc "${COMMON[@]}" -module-name SpikeModel -I "$OUT/modules" -I "$ROOT/Sources/CCBOR" \
    -emit-module -emit-module-path "$OUT/modules/SpikeModel.swiftmodule" \
    -c -o "$OUT/obj/SpikeModel.o" "${MODEL[@]}"

swiftc "${COMMON[@]}" -module-name LoaderFuzzer -I "$OUT/modules" -I "$ROOT/Sources/CCBOR" \
    "$ROOT/Tests/Fuzz/LoaderFuzzer.swift" "$OUT/obj/SpikeCore.o" "$OUT/obj/SpikeModel.o" \
    -lcbor "${LD[@]}" -o "$OUT/loader-fuzzer"

echo "build.sh: $OUT/loader-fuzzer"
