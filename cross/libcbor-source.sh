#!/usr/bin/env bash
# Build a static libcbor for a target Debian has no libcbor package for (bare-metal
# arm-none-eabi, riscv64 Linux, ...), from Debian's own libcbor source package.
#
#   cross/libcbor-source.sh --cc CC [--cflags "FLAGS"] [--ar AR] --prefix DIR
#                           [--system-name Linux|Generic] [--processor NAME]
#
#   --cc CC            the target's C compiler, e.g. arm-none-eabi-gcc,
#                      riscv64-linux-gnu-gcc (a name on PATH or a path)
#   --cflags "FLAGS"   target compile flags (word-split), e.g. "-mcpu=cortex-m4 -mthumb
#                      -mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os -ffunction-sections
#                      -fdata-sections"; default "-O2" (Linux) or "-Os -ffunction-sections
#                      -fdata-sections" (Generic)
#   --ar AR            archiver (default: CC's prefix + ar, e.g. arm-none-eabi-ar;
#                      llvm-ar for clang)
#   --prefix DIR       install prefix (required): DIR/lib/libcbor.a,
#                      DIR/include/cbor.h + DIR/include/cbor/*.h, DIR/lib/pkgconfig/libcbor.pc
#   --system-name S    CMAKE_SYSTEM_NAME: Linux or Generic (bare metal: no shared
#                      library, try-compiles build static libraries instead of linking).
#                      Default: Linux if `CC -dumpmachine` names linux, else Generic
#   --processor NAME   CMAKE_SYSTEM_PROCESSOR (default: the first field of
#                      `CC -dumpmachine`, e.g. arm, riscv64)
#
# Steps:
#   1. The source, once: Debian's libcbor source package of this machine's release, else
#      of the next one (bookworm -> trixie), fetched, verified against apt's signed
#      Sources index and unpacked by cross/debian-source.sh (which says how) into
#      out/libcbor/src/libcbor-VERSION/, described by out/libcbor/src/libcbor-source.txt;
#      a later run downloads nothing. apt runs on a sources file and lists of its own
#      there: the machine's apt configuration is left as it is.
#   2. CMake with a toolchain file written for the target, static library only, no
#      tests, no examples, no LTO, for libcbor 0.8 and 0.10 alike:
#      out/libcbor/build/<basename of DIR>/ (cmake and make installed with apt-get if
#      missing).
#   3. `cmake --install` into DIR; a libcbor.pc is written if the install has none;
#      DIR/share/libcbor-source.txt says where the library came from.
#
# Environment: SPK_LIBCBOR_SOURCE=DIR builds the unpacked libcbor tree DIR instead of
# Debian's source package (step 1 is skipped; for testing the build step elsewhere).
#
# Needs root only to install cmake, make or dpkg-dev when they are missing. Exits 2 on
# a usage error, 1 when a step fails, naming what is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/out/libcbor
SRC_ROOT=$WORK/src

CC_=
CFLAGS_=
CFLAGS_SET=0
AR_=
PREFIX=
SYSTEM_NAME=
PROCESSOR=

DS_PACKAGE=libcbor
DS_TAG=libcbor-source
DS_SCRIPT=cross/libcbor-source.sh
# usage, die, fail, say, run_logged, apt_install, the source fetch and the target's tools
# shellcheck source=cross/debian-source.sh
source "$ROOT/cross/debian-source.sh"

while [ $# -gt 0 ]; do
    case "$1" in
        --cc)          [ $# -ge 2 ] || die "--cc needs a compiler"; CC_=$2; shift 2 ;;
        --cflags)      [ $# -ge 2 ] || die "--cflags needs flags"; CFLAGS_=$2; CFLAGS_SET=1; shift 2 ;;
        --ar)          [ $# -ge 2 ] || die "--ar needs an archiver"; AR_=$2; shift 2 ;;
        --prefix)      [ $# -ge 2 ] || die "--prefix needs a directory"; PREFIX=$2; shift 2 ;;
        --system-name) [ $# -ge 2 ] || die "--system-name needs Linux or Generic"; SYSTEM_NAME=$2; shift 2 ;;
        --processor)   [ $# -ge 2 ] || die "--processor needs a name"; PROCESSOR=$2; shift 2 ;;
        -h|--help)     usage; exit 0 ;;
        *)             die "unknown argument: $1 (try --help)" ;;
    esac
done
[ -n "$CC_" ] || die "--cc is required (try --help)"
[ -n "$PREFIX" ] || die "--prefix is required (try --help)"

# ------------------------------------------------------------------ the compiler
ds_cross_tools "$CC_" "$AR_"
if [ -z "$SYSTEM_NAME" ]; then
    case "$MACHINE" in *linux*) SYSTEM_NAME=Linux ;; *) SYSTEM_NAME=Generic ;; esac
fi
case "$SYSTEM_NAME" in Linux|Generic) ;; *) die "--system-name must be Linux or Generic, not '$SYSTEM_NAME'" ;; esac
[ -n "$PROCESSOR" ] || PROCESSOR=${MACHINE%%-*}
if [ "$CFLAGS_SET" = 0 ]; then
    if [ "$SYSTEM_NAME" = Generic ]; then CFLAGS_="-Os -ffunction-sections -fdata-sections"; else CFLAGS_="-O2"; fi
fi
say "target $MACHINE: CC $CC_PATH, AR $AR_PATH, CMAKE_SYSTEM_NAME $SYSTEM_NAME, CMAKE_SYSTEM_PROCESSOR $PROCESSOR"
say "CFLAGS $CFLAGS_"

# ------------------------------------------------------------------ 1. the source
# Debian's libcbor source package (cross/debian-source.sh): a tree has CMakeLists.txt and
# src/cbor; after this machine's release, the next one is tried.
DS_SRC_ROOT=$SRC_ROOT
DS_TREE_FILE=CMakeLists.txt
DS_TREE_DESC="CMakeLists.txt and src/cbor"
DS_OVERRIDE_VAR=SPK_LIBCBOR_SOURCE
ds_tree_ok() { [ -f "$1/CMakeLists.txt" ] && [ -d "$1/src/cbor" ]; }
ds_other_suites() { next_release "$1"; }
ds_get_source

# ------------------------------------------------------------------ 2. build
command -v cmake >/dev/null 2>&1 || apt_install cmake
command -v make >/dev/null 2>&1 || apt_install make

mkdir -p "$PREFIX"
PREFIX=$(cd "$PREFIX" && pwd)
BUILD=$WORK/build/$(basename "$PREFIX")
rm -rf "$BUILD"
mkdir -p "$BUILD"
TOOLCHAIN=$BUILD/toolchain.cmake
{
    echo "# written by cross/libcbor-source.sh for $MACHINE"
    echo "set(CMAKE_SYSTEM_NAME $SYSTEM_NAME)"
    echo "set(CMAKE_SYSTEM_PROCESSOR $PROCESSOR)"
    echo "set(CMAKE_C_COMPILER \"$CC_PATH\")"
    echo "set(CMAKE_AR \"$AR_PATH\" CACHE FILEPATH \"archiver\")"
    [ -n "$RANLIB_PATH" ] && echo "set(CMAKE_RANLIB \"$RANLIB_PATH\" CACHE FILEPATH \"ranlib\")"
    echo "set(CMAKE_C_FLAGS_INIT \"$CFLAGS_\")"
    if [ "$SYSTEM_NAME" = Generic ]; then
        echo "# bare metal: nothing links without a startup file and a linker script"
        echo "set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)"
    fi
    echo "set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)"
    echo "set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)"
    echo "set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)"
} >"$TOOLCHAIN"
say "toolchain file $TOOLCHAIN"

# CMAKE_BUILD_TYPE None: the flags are exactly CMAKE_C_FLAGS_INIT plus what libcbor's
# CMakeLists.txt adds for every build type (-std=c99 -pedantic). Its Release adds -O3
# (0.8: and -flto). CMAKE_INTERPROCEDURAL_OPTIMIZATION OFF: libcbor 0.7 and later turn
# LTO on for src/ whenever check_ipo_supported() passes, whatever the build type; an LTO
# archive holds GIMPLE instead of code and needs this very compiler's plugin at every
# link (Swift's clang, another gcc and `size` cannot use it). Checked below.
# WITH_TESTS (CMocka), WITH_EXAMPLES (default ON), BUILD_TESTING (include(CTest)),
# SANITIZE (default ON, Debug only) and COVERAGE are all turned off, whichever of them
# a version has: only the library is built. CMAKE_POLICY_VERSION_MINIMUM lets
# CMake 4 configure their cmake_minimum_required(2.8 / 3.0); older CMake ignores it.
run_logged "$BUILD/configure.log" cmake -S "$SRC" -B "$BUILD" \
    -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" \
    -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=OFF \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DCMAKE_POLICY_VERSION_MINIMUM=3.5 \
    -DBUILD_TESTING=OFF \
    -DCMAKE_INSTALL_PREFIX="$PREFIX" \
    -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_INSTALL_INCLUDEDIR=include \
    -DBUILD_SHARED_LIBS=OFF \
    -DWITH_TESTS=OFF \
    -DWITH_EXAMPLES=OFF \
    -DSANITIZE=OFF \
    -DCOVERAGE=OFF \
    || { cat "$BUILD/configure.log" >&2; fail "cmake configure failed (log: $BUILD/configure.log)"; }
if grep -q -e '-flto' "$BUILD/compile_commands.json" 2>/dev/null; then
    fail "libcbor would be compiled with -flto (an LTO archive); see $BUILD/compile_commands.json"
fi
JOBS=$(nproc 2>/dev/null || echo 2)
run_logged "$BUILD/build.log" cmake --build "$BUILD" --target cbor -j "$JOBS" \
    || { tail -40 "$BUILD/build.log" >&2; fail "cmake --build failed (log: $BUILD/build.log)"; }

# ------------------------------------------------------------------ 3. install
run_logged "$BUILD/install.log" cmake --install "$BUILD" \
    || { cat "$BUILD/install.log" >&2; fail "cmake --install failed (log: $BUILD/install.log)"; }
LIB=$PREFIX/lib/libcbor.a
[ -f "$LIB" ] || fail "the install left no $LIB"
[ -f "$PREFIX/include/cbor.h" ] || fail "the install left no $PREFIX/include/cbor.h"
PC=$PREFIX/lib/pkgconfig/libcbor.pc
if [ ! -f "$PC" ]; then
    mkdir -p "$PREFIX/lib/pkgconfig"
    ver=$(sed -n 's/^#define CBOR_MAJOR_VERSION \([0-9]*\)/\1/p; s/^#define CBOR_MINOR_VERSION \([0-9]*\)/\1/p; s/^#define CBOR_PATCH_VERSION \([0-9]*\)/\1/p' \
        "$PREFIX/include/cbor/configuration.h" | paste -sd.)
    cat >"$PC" <<EOF
# written by cross/libcbor-source.sh (the libcbor install has none)
prefix=$PREFIX
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: libcbor
Description: libcbor (static) for $MACHINE
Version: ${ver:-0}
Libs: -L\${libdir} -lcbor
Cflags: -I\${includedir}
EOF
fi
# Static only: no shared objects for a bare-metal (or any) target.
rm -f "$PREFIX"/lib/libcbor.so*
# Where this libcbor came from, next to it (cross/firmware/mps2-an386/run.sh prints it).
ds_installed "$PREFIX" "$CFLAGS_" "$LIB"
echo "    $PREFIX/include/cbor.h, $PREFIX/include/cbor/ ($(find "$PREFIX/include/cbor" -name '*.h' | wc -l) headers)"
say "ok: $SUMMARY, for $MACHINE"
