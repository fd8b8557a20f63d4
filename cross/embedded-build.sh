#!/usr/bin/env bash
# Build SpikeCore (and SpikeModel) in Embedded Swift, the way every shipped artifact
# is built.
#
#   cross/embedded-build.sh                 SpikeCore.o for each shipped target, and
#                                           SpikeModel.o for each of them too
#   cross/embedded-build.sh --host-bench    out/embedded/host/spikert-bench (Linux x86_64)
#   cross/embedded-build.sh --host-tools    out/embedded/host/{spikert-bench,spikert,spikertd}
#                                           (spikert links the host SpikeRT too: export-c)
#   cross/embedded-build.sh --host-tools --libgpiod2
#                                           out/embedded/host-libgpiod2/{...,spikertd}:
#                                           spikertd with the libgpiod 2.x backend, against
#                                           bookworm-backports' libgpiod in out/libgpiod2/
#                                           (cross/libgpiod2-prefix.sh; needs libgpiod.so.3)
#   cross/embedded-build.sh --tools --target T [--sysroot DIR] [--cc CC] [--ldflags F]
#                                           OUT/T/{SpikeCore,SpikeModel,SpikeRT}.o with
#                                           their modules, the host-side modules
#                                           (MODULES of kind host), then OUT/T/{spikert-bench,
#                                           spikert,spikertd} for a Linux target
#                                           (cross/board-build.sh)
#
# Options:
#   --src DIR        SpikeCore sources            (default Sources/SpikeCore)
#   --bench-src DIR  spikert-bench sources        (default Sources/spikert-bench)
#   --out DIR        output root                  (default out/embedded)
#   --target T       build only T (repeatable)    (default: all of TARGETS below)
#   --host-bench     build the host benchmark executable instead of the objects
#   --host-tools     build the host benchmark, the spikert CLI and the spikertd daemon
#   --tools          build the objects of the one --target T (SPK_EMBEDDED_OPT,
#                    SPK_EMBEDDED_FLAGS apply), then the host-side modules (SpikeIO,
#                    SpikeControl, SpikeHost, SpikeGPIO), spikert-bench, spikert and
#                    spikertd against them (-O, the same flags), linked by --cc, in OUT/T
#   --no-daemon      with --host-tools/--tools: leave out SpikeGPIO and spikertd (a
#                    target without libgpiod); the reason is the caller's to print
#   --libgpiod2      with --host-tools: build against libgpiod 2.x from the private
#                    prefix cross/libgpiod2-prefix.sh unpacks (out/libgpiod2/ARCH; fetched
#                    once): its gpiod.h, -L and an rpath to its lib/ (so the binary runs
#                    here; on a board or in a VM the system's libgpiod.so.3 is found as
#                    usual), SPIKERT_LIBGPIOD=2, output in OUT/host-libgpiod2. For a board:
#                    cross/board-build.sh --libgpiod2 BOARD
#   --no-lto         with --host-tools/--tools: link spikert and spikertd as
#                    spikert-bench is linked (regular objects, -O host modules), not
#                    with LLVM LTO (see "LTO" below and cross/README.md)
#   --sysroot DIR    the target's C library, for a *-none-* target whose code runs on
#                    Linux: C headers come from DIR/include (e.g. /usr/aarch64-linux-gnu,
#                    Debian's libc6-dev-arm64-cross) with __linux__ defined, instead of
#                    the freestanding stand-ins the bare-metal objects use
#   --cc CC          C compiler that links the --tools executables, e.g.
#                    aarch64-linux-gnu-gcc (default: swiftc's driver; host target only)
#   --ldflags FLAGS  extra link flags for --tools (word-split), before -lgpiod -lcbor,
#                    e.g. "-L/usr/lib/aarch64-linux-gnu"
#   --no-learning    SpikeCore, SpikeModel and SpikeRT without online learning
#                    (-D SPK_NO_LEARNING, in every mode), for firmware that never
#                    learns: the learning code is left out, and a model with learning
#                    rules is refused by the size query and the load (SPK_E_UNSUPPORTED,
#                    spk_error field "plasticity"); spk_learning_* and spk_reward answer
#                    SPK_E_UNSUPPORTED as for a model without rules
#
# Environment:
#   SPK_EMBEDDED_OPT    optimisation of the target objects (default -Osize); the
#                       host executables are always built with -O
#   SPK_EMBEDDED_FLAGS  extra swiftc flags for the target objects, split on spaces,
#                       e.g. "-Xcc -mfloat-abi=hard" for hard-float armv7em firmware
#   SPK_CBOR_INCLUDE    where libcbor's headers are (default /usr/include); only the
#                       headers are needed, nothing is linked here (except by --tools)
#   SPK_GPIOD_INCLUDE   where libgpiod's gpiod.h is (default /usr/include: Debian's
#                       libgpiod-dev, the same header for every architecture); used by
#                       SpikeGPIO and spikertd, linked (-lgpiod) into spikertd only
#   SPIKERT_LIBGPIOD    1 or 2: the libgpiod API that gpiod.h is (1.6 or 2.x), as in
#                       Package.swift; 2 compiles the host-side modules and the tools
#                       with -D SPIKERT_LIBGPIOD2 (Libgpiod2Backend). Default: the major
#                       version `pkg-config --modversion libgpiod` prints (PKG_CONFIG_PATH
#                       honoured; cross/board-build.sh sets it from the board's
#                       libgpiod.pc), 1 without pkg-config or libgpiod.pc
#   SPK_NO_LEARNING     1: as --no-learning (so that cross/build-lib.sh, which calls
#                       this script, can build the archives without learning)
#   SPK_LTO             0: as --no-lto (default 1)
#
# LTO: with --host-tools/--tools, spikert and spikertd are linked with LLVM full LTO
# by the toolchain's clang and lld: their host-side modules and their own sources are
# compiled -Osize as LLVM bitcode (-lto=llvm-full) into OUT/T/lto/, with SpikeCore and
# SpikeModel again as bitcode (SpikeCore at the target's optimisation), and the link
# optimises across all of them (aarch64 spikertd: 594 KB -> about 370 KB stripped).
# libspikert.a and spikert-bench keep the regular objects. If the bitcode or the LTO
# link fails for a target, the script says why and links the regular way.
#
# Exits non-zero, naming the target and showing the compiler output, if any build
# fails. See cross/README.md for the flags and why each one is there.
set -euo pipefail

# shellcheck source=cross/embedded-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/embedded-common.sh"
BENCH_SRC=$ROOT/Sources/spikert-bench
CSYSTEM=$ROOT/Sources/CSystem
CCBOR=$ROOT/Sources/CCBOR
CBOR_INCLUDE=${SPK_CBOR_INCLUDE:-/usr/include}
CGPIOD=$ROOT/Sources/CGPIOD
GPIOD_INCLUDE=${SPK_GPIOD_INCLUDE:-/usr/include}
DAEMON=1
OPT=${SPK_EMBEDDED_OPT:--Osize}
read -r -a EXTRA_FLAGS <<<"${SPK_EMBEDDED_FLAGS:-}"
MODE=objects
SELECTED=()
LIBC_ROOT=
LINK_CC=
LINK_FLAGS=()
NO_LEARNING=${SPK_NO_LEARNING:-0}
LTO=${SPK_LTO:-1}
LIBGPIOD2=0

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
        --tools)      MODE=tools; shift ;;
        --sysroot)    [ $# -ge 2 ] || die "--sysroot needs a directory"; LIBC_ROOT=$(absdir "$2"); shift 2 ;;
        --cc)         [ $# -ge 2 ] || die "--cc needs a compiler"; LINK_CC=$2; shift 2 ;;
        --ldflags)    [ $# -ge 2 ] || die "--ldflags needs flags"; read -r -a LINK_FLAGS <<<"$2"; shift 2 ;;
        --no-learning) NO_LEARNING=1; shift ;;
        --no-daemon)  DAEMON=0; shift ;;
        --no-lto)     LTO=0; shift ;;
        --libgpiod2)  LIBGPIOD2=1; shift ;;
        -h|--help)    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *)            die "unknown argument: $1 (try --help)" ;;
    esac
done
[ ${#SELECTED[@]} -eq 0 ] || TARGETS=("${SELECTED[@]}")
case "$NO_LEARNING" in
    0|1) ;;
    *) die "SPK_NO_LEARNING must be 0 or 1, not '$NO_LEARNING'" ;;
esac
case "$LTO" in
    0|1) ;;
    *) die "SPK_LTO must be 0 or 1, not '$LTO'" ;;
esac
# The libgpiod API (see SPIKERT_LIBGPIOD above). --libgpiod2: the private 2.x prefix.
HOST_DIR=host
if [ "$LIBGPIOD2" = 1 ]; then
    [ "$MODE" = host-tools ] || die "--libgpiod2 goes with --host-tools (for a board: cross/board-build.sh --libgpiod2 BOARD)"
    GPIOD2_PREFIX=$("$ROOT/cross/libgpiod2-prefix.sh" --print-prefix | tail -1) \
        || die "cross/libgpiod2-prefix.sh failed (above)"
    GPIOD_INCLUDE=$GPIOD2_PREFIX/include
    GPIOD2_LIB=$(cd "$GPIOD2_PREFIX/lib" && pwd -P)
    # -L ahead of the system's library directory (Debian's libgpiod 1.6 is there); the
    # rpath lets the binary run here, where no libgpiod.so.3 is installed.
    LINK_FLAGS+=(-L"$GPIOD2_LIB" -Xlinker -rpath -Xlinker "$GPIOD2_LIB")
    export PKG_CONFIG_PATH=$GPIOD2_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
    export SPIKERT_LIBGPIOD=2
    HOST_DIR=host-libgpiod2
fi
GPIOD_API=${SPIKERT_LIBGPIOD:-}
if [ -z "$GPIOD_API" ]; then
    GPIOD_API=1
    gpiod_version=$(pkg-config --modversion libgpiod 2>/dev/null || true)
    case "$gpiod_version" in 2.*) GPIOD_API=2 ;; esac
fi
# A 2.x build also gets a clang module cache of its own: clang's module hash leaves
# header search paths out, so a CGPIOD module built from one gpiod.h would be taken
# from the shared cache by a build against the other (it checks only that the header
# it was built from is unchanged).
case "$GPIOD_API" in
    1) GPIOD_DEFINES=() ;;
    2) GPIOD_DEFINES=(-D SPIKERT_LIBGPIOD2 -module-cache-path "$OUT/module-cache-libgpiod2") ;;
    *) die "SPIKERT_LIBGPIOD must be 1 (libgpiod 1.6) or 2 (libgpiod 2.x), not '$GPIOD_API'" ;;
esac
if [ "$MODE" = tools ]; then
    [ ${#SELECTED[@]} -eq 1 ] || die "--tools builds one target: give exactly one --target"
    if [ -n "$LINK_CC" ]; then
        command -v "$LINK_CC" >/dev/null 2>&1 || die "C compiler '$LINK_CC' not found"
    else
        [ "${TARGETS[0]}" = x86_64-unknown-linux-gnu ] || die "--tools for ${TARGETS[0]} needs --cc (the target's C compiler links)"
    fi
    [ -z "$LIBC_ROOT" ] || [ -d "$LIBC_ROOT/include" ] || die "no $LIBC_ROOT/include (the target's libc headers)"
fi

if ! command -v swiftc >/dev/null 2>&1; then
    [ -x /opt/swift/usr/bin/swiftc ] || die "swiftc not found (PATH or /opt/swift/usr/bin)"
    export PATH=/opt/swift/usr/bin:$PATH
fi

# Sources of a target, recursively as SwiftPM takes them, in a stable order.
sources_of() {
    find "$1" -type f -name '*.swift' | LC_ALL=C sort
}

# The sources folder of a module of MODULES (SpikeCore's may be given with --src).
module_dir() {
    if [ "$1" = SpikeCore ]; then echo "$SRC"; else echo "$ROOT/Sources/$1"; fi
}
[ -n "$(sources_of "$SRC")" ] || die "no .swift files under $SRC"

EMBEDDED=(-enable-experimental-feature Embedded -wmo)

# Flags for one target's object of a library module (MODULES: SpikeCore, SpikeModel,
# SpikeRT).
#  -parse-as-library    a library, no top-level code
#  -no-allocations      the no-heap invariant, enforced by the compiler
#  -function-sections   one section per function: firmware links can drop unused
#                       code with --gc-sections, and check-symbols.sh can tell our
#                       code's calls apart from the runtime's weak definitions
#  -disable-stack-protector (bare-metal triples only) the canary needs
#                       __stack_chk_guard/__stack_chk_fail, which firmware C
#                       libraries often do not provide
#  -D SPK_NO_LEARNING   (--no-learning) the build without online learning
# Usage: library_flags MODULE TARGET OPT
library_flags() {
    local name=$1 target=$2 opt=$3
    local flags=("${EMBEDDED[@]}" -parse-as-library -no-allocations "$opt"
                 -module-name "$name" -target "$target"
                 -Xfrontend -function-sections)
    [ "$NO_LEARNING" = 0 ] || flags+=(-D SPK_NO_LEARNING)
    flags+=(${BITCODE[@]+"${BITCODE[@]}"})
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

# Compile: run swiftc, keep its output, show it, and report. While TRYING=1 (the LTO
# build, which falls back to the regular one) a failure is shown but not recorded.
# Usage: compile LABEL LOG -- swiftc args...
FAILED=()
TRYING=0
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
    [ "$TRYING" = 1 ] || FAILED+=("$label")
    return 1
}

# libcbor's headers for a bare-metal target: cbor.h includes <stdio.h>, <stdlib.h>
# and <assert.h> but uses nothing from them that SpikeModel calls (FILE only appears
# in the pretty-printer's prototype). With -ffreestanding, stddef/stdint/stdbool come
# from clang itself and these three from a stand-in directory, so no target libc
# headers are needed. The host target uses the host's glibc headers as they are.
# A *-none-* target built for Linux (--sysroot) uses the target's glibc headers
# instead of the stand-ins (libc_flags), and sees only cbor.h and cbor/ of
# SPK_CBOR_INCLUDE: with the host's /usr/include on the path, the host's glibc
# headers would come before the target's.
cbor_header_flags() {
    local target=$1 stubs=$OUT/cbor-freestanding
    case "$target" in
        *-none-*)
            mkdir -p "$stubs/include"
            ln -sf "$CBOR_INCLUDE/cbor.h" "$stubs/include/cbor.h"
            ln -sfn "$CBOR_INCLUDE/cbor" "$stubs/include/cbor"
            if [ -n "$LIBC_ROOT" ]; then
                libc_flags "$target"
                printf '%s\n' -Xcc -I"$stubs/include"
                return 0
            fi
            printf '#pragma once\n/* libcbor names FILE only in prototypes SpikeModel never calls */\ntypedef struct spk_cbor_FILE FILE;\n' >"$stubs/stdio.h"
            printf '#pragma once\n#include <stddef.h>\n' >"$stubs/stdlib.h"
            printf '#pragma once\n#define assert(x) ((void)0)\n' >"$stubs/assert.h"
            printf '%s\n' -Xcc -ffreestanding -Xcc -I"$stubs" -Xcc -I"$stubs/include" ;;
        *)
            printf '%s\n' -Xcc -I"$CBOR_INCLUDE" ;;
    esac
}

# The target's glibc headers (--sysroot) for a *-none-* target whose code runs on
# Linux: CSystem and cbor.h then see the target's types (time_t, off_t, struct stat)
# exactly as the C compiler that links does. A Linux triple defines __linux__ and
# __unix__ itself; the bare-metal triple the Embedded stdlib ships for does not, and
# glibc's and the kernel's headers test them. Nothing for other targets.
libc_flags() {
    local target=$1
    case "$target" in
        *-none-*)
            [ -n "$LIBC_ROOT" ] || return 0
            printf '%s\n' -Xcc -isystem -Xcc "$LIBC_ROOT/include" \
                -Xcc -D__linux__ -Xcc -D__linux -Xcc -D__gnu_linux__ -Xcc -D__unix__ -Xcc -D__unix ;;
    esac
}

# Extra flags of the objects being built: SPK_EMBEDDED_FLAGS for the target objects
# and --tools, none for the host executables of --host-bench/--host-tools.
TARGET_EXTRA=()
case "$MODE" in
    objects|tools) TARGET_EXTRA=(${EXTRA_FLAGS[@]+"${EXTRA_FLAGS[@]}"}) ;;
esac

# One target's library modules (SpikeCore.o, SpikeModel.o, SpikeRT.o with their
# modules), in DIR (emptied first). Returns 1 at the first compile that fails.
# Usage: build_target_objects TARGET DIR OPT LABEL
build_target_objects() {
    local target=$1 dir=$2 opt=$3 label=$4 name
    rm -rf "$dir"
    mkdir -p "$dir"
    for name in $(modules_of library); do
        build_module "$name" "$target" "$dir" "$opt" "$label" || return 1
    done
}

build_objects() {
    local target
    for target in "${TARGETS[@]}"; do
        build_target_objects "$target" "$OUT/$target" "$OPT" "$target" || true
    done
}

# libgpiod's header for SpikeGPIO (CGPIOD's shim.h includes <gpiod.h>). A *-none-*
# target built for Linux sees gpiod.h alone, from a directory of its own, for the same
# reason as cbor.h (cbor_header_flags): the host's /usr/include would put the host's
# glibc headers before the target's. gpiod.h is the same file for every architecture
# (Debian's multiarch libgpiod-dev:ARCH installs one /usr/include/gpiod.h).
gpiod_header_flags() {
    local target=$1 dir=$OUT/gpiod-headers
    case "$target" in
        *-none-*)
            mkdir -p "$dir"
            ln -sf "$GPIOD_INCLUDE/gpiod.h" "$dir/gpiod.h"
            printf '%s\n' -Xcc -I"$dir" ;;
        *)
            [ "$GPIOD_INCLUDE" = /usr/include ] || printf '%s\n' -Xcc -I"$GPIOD_INCLUDE" ;;
    esac
}

# One module of MODULES, NAME.o with its NAME.swiftmodule, in DIR, against the modules
# already there. A library module: library_flags at OPT, the target's extra flags, and
# (all but SpikeCore, which imports nothing) the modules in DIR and cbor.h. A host
# module: HOST_OPT, tool_target_flags, and the same search paths for every one (the
# modules in DIR, then MODULE_PATHS, the C modules' maps, the target's libc, cbor.h,
# gpiod.h for SpikeGPIO): what a module imports is its own sources' business, as in
# Package.swift. LOG, in DIR, is the module's log of MODULES unless given.
# Usage: build_module NAME TARGET DIR OPT LABEL [LOG]
HOST_OPT=-O
MODULE_PATHS=()
build_module() {
    local name=$1 target=$2 dir=$3 opt=$4 label=$5 log=${6:-} kind entry sources flags cbor gpiod=()
    entry=$(printf '%s\n' "${MODULES[@]}" | awk -v name="$name" '$1 == name')
    [ -n "$entry" ] || die "build_module: $name is not in MODULES (cross/embedded-common.sh)"
    read -r _ kind entry <<<"$entry"
    log=$dir/${log:-$entry}
    mapfile -t sources < <(sources_of "$(module_dir "$name")")
    [ ${#sources[@]} -gt 0 ] || die "no .swift files under $(module_dir "$name")"
    mapfile -t cbor < <(cbor_header_flags "$target")
    if [ "$kind" = library ]; then
        mapfile -t flags < <(library_flags "$name" "$target" "$opt")
        flags+=(${TARGET_EXTRA[@]+"${TARGET_EXTRA[@]}"})
        [ "$name" = SpikeCore ] || flags+=(-I "$dir" -I "$CCBOR" "${cbor[@]}")
    else
        opt=$HOST_OPT
        [ "$name" != SpikeGPIO ] || mapfile -t gpiod < <(gpiod_header_flags "$target")
        mapfile -t flags < <(tool_target_flags "$target")
        flags=("${EMBEDDED[@]}" -parse-as-library "$opt" -module-name "$name" "${flags[@]}"
               -I "$dir" ${MODULE_PATHS[@]+"${MODULE_PATHS[@]}"} -I "$CSYSTEM" -I "$CCBOR" -I "$CGPIOD"
               "${cbor[@]}" ${gpiod[@]+"${gpiod[@]}"})
    fi
    echo "== $name.o for $label ($opt${BITCODE[*]:+, bitcode})"
    compile "$label $name${BITCODE[*]:+ (bitcode)}" "$log" -- "${flags[@]}" \
        -emit-module -emit-module-path "$dir/$name.swiftmodule" \
        -c "${sources[@]}" -o "$dir/$name.o" || return 1
    echo "   $(wc -c <"$dir/$name.o") bytes  $dir/$name.o"
}

# Executables: SpikeCore, SpikeModel and SpikeRT as Embedded modules + objects
# (-no-allocations, like the library), then the host-side modules named, in order
# (their dependencies first), compiled against them. The tools use libc through
# CSystem; they are not built with -no-allocations. The host tools are linked by the
# swiftc driver (clang, glibc, -lc from CSystem's modulemap); --tools with --cc
# compiles them to objects and the target's C compiler links.
# Usage: build_tool_modules TARGET DIR OPT LABEL MODULE...
build_tool_modules() {
    local target=$1 dir=$2 opt=$3 label=$4 module
    shift 4
    build_target_objects "$target" "$dir" "$opt" "$label" || return 1
    for module in "$@"; do
        build_module "$module" "$target" "$dir" "$opt" "$label" || return 1
    done
}

# -target and the ABI flags of an executable's own code and of the host-side modules:
# those of the objects they link with (library_flags) without the library-only ones, and
# -function-sections, so that a link with --gc-sections (tool_link_flags) keeps only
# the functions reached.
tool_target_flags() {
    local target=$1
    local flags=(-target "$target" -Xfrontend -function-sections ${BITCODE[@]+"${BITCODE[@]}"})
    case "$target" in
        *-none-*) flags+=(-Xfrontend -disable-stack-protector) ;;
    esac
    case "$target" in
        armv7-none-none-eabi) flags+=(-Xcc -mfloat-abi=hard) ;;
    esac
    flags+=(${TARGET_EXTRA[@]+"${TARGET_EXTRA[@]}"})
    # the libgpiod API (SpikeGPIO compiles one backend, spikertd picks it by the same)
    flags+=(${GPIOD_DEFINES[@]+"${GPIOD_DEFINES[@]}"})
    printf '%s\n' "${flags[@]}"
}

# What each executable links, as in Package.swift: its modules' objects (whole objects
# are linked, so only the daemon's list may hold SpikeGPIO.o, or every tool would need
# libgpiod) and then the C libraries, dependents first.
tool_objects() {
    case "$1" in
        spikert-bench) echo SpikeCore.o SpikeModel.o SpikeIO.o SpikeHost.o ;;
        spikert)       echo SpikeCore.o SpikeModel.o SpikeRT.o SpikeIO.o SpikeHost.o SpikeControl.o ;;
        spikertd)      echo SpikeCore.o SpikeModel.o SpikeIO.o SpikeHost.o SpikeGPIO.o SpikeControl.o ;;
        *)             die "tool_objects: unknown executable $1" ;;
    esac
}
tool_libraries() {
    case "$1" in
        spikertd) echo -lgpiod -lcbor ;;
        *)        echo -lcbor ;;
    esac
}
# The host modules (MODULES) an executable links, in MODULES' order, one a line.
tool_host_modules() {
    local objects name
    objects=" $(tool_objects "$1") "
    for name in $(modules_of host); do
        [[ $objects != *" $name.o "* ]] || echo "$name"
    done
}
# --gc-sections for the CLI and the daemon: whole objects are linked (SpikeRT.o for
# export-c's one call, every SpikeHost.o type for the daemon's few), and the sections
# nothing reaches are dropped (the daemon placeholder: 417 KB -> 11 KB stripped on
# x86_64). Not for spikert-bench: it reports SpikeCore's code size from its own symbols,
# and the numbers in docs/BENCHMARKS.md were measured with everything linked.
# Usage: tool_link_flags NAME LINKER (swiftc, or the --cc compiler)
tool_link_flags() {
    case "$1" in
        spikert-bench) ;;
        *) if [ "$2" = swiftc ]; then echo -Xlinker --gc-sections; else echo -Wl,--gc-sections; fi ;;
    esac
}

# build_tool NAME SOURCE_DIR TARGET DIR LABEL: DIR/NAME from SOURCE_DIR/*.swift,
# linked with the objects of DIR that tool_objects names and tool_libraries' libraries.
build_tool() {
    local name=$1 src=$2 target=$3 dir=$4 label=$5
    local objects=() libs gc object
    for object in $(tool_objects "$name"); do objects+=("$dir/$object"); done
    read -r -a libs <<<"$(tool_libraries "$name")"
    read -r -a gc <<<"$(tool_link_flags "$name" "${LINK_CC:-swiftc}")"
    local tool_sources flags cbor gpiod=()
    mapfile -t tool_sources < <(sources_of "$src")
    [ ${#tool_sources[@]} -gt 0 ] || die "no .swift files under $src"
    mapfile -t flags < <(tool_target_flags "$target")
    mapfile -t cbor < <(cbor_header_flags "$target")
    # the daemon imports SpikeGPIO, whose module needs the same gpiod.h
    [ "$name" != spikertd ] || mapfile -t gpiod < <(gpiod_header_flags "$target")
    # main.swift means top-level code; otherwise the entry point is @main / @_cdecl.
    local entry=()
    if ! printf '%s\n' "${tool_sources[@]}" | grep -q '/main\.swift$'; then
        entry=(-parse-as-library)
    fi
    echo "== $label $name (-O)"
    if [ -z "$LINK_CC" ]; then
        compile "$label $name" "$dir/$name.log" -- "${EMBEDDED[@]}" -O "${entry[@]}" \
            "${flags[@]}" -module-name "${name//-/_}" \
            -I "$dir" -I "$CSYSTEM" -I "$CCBOR" -I "$CGPIOD" "${cbor[@]}" ${gpiod[@]+"${gpiod[@]}"} \
            "${tool_sources[@]}" "${objects[@]}" ${LINK_FLAGS[@]+"${LINK_FLAGS[@]}"} \
            ${gc[@]+"${gc[@]}"} "${libs[@]}" -o "$dir/$name" || return 0
    else
        compile "$label $name" "$dir/$name.log" -- "${EMBEDDED[@]}" -O "${entry[@]}" \
            "${flags[@]}" -module-name "${name//-/_}" \
            -I "$dir" -I "$CSYSTEM" -I "$CCBOR" -I "$CGPIOD" "${cbor[@]}" ${gpiod[@]+"${gpiod[@]}"} \
            -c "${tool_sources[@]}" -o "$dir/$name.o" || return 0
        # The C compiler links what the swiftc driver would: the objects, the C
        # libraries and libc (its own start files, PIE by default on Debian).
        local log=$dir/$name-link.log
        echo "+ $LINK_CC ${LINK_FLAGS[*]} ${gc[*]} $dir/$name.o ${objects[*]} ${libs[*]} -o $dir/$name" >"$log"
        if ! "$LINK_CC" ${LINK_FLAGS[@]+"${LINK_FLAGS[@]}"} ${gc[@]+"${gc[@]}"} "$dir/$name.o" \
                "${objects[@]}" "${libs[@]}" -o "$dir/$name" >>"$log" 2>&1; then
            echo "embedded-build: FAILED to link $label $name" >&2
            cat "$log" >&2
            FAILED+=("$label $name (link)")
            return 0
        fi
        if [ "$(wc -l <"$log")" -gt 1 ]; then tail -n +2 "$log"; fi
    fi
    echo "   $(wc -c <"$dir/$name") bytes  $dir/$name"
}

# ------------------------------------------------------------------ LTO
# spikert and spikertd linked with LLVM full LTO (see the header). The bitcode set, in
# DIR/lto: SpikeCore and SpikeModel again (SpikeCore at the target's optimisation, as
# the library, so the network step stays tuned for speed), and the host-side modules
# and the executables' own sources -Osize; only these two executables link them, so
# SpikeControl and SpikeGPIO are compiled as bitcode only, and only SpikeIO and SpikeHost
# (spikert-bench's) twice. SpikeRT.o, the CLI's, is the regular object: LTO links it
# as it is. clang --target, its GCC installation and C library come from the
# C compiler that links today (--cc, or the host's cc): lto_link_command.

# build_lto_modules TARGET DIR OPT LABEL MODULE...: the bitcode set's modules in
# DIR/lto. Returns 1 at the first compile that fails (shown, not recorded).
build_lto_modules() {
    local target=$1 dir=$2 opt=$3 label=$4 module
    shift 4
    rm -rf "$dir/lto"
    mkdir -p "$dir/lto"
    build_module SpikeCore "$target" "$dir/lto" "$opt" "$label" SpikeCore.log || return 1
    build_module SpikeModel "$target" "$dir/lto" -Osize "$label" || return 1
    for module in "$@"; do
        build_module "$module" "$target" "$dir/lto" "$opt" "$label" || return 1
    done
}

# link_lto NAME SOURCE_DIR DIR LABEL TARGET: DIR/NAME from its sources compiled to
# bitcode (DIR/lto/NAME.o) and the objects tool_objects names, from DIR/lto when the
# bitcode set has them (else DIR), linked by lto_link_command's clang.
link_lto() {
    local name=$1 src=$2 dir=$3 label=$4 target=$5
    local objects=() libs object tool_sources flags cbor entry=() gpiod=()
    for object in $(tool_objects "$name"); do
        if [ -f "$dir/lto/$object" ]; then objects+=("$dir/lto/$object"); else objects+=("$dir/$object"); fi
    done
    read -r -a libs <<<"$(tool_libraries "$name")"
    mapfile -t tool_sources < <(sources_of "$src")
    [ ${#tool_sources[@]} -gt 0 ] || die "no .swift files under $src"
    mapfile -t flags < <(tool_target_flags "$target")
    mapfile -t cbor < <(cbor_header_flags "$target")
    [ "$name" != spikertd ] || mapfile -t gpiod < <(gpiod_header_flags "$target")
    printf '%s\n' "${tool_sources[@]}" | grep -q '/main\.swift$' || entry=(-parse-as-library)
    echo "== $label $name (-Osize, bitcode; LTO link)"
    compile "$label $name (bitcode)" "$dir/lto/$name.log" -- "${EMBEDDED[@]}" -Osize ${entry[@]+"${entry[@]}"} \
        "${flags[@]}" -module-name "${name//-/_}" \
        -I "$dir/lto" -I "$dir" -I "$CSYSTEM" -I "$CCBOR" -I "$CGPIOD" "${cbor[@]}" ${gpiod[@]+"${gpiod[@]}"} \
        -c "${tool_sources[@]}" -o "$dir/lto/$name.o" || return 1
    local log=$dir/lto/$name-link.log
    echo "+ ${LTO_LINK[*]} ${LINK_FLAGS[*]} -Wl,--gc-sections $dir/lto/$name.o ${objects[*]} ${libs[*]} -o $dir/$name" >"$log"
    if ! "${LTO_LINK[@]}" ${LINK_FLAGS[@]+"${LINK_FLAGS[@]}"} -Wl,--gc-sections "$dir/lto/$name.o" \
            "${objects[@]}" "${libs[@]}" -o "$dir/$name" >>"$log" 2>&1; then
        cat "$log" >&2
        return 1
    fi
    if [ "$(wc -l <"$log")" -gt 1 ]; then tail -n +2 "$log"; fi
    echo "   $(wc -c <"$dir/$name") bytes  $dir/$name"
}

# build_lto_tools TARGET DIR OPT LABEL MODULE...: spikert and (unless --no-daemon)
# spikertd with LTO. Returns 1, with LTO_REASON, when anything fails.
LTO_REASON=
build_lto_tools() {
    local target=$1 dir=$2 opt=$3 label=$4
    shift 4
    local cc=${LINK_CC:-cc} cpu=() word xcc=0
    # the CPU and ABI the board's Swift flags give clang (-Xcc -mcpu=...), for the code
    # generated at link time
    for word in ${TARGET_EXTRA[@]+"${TARGET_EXTRA[@]}"}; do
        if [ "$xcc" = 1 ]; then
            case "$word" in -mcpu=*|-march=*|-mabi=*|-mfloat-abi=*) cpu+=("$word") ;; esac
        fi
        xcc=0
        [ "$word" != -Xcc ] || xcc=1
    done
    if ! LTO_REASON=$(lto_link_command "$cc" "$target" ${cpu[@]+"${cpu[@]}"} 2>&1 >/dev/null); then
        return 1
    fi
    mapfile -t LTO_LINK < <(lto_link_command "$cc" "$target" ${cpu[@]+"${cpu[@]}"})
    local status=0
    BITCODE=(-lto=llvm-full) HOST_OPT=-Osize TRYING=1
    MODULE_PATHS=(-I "$dir")
    build_lto_modules "$target" "$dir" "$opt" "$label" "$@" || { status=1; LTO_REASON="a bitcode compile failed (above)"; }
    if [ "$status" = 0 ]; then
        link_lto spikert "$ROOT/Sources/spikert" "$dir" "$label" "$target" \
            || { status=1; LTO_REASON="spikert's LTO build failed (above)"; }
    fi
    if [ "$status" = 0 ] && [ "$DAEMON" = 1 ]; then
        link_lto spikertd "$ROOT/Sources/spikertd" "$dir" "$label" "$target" \
            || { status=1; LTO_REASON="spikertd's LTO build failed (above)"; }
    fi
    BITCODE=() HOST_OPT=-O TRYING=0 MODULE_PATHS=()
    return "$status"
}

# build_tools TARGET DIR OPT LABEL: every executable of --host-tools/--tools; without
# the daemon (--no-daemon) SpikeGPIO and spikertd are left out. spikert-bench is built
# against the regular objects; spikert and spikertd with LTO unless --no-lto, or the
# LTO build fails (then as spikert-bench, with the reason printed).
BITCODE=()
build_tools() {
    local target=$1 dir=$2 opt=$3 label=$4 modules=() module
    for module in $(modules_of host); do
        [ "$DAEMON" = 1 ] || [ "$module" != SpikeGPIO ] || continue
        modules+=("$module")
    done
    local regular=("${modules[@]}") bench
    # spikert-bench links regular objects, its host modules included
    mapfile -t bench < <(tool_host_modules spikert-bench)
    [ "$LTO" = 0 ] || regular=("${bench[@]}")
    build_tool_modules "$target" "$dir" "$opt" "$label" "${regular[@]}" || return 0
    build_tool spikert-bench "$BENCH_SRC" "$target" "$dir" "$label"
    if [ "$LTO" = 1 ]; then
        build_lto_tools "$target" "$dir" "$opt" "$label" "${modules[@]}" && return 0
        echo "embedded-build: $label: no LTO: $LTO_REASON; spikert and spikertd are linked without it" >&2
        rm -f "$dir/spikert" "$dir/spikertd"
        for module in "${modules[@]}"; do
            [[ " ${bench[*]} " != *" $module "* ]] || continue
            build_module "$module" "$target" "$dir" "$opt" "$label" || return 0
        done
    fi
    build_tool spikert "$ROOT/Sources/spikert" "$target" "$dir" "$label"
    if [ "$DAEMON" = 1 ]; then
        build_tool spikertd "$ROOT/Sources/spikertd" "$target" "$dir" "$label"
    else
        echo "== $label spikertd: left out (--no-daemon)"
    fi
}

HOST=x86_64-unknown-linux-gnu
[ "$NO_LEARNING" = 0 ] || echo "embedded-build: without online learning (-D SPK_NO_LEARNING)"
[ "$GPIOD_API" = 1 ] || echo "embedded-build: libgpiod 2.x backend (-D SPIKERT_LIBGPIOD2; gpiod.h from $GPIOD_INCLUDE)"
case "$MODE" in
    objects)    build_objects ;;
    host-bench) build_tool_modules "$HOST" "$OUT/host" -O host $(tool_host_modules spikert-bench) \
                    && build_tool spikert-bench "$BENCH_SRC" "$HOST" "$OUT/host" host ;;
    host-tools) build_tools "$HOST" "$OUT/$HOST_DIR" -O "$HOST_DIR" ;;
    tools)      build_tools "${TARGETS[0]}" "$OUT/${TARGETS[0]}" "$OPT" "${TARGETS[0]}" ;;
esac

if [ ${#FAILED[@]} -gt 0 ]; then
    echo "embedded-build: failed: ${FAILED[*]}" >&2
    exit 1
fi
echo "embedded-build: ok"
