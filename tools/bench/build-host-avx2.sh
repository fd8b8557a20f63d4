#!/usr/bin/env bash
# Build the Embedded host benchmark for x86-64-v3 (AVX2, BMI2, FMA) next to the
# default one, to measure what the wider vectors give:
#
#   tools/bench/build-host-avx2.sh      # -> out/embedded/host-x86-64-v3/spikert-bench
#
# Same two swiftc steps as `cross/embedded-build.sh --host-bench` (see cross/README.md)
# plus `-Xcc -march=x86-64-v3`, which sets the CPU for both the C importer and Swift's
# code generation (swiftc's own `-target-cpu` does not know the name x86-64-v3;
# `-target-cpu haswell` gives the same vector code). The result only runs on CPUs with
# AVX2; the default build stays baseline x86-64 (SSE2).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
command -v swiftc >/dev/null 2>&1 || export PATH=/opt/swift/usr/bin:$PATH
MARCH=${SPK_MARCH:-x86-64-v3}
DIR=$ROOT/out/embedded/host-$MARCH
rm -rf "$DIR"
mkdir -p "$DIR"
EMB=(-enable-experimental-feature Embedded -wmo -O -target x86_64-unknown-linux-gnu -Xcc "-march=$MARCH")
mapfile -t CORE < <(find "$ROOT/Sources/SpikeCore" -name '*.swift' | LC_ALL=C sort)
mapfile -t BENCH < <(find "$ROOT/Sources/spikert-bench" -name '*.swift' | LC_ALL=C sort)
set -x
swiftc "${EMB[@]}" -parse-as-library -no-allocations -module-name SpikeCore \
    -Xfrontend -function-sections \
    -emit-module -emit-module-path "$DIR/SpikeCore.swiftmodule" \
    -c "${CORE[@]}" -o "$DIR/SpikeCore.o"
swiftc "${EMB[@]}" -module-name spikert_bench -I "$DIR" -I "$ROOT/Sources/CSystem" \
    "${BENCH[@]}" "$DIR/SpikeCore.o" -o "$DIR/spikert-bench"
