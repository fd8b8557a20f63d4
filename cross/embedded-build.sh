#!/usr/bin/env bash
# Build SpikeCore (and SpikeModel) in Embedded Swift, the way every shipped artifact
# is built.
#
#   cross/embedded-build.sh                 SpikeCore.o for each shipped target, and
#                                           SpikeModel.o for each of them too
#   cross/embedded-build.sh --host-bench    out/embedded/host/spikert-bench (Linux x86_64)
#   cross/embedded-build.sh --host-tools    out/embedded/host/{spikert-bench,spikert}
#                                           (spikert links the host SpikeRT too: export-c)
#
# Options:
#   --src DIR        SpikeCore sources            (default Sources/SpikeCore)
#   --bench-src DIR  spikert-bench sources        (default Sources/spikert-bench)
#   --out DIR        output root                  (default out/embedded)
#   --target T       build only T (repeatable)    (default: all of TARGETS below)
#   --host-bench     build the host benchmark executable instead of the objects
#   --host-tools     build the host benchmark and the spikert CLI
#
# Environment:
#   SPK_EMBEDDED_OPT    optimisation of the target objects (default -Osize); the
#                       host executables are always built with -O
#   SPK_EMBEDDED_FLAGS  extra swiftc flags for the target objects, split on spaces,
#                       e.g. "-Xcc -mfloat-abi=hard" for hard-float armv7em firmware
#   SPK_CBOR_INCLUDE    where libcbor's headers are (default /usr/include); only the
#                       headers are needed, nothing is linked here
#
# Exits non-zero, naming the target and showing the compiler output, if any build
# fails. See cross/README.md for the flags and why each one is there.
set -euo pipefail

# shellcheck source=cross/embedded-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/embedded-common.sh"
BENCH_SRC=$ROOT/Sources/spikert-bench
# SpikeModel (libcbor loader/writer) is built for every target SpikeCore is built for.
MODEL_SRC=$ROOT/Sources/SpikeModel
CSYSTEM=$ROOT/Sources/CSystem
CCBOR=$ROOT/Sources/CCBOR
CBOR_INCLUDE=${SPK_CBOR_INCLUDE:-/usr/include}
OPT=${SPK_EMBEDDED_OPT:--Osize}
read -r -a EXTRA_FLAGS <<<"${SPK_EMBEDDED_FLAGS:-}"
MODE=objects
SELECTED=()

die() { echo "embedded-build: $*" >&2; exit 2; }
absdir() { [ -d "$1" ] || die "no such directory: $1"; (cd "$1" && pwd); }

while [ $# -gt 0 ]; do
    case "$1" in
        --src)        [ $# -ge 2 ] || die "--src needs a directory"; SRC=$(absdir "$2"); shift 2 ;;
        --bench-src)  [ $# -ge 2 ] || die "--bench-src needs a directory"; BENCH_SRC=$(absdir "$2"); shift 2 ;;
        --out)        [ $# -ge 2 ] || die "--out needs a directory"; mkdir -p "$2"; OUT=$(absdir "$2"); shift 2 ;;
        --target)     [ $# -ge 2 ] || die "--target needs a triple"; SELECTED+=("$2"); shift 2 ;;
        --host-bench) MODE=host-bench; shift ;;
        --host-tools) MODE=host-tools; shift ;;
        -h|--help)    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *)            die "unknown argument: $1 (try --help)" ;;
    esac
done
[ ${#SELECTED[@]} -eq 0 ] || TARGETS=("${SELECTED[@]}")

if ! command -v swiftc >/dev/null 2>&1; then
    [ -x /opt/swift/usr/bin/swiftc ] || die "swiftc not found (PATH or /opt/swift/usr/bin)"
    export PATH=/opt/swift/usr/bin:$PATH
fi

# Sources of a target, recursively as SwiftPM takes them, in a stable order.
sources_of() {
    find "$1" -type f -name '*.swift' | LC_ALL=C sort
}

mapfile -t CORE_SOURCES < <(sources_of "$SRC")
[ ${#CORE_SOURCES[@]} -gt 0 ] || die "no .swift files under $SRC"
mapfile -t MODEL_SOURCES < <(sources_of "$MODEL_SRC")
mapfile -t ABI_SOURCES < <(sources_of "$ROOT/Sources/SpikeRT")

EMBEDDED=(-enable-experimental-feature Embedded -wmo)

# Flags for one target's SpikeCore object.
#  -parse-as-library    a library, no top-level code
#  -no-allocations      the no-heap invariant, enforced by the compiler
#  -function-sections   one section per function: firmware links can drop unused
#                       code with --gc-sections, and check-symbols.sh can tell our
#                       code's calls apart from the runtime's weak definitions
#  -disable-stack-protector (bare-metal triples only) the canary needs
#                       __stack_chk_guard/__stack_chk_fail, which firmware C
#                       libraries often do not provide
core_flags() {
    local target=$1 opt=$2
    local flags=("${EMBEDDED[@]}" -parse-as-library -no-allocations "$opt"
                 -module-name SpikeCore -target "$target"
                 -Xfrontend -function-sections)
    case "$target" in
        *-none-*) flags+=(-Xfrontend -disable-stack-protector) ;;
    esac
    # armv7-none-none-eabi is built for 32-bit ARM Linux (Pi 2/3 with Raspberry Pi OS
    # armhf, Debian's arm-linux-gnueabihf): the hard-float calling convention, or the
    # linker refuses to mix the objects with the C program's.
    case "$target" in
        armv7-none-none-eabi) flags+=(-Xcc -mfloat-abi=hard) ;;
    esac
    printf '%s\n' "${flags[@]}"
}

# Known compiler bug (Swift 6.3, 32-bit targets): widening to a 64-bit integer
# through the generic BinaryInteger initialisers or heterogeneous shifts/compares
# is rejected under -no-allocations although no code allocates.
explain_known_failure() {
    local log=$1
    if grep -q "cannot use allocating type '_ContiguousArrayStorage<UInt>'" "$log"; then
        cat >&2 <<'EOF'
embedded-build: hint: on 32-bit targets Swift 6.3 rejects widening to Int64/UInt64
  under -no-allocations (Int64(x), Int64(truncatingIfNeeded: x), UInt64(x),
  numericCast, Int32(clamping: i64), i64 >> someInt32, i64 > Int64(...)...).
  Nothing allocates; the compiler checks a generic path before removing it.
  Works: Int64(_truncatingBits: UInt(UInt32(bitPattern: x))) then (z &<< 32) &>> 32
  to sign-extend; same-type operands (i64 &>> i64, i64 &* i64); Int32.multipliedFullWidth.
  See cross/README.md.
EOF
    fi
}

# Compile: run swiftc, keep its output, show it, and report.
# Usage: compile LABEL LOG -- swiftc args...
FAILED=()
compile() {
    local label=$1 log=$2; shift 3
    echo "+ swiftc $*" >"$log"
    if swiftc "$@" >>"$log" 2>&1; then
        # Warnings stay visible.
        if [ "$(wc -l <"$log")" -gt 1 ]; then tail -n +2 "$log"; fi
        return 0
    fi
    echo "embedded-build: FAILED for $label" >&2
    cat "$log" >&2
    explain_known_failure "$log"
    FAILED+=("$label")
    return 1
}

# libcbor's headers for a bare-metal target: cbor.h includes <stdio.h>, <stdlib.h>
# and <assert.h> but uses nothing from them that SpikeModel calls (FILE only appears
# in the pretty-printer's prototype). With -ffreestanding, stddef/stdint/stdbool come
# from clang itself and these three from a stand-in directory, so no target libc
# headers are needed. The host target uses the host's glibc headers as they are.
cbor_header_flags() {
    local target=$1 stubs=$OUT/cbor-freestanding
    case "$target" in
        *-none-*)
            mkdir -p "$stubs/include"
            printf '#pragma once\n/* libcbor names FILE only in prototypes SpikeModel never calls */\ntypedef struct spk_cbor_FILE FILE;\n' >"$stubs/stdio.h"
            printf '#pragma once\n#include <stddef.h>\n' >"$stubs/stdlib.h"
            printf '#pragma once\n#define assert(x) ((void)0)\n' >"$stubs/assert.h"
            ln -sf "$CBOR_INCLUDE/cbor.h" "$stubs/include/cbor.h"
            ln -sfn "$CBOR_INCLUDE/cbor" "$stubs/include/cbor"
            printf '%s\n' -Xcc -ffreestanding -Xcc -I"$stubs" -Xcc -I"$stubs/include" ;;
        *)
            printf '%s\n' -Xcc -I"$CBOR_INCLUDE" ;;
    esac
}

# SpikeModel.o against the SpikeCore.swiftmodule next to it, with the same flags.
build_model_object() {
    local target=$1 dir=$OUT/$1 flags cbor
    mapfile -t flags < <(core_flags "$target" "$OPT")
    flags=("${flags[@]/#SpikeCore/SpikeModel}")
    mapfile -t cbor < <(cbor_header_flags "$target")
    echo "== SpikeModel.o for $target ($OPT)"
    compile "$target SpikeModel" "$dir/model.log" -- "${flags[@]}" ${EXTRA_FLAGS[@]+"${EXTRA_FLAGS[@]}"} \
        -I "$dir" -I "$CCBOR" "${cbor[@]}" \
        -emit-module -emit-module-path "$dir/SpikeModel.swiftmodule" \
        -c "${MODEL_SOURCES[@]}" -o "$dir/SpikeModel.o" || return 0
    echo "   $(wc -c <"$dir/SpikeModel.o") bytes  $dir/SpikeModel.o"
    build_abi_object "$target"
}

# SpikeRT.o (the C ABI's @_cdecl exports) against both modules, with the same flags.
build_abi_object() {
    local target=$1 dir=$OUT/$1 flags cbor
    mapfile -t flags < <(core_flags "$target" "$OPT")
    flags=("${flags[@]/#SpikeCore/SpikeRT}")
    mapfile -t cbor < <(cbor_header_flags "$target")
    echo "== SpikeRT.o for $target ($OPT)"
    compile "$target SpikeRT" "$dir/abi.log" -- "${flags[@]}" ${EXTRA_FLAGS[@]+"${EXTRA_FLAGS[@]}"} \
        -I "$dir" -I "$CCBOR" "${cbor[@]}" \
        -c "${ABI_SOURCES[@]}" -o "$dir/SpikeRT.o" || return 0
    echo "   $(wc -c <"$dir/SpikeRT.o") bytes  $dir/SpikeRT.o"
}

build_objects() {
    local target dir
    for target in "${TARGETS[@]}"; do
        dir=$OUT/$target
        rm -rf "$dir"
        mkdir -p "$dir"
        mapfile -t flags < <(core_flags "$target" "$OPT")
        echo "== SpikeCore.o for $target ($OPT)"
        compile "$target" "$dir/build.log" -- "${flags[@]}" ${EXTRA_FLAGS[@]+"${EXTRA_FLAGS[@]}"} \
            -emit-module -emit-module-path "$dir/SpikeCore.swiftmodule" \
            -c "${CORE_SOURCES[@]}" -o "$dir/SpikeCore.o" || continue
        echo "   $(wc -c <"$dir/SpikeCore.o") bytes  $dir/SpikeCore.o"
        if [ ${#MODEL_SOURCES[@]} -gt 0 ]; then
            build_model_object "$target"
        fi
    done
}

# Host executables: SpikeCore as an Embedded module + object (-no-allocations, -O),
# then each tool's sources compiled against it and linked by the swiftc driver
# (clang, glibc, -lc from CSystem's modulemap). The tools use libc through CSystem;
# they are not built with -no-allocations.
build_host_core() {
    local target=x86_64-unknown-linux-gnu dir=$OUT/host
    rm -rf "$dir"
    mkdir -p "$dir"
    mapfile -t flags < <(core_flags "$target" -O)
    echo "== host SpikeCore module (-O)"
    compile "host SpikeCore" "$dir/core.log" -- "${flags[@]}" \
        -emit-module -emit-module-path "$dir/SpikeCore.swiftmodule" \
        -c "${CORE_SOURCES[@]}" -o "$dir/SpikeCore.o" || return 1
    # SpikeModel (-no-allocations, like SpikeCore) and SpikeIO (Linux side: it may
    # allocate) for the tools that load blobs and read spike files.
    flags=("${flags[@]/#SpikeCore/SpikeModel}")
    echo "== host SpikeModel module (-O)"
    compile "host SpikeModel" "$dir/model.log" -- "${flags[@]}" \
        -I "$dir" -I "$CCBOR" -Xcc -I"$CBOR_INCLUDE" \
        -emit-module -emit-module-path "$dir/SpikeModel.swiftmodule" \
        -c "${MODEL_SOURCES[@]}" -o "$dir/SpikeModel.o" || return 1
    # SpikeRT (the C ABI, -no-allocations like the library) as a module: the CLI's
    # export-c asks spk_arena_size through it (`import SpikeRT`, spkArenaSize).
    flags=("${flags[@]/#SpikeModel/SpikeRT}")
    echo "== host SpikeRT module (-O)"
    compile "host SpikeRT" "$dir/abi.log" -- "${flags[@]}" \
        -I "$dir" -I "$CCBOR" -Xcc -I"$CBOR_INCLUDE" \
        -emit-module -emit-module-path "$dir/SpikeRT.swiftmodule" \
        -c "${ABI_SOURCES[@]}" -o "$dir/SpikeRT.o" || return 1
    local io_sources
    mapfile -t io_sources < <(sources_of "$ROOT/Sources/SpikeIO")
    echo "== host SpikeIO module (-O)"
    compile "host SpikeIO" "$dir/io.log" -- "${EMBEDDED[@]}" -parse-as-library -O \
        -module-name SpikeIO -target "$target" -I "$CSYSTEM" \
        -emit-module -emit-module-path "$dir/SpikeIO.swiftmodule" \
        -c "${io_sources[@]}" -o "$dir/SpikeIO.o"
}

# build_host_tool NAME SOURCE_DIR [OBJECT...]: out/embedded/host/NAME from
# SOURCE_DIR/*.swift, linked with SpikeCore, SpikeModel, SpikeIO and the extra host
# objects named (e.g. SpikeRT.o for the CLI).
build_host_tool() {
    local name=$1 src=$2 target=x86_64-unknown-linux-gnu dir=$OUT/host
    shift 2
    local extra=() object
    for object in "$@"; do extra+=("$dir/$object"); done
    local tool_sources
    mapfile -t tool_sources < <(sources_of "$src")
    [ ${#tool_sources[@]} -gt 0 ] || die "no .swift files under $src"
    # main.swift means top-level code; otherwise the entry point is @main / @_cdecl.
    local entry=()
    if ! printf '%s\n' "${tool_sources[@]}" | grep -q '/main\.swift$'; then
        entry=(-parse-as-library)
    fi
    echo "== host $name (-O)"
    compile "host $name" "$dir/$name.log" -- "${EMBEDDED[@]}" -O "${entry[@]}" \
        -target "$target" -module-name "${name//-/_}" \
        -I "$dir" -I "$CSYSTEM" -I "$CCBOR" -Xcc -I"$CBOR_INCLUDE" \
        "${tool_sources[@]}" "$dir/SpikeCore.o" "$dir/SpikeModel.o" "$dir/SpikeIO.o" \
        ${extra[@]+"${extra[@]}"} -lcbor -o "$dir/$name" || return 0
    echo "   $(wc -c <"$dir/$name") bytes  $dir/$name"
}

case "$MODE" in
    objects)    build_objects ;;
    host-bench) build_host_core && build_host_tool spikert-bench "$BENCH_SRC" ;;
    host-tools) build_host_core && build_host_tool spikert-bench "$BENCH_SRC" \
                    && build_host_tool spikert "$ROOT/Sources/spikert" SpikeRT.o ;;
esac

if [ ${#FAILED[@]} -gt 0 ]; then
    echo "embedded-build: failed: ${FAILED[*]}" >&2
    exit 1
fi
echo "embedded-build: ok"
