#!/usr/bin/env bash
# Build the libFuzzer harness for the control protocol (docs/FUZZING.md): SpikeControl
# (full Swift, not Embedded) and Tests/Fuzz/ControlFuzzer.swift, instrumented with
# -sanitize=fuzzer,address, into out/fuzz/control-fuzzer.
#
#   Tests/Fuzz/build-control.sh     build (always rebuilds; a few seconds at -O)
#
# Environment: FUZZ_OPT (default -O), FUZZ_OUT (default out/fuzz).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${FUZZ_OUT:-$ROOT/out/fuzz}
OPT=${FUZZ_OPT:--O}
if ! command -v swiftc >/dev/null 2>&1; then
    [ -x /opt/swift/usr/bin/swiftc ] || { echo "build-control.sh: swiftc not found" >&2; exit 2; }
    export PATH=/opt/swift/usr/bin:$PATH
fi

mkdir -p "$OUT/control-modules" "$OUT/control-obj"
mapfile -t CORE < <(find "$ROOT/Sources/SpikeCore" -name '*.swift' | LC_ALL=C sort)
mapfile -t CONTROL < <(find "$ROOT/Sources/SpikeControl" -name '*.swift' | LC_ALL=C sort)

# As in build.sh: coverage instrumentation on the library, libFuzzer's main in the
# executable only; lld when present.
LD=()
command -v ld.lld >/dev/null 2>&1 && LD=(-use-ld=lld)
COMMON=(-parse-as-library -wmo "$OPT" -g -sanitize=fuzzer,address -module-cache-path "$OUT/module-cache")

# SpikeControl names the learning parameters through SpikeCore's PlasticityParameter.
swiftc "${COMMON[@]}" -module-name SpikeCore \
    -emit-module -emit-module-path "$OUT/control-modules/SpikeCore.swiftmodule" \
    -c -o "$OUT/control-obj/SpikeCore.o" "${CORE[@]}"
swiftc "${COMMON[@]}" -module-name SpikeControl -I "$OUT/control-modules" \
    -emit-module -emit-module-path "$OUT/control-modules/SpikeControl.swiftmodule" \
    -c -o "$OUT/control-obj/SpikeControl.o" "${CONTROL[@]}"

swiftc "${COMMON[@]}" -module-name ControlFuzzer -I "$OUT/control-modules" \
    "$ROOT/Tests/Fuzz/ControlFuzzer.swift" "$OUT/control-obj/SpikeControl.o" "$OUT/control-obj/SpikeCore.o" \
    "${LD[@]}" -o "$OUT/control-fuzzer"

echo "build-control.sh: $OUT/control-fuzzer"
