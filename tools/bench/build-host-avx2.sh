#!/usr/bin/env bash
# Build the Embedded host benchmark for x86-64-v3 (AVX2, BMI2, FMA) next to the
# default one, to measure what the wider vectors give:
#
#   tools/bench/build-host-avx2.sh      # -> out/embedded/host-x86-64-v3/spikert-bench
#
# The modules `cross/embedded-build.sh --host-bench` builds for the benchmark (SpikeCore
# as a library, -no-allocations; SpikeModel against libcbor's headers; the host modules
# SpikeIO and SpikeHost; see cross/README.md), each with `-Xcc -march=x86-64-v3` added,
# which sets the CPU for both the C importer and Swift's code generation (swiftc's own
# `-target-cpu` does not know the name x86-64-v3; `-target-cpu haswell` gives the same
# vector code). The result only runs on CPUs with AVX2; the default build stays
# baseline x86-64 (SSE2).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
command -v swiftc >/dev/null 2>&1 || export PATH=/opt/swift/usr/bin:$PATH
MARCH=${SPK_MARCH:-x86-64-v3}
DIR=$ROOT/out/embedded/host-$MARCH
rm -rf "$DIR"
mkdir -p "$DIR"
EMB=(-enable-experimental-feature Embedded -wmo -O -target x86_64-unknown-linux-gnu -Xcc "-march=$MARCH"
     -Xfrontend -function-sections -I "$DIR" -I "$ROOT/Sources/CSystem" -I "$ROOT/Sources/CCBOR"
     -Xcc -I"${SPK_CBOR_INCLUDE:-/usr/include}")
sources() { find "$ROOT/Sources/$1" -name '*.swift' | LC_ALL=C sort; }
# module NAME [FLAGS...]: Sources/NAME as DIR/NAME.o and its module
module() {
    local name=$1 files
    shift
    mapfile -t files < <(sources "$name")
    swiftc "${EMB[@]}" -parse-as-library "$@" -module-name "$name" \
        -emit-module -emit-module-path "$DIR/$name.swiftmodule" -c "${files[@]}" -o "$DIR/$name.o"
}
set -x
module SpikeCore -no-allocations
module SpikeModel -no-allocations
module SpikeIO
module SpikeHost
mapfile -t BENCH < <(sources spikert-bench)
swiftc "${EMB[@]}" -parse-as-library -module-name spikert_bench "${BENCH[@]}" \
    "$DIR"/{SpikeCore,SpikeModel,SpikeIO,SpikeHost}.o -lcbor -o "$DIR/spikert-bench"
