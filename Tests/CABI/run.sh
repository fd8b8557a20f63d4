#!/usr/bin/env bash
# Build and run the C ABI tests against an INSTALLED libspikert (cross/install.sh).
#
#   Tests/CABI/run.sh [--prefix DIR] [--cc CC] [--cxx CXX|none] [--sanitize] [--static]
#                     [--runner CMD] [--cflags FLAGS] [--ldflags FLAGS]
#                     [--pkg-config-path DIR] [--cbor-libs FLAGS] [--work DIR] [--verbose]
#
#   --prefix DIR    the install prefix (default out/cabi-prefix): DIR/include/spikert.h,
#                   DIR/lib/libspikert.a, DIR/lib/pkgconfig/spikert.pc
#   --cc CC         C compiler (default $CC, else cc)
#   --cxx CXX       C++ compiler for the header-only C++ check (default: derived from CC,
#                   gcc -> g++, clang -> clang++, else, or if that is missing, $CXX or
#                   c++); "none" skips it
#   --sanitize      build misuse_test with -fsanitize=address,undefined and run it with
#                   halt_on_error (not together with --static)
#   --static        link statically (-static, pkg-config --static); for qemu-user runs
#   --runner CMD    run the test programs through CMD (word-split), e.g.
#                   "qemu-aarch64 -L /usr/aarch64-linux-gnu"
#   --cflags FLAGS  extra compiler flags (word-split), e.g. "-mcpu=cortex-a72"
#   --ldflags FLAGS extra link flags after the pkg-config ones (word-split)
#   --pkg-config-path DIR
#                   search DIR for .pc files too (repeatable; after the prefix's own).
#                   For a cross target, point this at the target's libcbor.pc and set
#                   PKG_CONFIG_LIBDIR (see README.md) so the host's is not found.
#   --cbor-libs FLAGS
#                   do not look for libcbor.pc: spikert.pc's "Requires: libcbor" is
#                   satisfied by a stand-in libcbor.pc (in the work dir) whose Libs are
#                   FLAGS, e.g. "-L/opt/aarch64/lib -lcbor"
#   --work DIR      build and vector directory (default out/cabi-tests/<cc>[-static][-san]);
#                   under /tmp, a private one inside it (mktemp -d), removed on success
#   --verbose       misuse_test -v (every case, not just failures)
#
# Steps: header alone as C99 and as C++11; api_test and misuse_test built with
# -std=c99 -Wall -Wextra -Werror -pedantic and `pkg-config --cflags --libs spikert`;
# vectors from the golden JSON (python3 -m spikert_tools.cvectors); both tests run.
# Exits 1 naming every step that failed, 2 on a usage error. Environment: PKG_CONFIG,
# PKG_CONFIG_LIBDIR, PKG_CONFIG_SYSROOT_DIR and PYTHON (default python3) are honoured.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
die() { echo "run.sh: $*" >&2; exit 2; }

PREFIX=$ROOT/out/cabi-prefix
CC_=${CC:-cc}
CXX_=
SANITIZE=0
STATIC=0
RUNNER=
EXTRA_CFLAGS=
EXTRA_LDFLAGS=
PC_PATHS=()
CBOR_LIBS=
CBOR_LIBS_SET=0
WORK=
VERBOSE=0

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix)   [ $# -ge 2 ] || die "--prefix needs a directory"; PREFIX=$2; shift 2 ;;
        --cc)       [ $# -ge 2 ] || die "--cc needs a compiler"; CC_=$2; shift 2 ;;
        --cxx)      [ $# -ge 2 ] || die "--cxx needs a compiler or none"; CXX_=$2; shift 2 ;;
        --sanitize) SANITIZE=1; shift ;;
        --static)   STATIC=1; shift ;;
        --runner)   [ $# -ge 2 ] || die "--runner needs a command"; RUNNER=$2; shift 2 ;;
        --cflags)   [ $# -ge 2 ] || die "--cflags needs flags"; EXTRA_CFLAGS=$2; shift 2 ;;
        --ldflags)  [ $# -ge 2 ] || die "--ldflags needs flags"; EXTRA_LDFLAGS=$2; shift 2 ;;
        --pkg-config-path) [ $# -ge 2 ] || die "--pkg-config-path needs a directory"; PC_PATHS+=("$2"); shift 2 ;;
        --cbor-libs) [ $# -ge 2 ] || die "--cbor-libs needs flags"; CBOR_LIBS=$2; CBOR_LIBS_SET=1; shift 2 ;;
        --work)     [ $# -ge 2 ] || die "--work needs a directory"; WORK=$2; shift 2 ;;
        --verbose)  VERBOSE=1; shift ;;
        -h|--help)  usage; exit 0 ;;
        *)          die "unknown argument: $1 (try --help)" ;;
    esac
done
[ "$SANITIZE" = 1 ] && [ "$STATIC" = 1 ] && die "--sanitize and --static do not go together (the sanitizer runtimes need dynamic linking)"

command -v "$CC_" >/dev/null 2>&1 || die "C compiler '$CC_' not found"
if [ -z "$CXX_" ]; then
    case "$(basename "$CC_")" in
        *clang*) CXX_=${CC_/%clang/clang++} ;;
        *gcc)    CXX_=${CC_/%gcc/g++} ;;
        *)       CXX_=${CXX:-c++} ;;
    esac
    # a cross gcc often comes without its g++: the header check is a syntax check, the
    # host's C++ compiler does as well
    if ! command -v "$CXX_" >/dev/null 2>&1; then
        echo "run.sh: no $CXX_; the C++ header check uses ${CXX:-c++}"
        CXX_=${CXX:-c++}
    fi
fi
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
PYTHON=${PYTHON:-python3}
command -v "$PKG_CONFIG" >/dev/null 2>&1 || die "$PKG_CONFIG not found"

[ -d "$PREFIX" ] || die "no prefix $PREFIX (install first: cross/install.sh --prefix $PREFIX [--target T])"
PREFIX=$(cd "$PREFIX" && pwd)
[ -f "$PREFIX/lib/pkgconfig/spikert.pc" ] || die "no $PREFIX/lib/pkgconfig/spikert.pc (run cross/install.sh --prefix $PREFIX)"

if [ -z "$WORK" ]; then
    tag=$(basename "$CC_")
    [ "$STATIC" = 1 ] && tag=$tag-static
    [ "$SANITIZE" = 1 ] && tag=$tag-san
    WORK=$ROOT/out/cabi-tests/$tag
fi
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
# /tmp is shared with other jobs: a folder there of a fixed name (a --work under /tmp,
# or the default in a clone under /tmp) may be another run's, and this script writes
# its programs and empties vectors/ in it. Such a run works in a private folder
# instead, made by mktemp -d inside the one asked for, removed when the tests pass
# (kept, and named, when they fail).
case "$WORK" in
    /tmp|/tmp/*)
        WORK=$(mktemp -d "$WORK/cabi.XXXXXX")
        echo "run.sh: $WORK: a private work folder (under /tmp, shared with other jobs)"
        PRIVATE_WORK=$WORK ;;
esac

# Print each command, then run it.
run() {
    printf '+'
    printf ' %q' "$@"
    printf '\n'
    "$@"
}

FAILED=()
step() { # step NAME CMD...: run, record NAME on failure, carry on
    local name=$1
    shift
    if ! run "$@"; then
        echo "run.sh: FAILED: $name" >&2
        FAILED+=("$name")
        return 1
    fi
}

# ---------------------------------------------------------------- pkg-config
pcpath=$PREFIX/lib/pkgconfig
for d in "${PC_PATHS[@]+"${PC_PATHS[@]}"}"; do pcpath=$pcpath:$d; done
if [ "$CBOR_LIBS_SET" = 1 ]; then
    mkdir -p "$WORK/pkgconfig"
    cat >"$WORK/pkgconfig/libcbor.pc" <<EOF
# stand-in written by Tests/CABI/run.sh --cbor-libs
Name: libcbor
Description: libcbor as given to run.sh --cbor-libs
Version: 0
Libs: $CBOR_LIBS
Cflags:
EOF
    pcpath=$pcpath:$WORK/pkgconfig
fi
export PKG_CONFIG_PATH=$pcpath${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
echo "PKG_CONFIG_PATH=$PKG_CONFIG_PATH${PKG_CONFIG_LIBDIR+ PKG_CONFIG_LIBDIR=$PKG_CONFIG_LIBDIR}${PKG_CONFIG_SYSROOT_DIR+ PKG_CONFIG_SYSROOT_DIR=$PKG_CONFIG_SYSROOT_DIR}"
pcargs=(--cflags --libs)
[ "$STATIC" = 1 ] && pcargs=(--static --cflags --libs)
printf '+ %s %s spikert\n' "$PKG_CONFIG" "${pcargs[*]}"
PC_FLAGS=$("$PKG_CONFIG" "${pcargs[@]}" spikert) || die "pkg-config cannot resolve spikert (is libcbor.pc findable? see --pkg-config-path / --cbor-libs)"
echo "  -> $PC_FLAGS"
read -r -a PC <<<"$PC_FLAGS"
PC_CFLAGS=$("$PKG_CONFIG" --cflags spikert) || die "pkg-config --cflags spikert failed"
read -r -a PCC <<<"$PC_CFLAGS"
read -r -a XCFLAGS <<<"$EXTRA_CFLAGS"
read -r -a XLDFLAGS <<<"$EXTRA_LDFLAGS"
read -r -a RUN <<<"$RUNNER"

WARN=(-std=c99 -Wall -Wextra -Werror -pedantic)
LINK=()
[ "$STATIC" = 1 ] && LINK+=(-static)
SAN=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)

# ---------------------------------------------------------------- header alone
echo '#include <spikert.h>' >"$WORK/header_only.c"
echo '#include <spikert.h>' >"$WORK/header_only.cpp"
step "header as C99" "$CC_" "${WARN[@]}" "${XCFLAGS[@]+"${XCFLAGS[@]}"}" "${PCC[@]+"${PCC[@]}"}" -fsyntax-only "$WORK/header_only.c" || true
if [ "$CXX_" != none ]; then
    if command -v "$CXX_" >/dev/null 2>&1; then
        step "header as C++11" "$CXX_" -std=c++11 -Wall -Wextra -Werror -pedantic \
            "${XCFLAGS[@]+"${XCFLAGS[@]}"}" "${PCC[@]+"${PCC[@]}"}" -fsyntax-only "$WORK/header_only.cpp" || true
    else
        echo "run.sh: FAILED: C++ compiler '$CXX_' not found (--cxx none skips the check)" >&2
        FAILED+=("header as C++11 (no $CXX_)")
    fi
fi

# ------------------------------------------------- every exported function is tested
# api_test must call each function of the committed ABI list, so a function added to
# the header without a test fails here.
untested=()
while read -r fn _; do
    case "$fn" in ''|'#'*) continue ;; esac
    grep -q "\b$fn(" "$HERE/api_test.c" || untested+=("$fn")
done <"$ROOT/include/spikert.symbols"
if [ ${#untested[@]} -gt 0 ]; then
    echo "run.sh: FAILED: api_test.c never calls: ${untested[*]}" >&2
    FAILED+=("api_test covers every function")
else
    echo "run.sh: api_test.c calls all $(grep -cv '^#' "$ROOT/include/spikert.symbols") exported functions"
fi

# ---------------------------------------------------------------- build
SRC=("$HERE/cabi_support.c")
built_api=0
built_misuse=0
step "build api_test" "$CC_" "${WARN[@]}" -O1 -g -I"$HERE" "${XCFLAGS[@]+"${XCFLAGS[@]}"}" \
    "$HERE/api_test.c" "${SRC[@]}" -o "$WORK/api_test" "${LINK[@]+"${LINK[@]}"}" \
    "${PC[@]}" "${XLDFLAGS[@]+"${XLDFLAGS[@]}"}" && built_api=1
if [ "$SANITIZE" = 1 ]; then
    step "build misuse_test (ASan+UBSan)" "$CC_" "${WARN[@]}" -O1 -g "${SAN[@]}" -I"$HERE" \
        "${XCFLAGS[@]+"${XCFLAGS[@]}"}" "$HERE/misuse_test.c" "${SRC[@]}" -o "$WORK/misuse_test" \
        "${PC[@]}" "${XLDFLAGS[@]+"${XLDFLAGS[@]}"}" && built_misuse=1
else
    step "build misuse_test" "$CC_" "${WARN[@]}" -O1 -g -I"$HERE" "${XCFLAGS[@]+"${XCFLAGS[@]}"}" \
        "$HERE/misuse_test.c" "${SRC[@]}" -o "$WORK/misuse_test" "${LINK[@]+"${LINK[@]}"}" \
        "${PC[@]}" "${XLDFLAGS[@]+"${XLDFLAGS[@]}"}" && built_misuse=1
fi

# ---------------------------------------------------------------- vectors
VEC=$WORK/vectors
BLOBS=$ROOT/Tests/SpikeCoreTests/Blobs
rm -rf "$VEC"
have_vec=0
step "vectors" env PYTHONPATH="$ROOT/tools/python${PYTHONPATH:+:$PYTHONPATH}" \
    "$PYTHON" -m spikert_tools.cvectors --out "$VEC" && have_vec=1

# ---------------------------------------------------------------- run
if [ "$have_vec" = 1 ] && [ "$built_api" = 1 ]; then
    step "api_test" "${RUN[@]+"${RUN[@]}"}" "$WORK/api_test" "$VEC" "$BLOBS" || true
fi
if [ "$have_vec" = 1 ] && [ "$built_misuse" = 1 ]; then
    margs=()
    [ "$VERBOSE" = 1 ] && margs+=(-v)
    if [ "$SANITIZE" = 1 ]; then
        step "misuse_test (ASan+UBSan)" env \
            ASAN_OPTIONS=halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1 \
            UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            "${RUN[@]+"${RUN[@]}"}" "$WORK/misuse_test" "${margs[@]+"${margs[@]}"}" "$VEC" "$BLOBS" || true
    else
        step "misuse_test" "${RUN[@]+"${RUN[@]}"}" "$WORK/misuse_test" "${margs[@]+"${margs[@]}"}" \
            "$VEC" "$BLOBS" || true
    fi
fi

echo
if [ ${#FAILED[@]} -gt 0 ]; then
    echo "run.sh: ${#FAILED[@]} step(s) failed:"
    for f in "${FAILED[@]}"; do echo "  - $f"; done
    [ -z "${PRIVATE_WORK:-}" ] || echo "run.sh: the work folder is kept: $PRIVATE_WORK"
    exit 1
fi
echo "run.sh: all C ABI tests passed ($CC_${RUNNER:+ via $RUNNER}; prefix $PREFIX)"
[ -z "${PRIVATE_WORK:-}" ] || rm -rf "$PRIVATE_WORK"
