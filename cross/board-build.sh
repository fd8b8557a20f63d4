#!/usr/bin/env bash
# Build SpikeRT for one board profile (boards/<id>, see boards/README.md), in Embedded
# Swift from the same sources as every other target:
#
#   cross/board-build.sh [--install-deps] [--rebuild] [--quiet] [--libgpiod2] BOARD
#
#   BOARD            a profile's name (rpi4) or path (boards/rpi4); also --board BOARD
#   --install-deps   apt-get install the profile's BUILD_PACKAGES that are missing
#                    (dpkg --add-architecture for PKG:ARCH first; needs root). Without
#                    it a missing package is an error naming the command.
#   --rebuild        compile even when the build directory is up to date
#   --quiet          the compiler steps go to the build log only
#   --libgpiod2      spikertd for a libgpiod 2.x system (Debian 13, bookworm-backports,
#                    Raspberry Pi OS on trixie): against the board architecture's
#                    libgpiod 2.x that cross/libgpiod2-prefix.sh unpacks into
#                    out/libgpiod2/DEBIAN_ARCH (as SPK_LIBGPIOD_PREFIX), installed into
#                    out/boards/<id>-libgpiod2/ so the 1.6 build stays beside it
#
# Result, an install prefix per board, out/boards/<id>/ (with --libgpiod2:
# out/boards/<id>-libgpiod2/):
#   include/spikert.h, lib/libspikert.a, lib/pkgconfig/spikert.pc   (every board)
#   bin/spikert-bench, bin/spikert            (KIND=linux: executables for the board)
#   bin/spikertd                              (KIND=linux with a libgpiod for the board)
#   board                                     (the profile it was built from)
#
# Steps:
#   1. read and check the profile (cross/board-profile.sh);
#   2. the target's libcbor: Debian multiarch (LIBCBOR=multiarch: libcbor-dev:ARCH), or
#      built from Debian's libcbor source package by cross/libcbor-source.sh into
#      out/libcbor/TRIPLE (LIBCBOR=source, Linux boards; once, reused after), or the
#      prefix SPK_LIBCBOR_PREFIX names (LIBCBOR=source; DIR/include, DIR/lib);
#   2b. the target's libgpiod 1.6 (KIND=linux; only spikertd links it): Debian multiarch
#      (LIBGPIOD=multiarch: libgpiod-dev:ARCH in BUILD_PACKAGES,
#      /usr/lib/TRIPLE/libgpiod.so), or built from Debian's libgpiod source package by
#      cross/libgpiod-source.sh into out/libgpiod/TRIPLE (LIBGPIOD=source, static: the
#      visionfive2, as bookworm has no riscv64 port; once, reused after), or the prefix
#      SPK_LIBGPIOD_PREFIX names (DIR/include/gpiod.h, DIR/lib/libgpiod.*). Without
#      one (libgpiod-dev:ARCH not installed) spikertd is left out and the reason
#      printed; the rest is built as always. Its API (1.6 or 2.x, which backend is
#      compiled: SPIKERT_LIBGPIOD for embedded-build.sh) is the major version its
#      libgpiod.pc gives (LIBDIR/pkgconfig), 1.6 when there is none;
#   3. cross/embedded-build.sh with SPK_EMBEDDED_OPT=SWIFT_OPT and
#      SPK_EMBEDDED_FLAGS=SWIFT_FLAGS: for KIND=linux `--tools --sysroot SYSROOT --cc CC`
#      (SpikeCore, SpikeModel, SpikeRT, the host-side modules, spikert-bench, spikert,
#      spikertd; the target's glibc headers, linked by CC with LDFLAGS), for
#      KIND=bare-metal the three library objects; then cross/build-lib.sh --no-objects:
#      libspikert.a from those objects. spikert and spikertd are linked with LLVM LTO
#      (clang and lld of the Swift toolchain, for CC's triple and GCC installation);
#      SPK_LTO=0 in the environment links them as spikert-bench is (a build directory
#      of its own);
#   4. cross/install.sh into out/boards/<id>, the executables into its bin/.
#
# Boards whose build settings are the same (rpi3 and rpi-zero-2w: the same CPU) share
# one build directory, out/boards/build/<swift target>-<hash of the settings>/; it is
# reused while a stamp of the settings, the sources, the scripts and the compiler
# matches, and locked (flock) while it is built.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=cross/board-profile.sh
source "$HERE/board-profile.sh"
ROOT=$BOARD_ROOT

die() { echo "board-build: $*" >&2; exit 2; }
fail() { echo "board-build: $*" >&2; exit 1; }

INSTALL_DEPS=0
REBUILD=0
LIBGPIOD2=0
QUIET=0
BOARD=
while [ $# -gt 0 ]; do
    case "$1" in
        --install-deps) INSTALL_DEPS=1; shift ;;
        --rebuild)      REBUILD=1; shift ;;
        --quiet)        QUIET=1; shift ;;
        --libgpiod2)    LIBGPIOD2=1; shift ;;
        --board)        [ $# -ge 2 ] || die "--board needs a profile"; BOARD=$2; shift 2 ;;
        -h|--help)      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*)             die "unknown option: $1 (try --help)" ;;
        *)              [ -z "$BOARD" ] || die "one board at a time (cross/check-boards.sh takes several)"; BOARD=$1; shift ;;
    esac
done
[ -n "$BOARD" ] || die "which board? one of: $(board_ids | paste -sd' ') (try --help)"

# ------------------------------------------------------------------ 1. the profile
board_load "$(board_path "$BOARD")" || die "the profile has errors (see above)"
ID=$BOARD_ID
T=$BOARD_SWIFT_TARGET
echo "board-build: $ID — $BOARD_NAME"
echo "  Swift: $T $BOARD_SWIFT_OPT${BOARD_SWIFT_FLAGS:+ $BOARD_SWIFT_FLAGS}${BOARD_CC:+; C: $BOARD_CC${BOARD_CFLAGS:+ $BOARD_CFLAGS}}"

if ! command -v swiftc >/dev/null 2>&1; then
    [ -x /opt/swift/usr/bin/swiftc ] || fail "swiftc not found (PATH or /opt/swift/usr/bin)"
    export PATH=/opt/swift/usr/bin:$PATH
fi
STDLIB=$(dirname "$(dirname "$(command -v swiftc)")")/lib/swift/embedded/Swift.swiftmodule/$T.swiftmodule
[ -e "$STDLIB" ] || fail "this Swift toolchain has no Embedded stdlib for $T ($STDLIB)"

# ------------------------------------------------------------------ 2. packages, libcbor
read -r -a BUILD_PKGS <<<"$BOARD_BUILD_PACKAGES"
if [ ${#BUILD_PKGS[@]} -gt 0 ]; then
    mapfile -t missing < <(board_missing_packages "${BUILD_PKGS[@]}")
    if [ ${#missing[@]} -gt 0 ]; then
        [ "$INSTALL_DEPS" = 1 ] || fail "missing packages: ${missing[*]} (run with --install-deps as root, or apt-get install ${missing[*]})"
        board_install_packages "${missing[@]}" || fail "could not install ${missing[*]}"
    fi
fi
if [ "$BOARD_KIND" = linux ]; then
    command -v "$BOARD_CC" >/dev/null 2>&1 || fail "no C compiler $BOARD_CC (BUILD_PACKAGES: $BOARD_BUILD_PACKAGES)"
    [ -z "$BOARD_SYSROOT" ] || [ -d "$BOARD_SYSROOT/include" ] \
        || fail "no $BOARD_SYSROOT/include (the target's libc headers; BUILD_PACKAGES: $BOARD_BUILD_PACKAGES)"
fi

mapfile -t CBOR_DIRS < <(board_cbor_dirs)
CBOR_INCLUDE=${CBOR_DIRS[0]}
CBOR_LIBDIR=${CBOR_DIRS[1]}
if [ "$BOARD_KIND" = linux ] && [ "$BOARD_LIBCBOR" = source ]; then
    prefix=$(dirname "$CBOR_INCLUDE")
    if [ -n "${SPK_LIBCBOR_PREFIX:-}" ]; then
        echo "  libcbor: $prefix (SPK_LIBCBOR_PREFIX)"
    elif [ -f "$prefix/lib/libcbor.a" ] && [ -f "$prefix/include/cbor.h" ]; then
        echo "  libcbor: $prefix (cross/libcbor-source.sh; reused)"
        sed -n 's/^summary=/    /p' "$prefix/share/libcbor-source.txt" 2>/dev/null || true
    else
        [ -x "$ROOT/cross/libcbor-source.sh" ] || fail "LIBCBOR=source needs cross/libcbor-source.sh"
        echo "== libcbor for $BOARD_TRIPLE from Debian's source package: cross/libcbor-source.sh"
        "$ROOT/cross/libcbor-source.sh" --cc "$BOARD_CC" --cflags "-O2 $BOARD_CFLAGS" \
            --prefix "$prefix" --system-name Linux \
            || fail "cross/libcbor-source.sh failed (or give a libcbor built for $BOARD_TRIPLE: SPK_LIBCBOR_PREFIX=DIR with DIR/include, DIR/lib)"
    fi
fi
if [ "$BOARD_KIND" = linux ]; then
    [ -f "$CBOR_INCLUDE/cbor.h" ] || fail "no $CBOR_INCLUDE/cbor.h (LIBCBOR=$BOARD_LIBCBOR)"
    ls "$CBOR_LIBDIR"/libcbor.* >/dev/null 2>&1 || fail "no libcbor in $CBOR_LIBDIR (LIBCBOR=$BOARD_LIBCBOR)"
else
    # Bare metal: libspikert.a needs libcbor's headers only (the firmware links libcbor).
    CBOR_INCLUDE=/usr/include
    [ -f "$CBOR_INCLUDE/cbor.h" ] || fail "no $CBOR_INCLUDE/cbor.h (libcbor-dev: the headers the library is compiled against)"
fi

# ------------------------------------------------------------------ 2b. libgpiod
# The daemon is built when the board's libgpiod is found; the library, the CLI and the
# benchmark do not need it.
DAEMON=0
GPIOD_INCLUDE=
GPIOD_LIBDIR=
GPIOD_API=1
INSTALL_NAME=$ID
if [ "$LIBGPIOD2" = 1 ]; then
    [ "$BOARD_KIND" = linux ] && [ -n "$BOARD_DEBIAN_ARCH" ] || fail "--libgpiod2: $ID is not a Linux board with a DEBIAN_ARCH"
    echo "== libgpiod 2.x for $BOARD_DEBIAN_ARCH: cross/libgpiod2-prefix.sh"
    SPK_LIBGPIOD_PREFIX=$("$ROOT/cross/libgpiod2-prefix.sh" --arch "$BOARD_DEBIAN_ARCH" --print-prefix | tail -1) \
        || fail "cross/libgpiod2-prefix.sh --arch $BOARD_DEBIAN_ARCH failed (above)"
    export SPK_LIBGPIOD_PREFIX
    INSTALL_NAME=$ID-libgpiod2
fi
if [ "$BOARD_KIND" = linux ]; then
    mapfile -t GPIOD_DIRS < <(board_gpiod_dirs)
    GPIOD_INCLUDE=${GPIOD_DIRS[0]}
    GPIOD_LIBDIR=${GPIOD_DIRS[1]}
    prefix=$(dirname "$GPIOD_INCLUDE")
    if [ -n "${SPK_LIBGPIOD_PREFIX:-}" ]; then
        [ -f "$GPIOD_INCLUDE/gpiod.h" ] || fail "SPK_LIBGPIOD_PREFIX=$SPK_LIBGPIOD_PREFIX has no include/gpiod.h"
        ls "$GPIOD_LIBDIR"/libgpiod.* >/dev/null 2>&1 || fail "SPK_LIBGPIOD_PREFIX=$SPK_LIBGPIOD_PREFIX has no lib/libgpiod.*"
        echo "  libgpiod: $prefix (SPK_LIBGPIOD_PREFIX)"
    elif [ "$BOARD_LIBGPIOD" = source ]; then
        if [ -f "$GPIOD_LIBDIR/libgpiod.a" ] && [ -f "$GPIOD_INCLUDE/gpiod.h" ]; then
            echo "  libgpiod: $prefix (cross/libgpiod-source.sh; reused)"
            sed -n 's/^summary=/    /p' "$prefix/share/libgpiod-source.txt" 2>/dev/null || true
        else
            [ -x "$ROOT/cross/libgpiod-source.sh" ] || fail "LIBGPIOD=source needs cross/libgpiod-source.sh"
            echo "== libgpiod for $BOARD_TRIPLE from Debian's source package: cross/libgpiod-source.sh"
            "$ROOT/cross/libgpiod-source.sh" --cc "$BOARD_CC" --cflags "-O2 $BOARD_CFLAGS" --prefix "$prefix" \
                || fail "cross/libgpiod-source.sh failed (or give a libgpiod 1.6 built for $BOARD_TRIPLE: SPK_LIBGPIOD_PREFIX=DIR with DIR/include/gpiod.h, DIR/lib/libgpiod.*)"
        fi
    fi
    if [ -n "$GPIOD_INCLUDE" ] && [ -f "$GPIOD_INCLUDE/gpiod.h" ] \
            && { [ -e "$GPIOD_LIBDIR/libgpiod.so" ] || [ -e "$GPIOD_LIBDIR/libgpiod.a" ]; }; then
        DAEMON=1
        # Which backend: the library's pkg-config version (its own .pc, not the host's).
        version=$(PKG_CONFIG_LIBDIR=$GPIOD_LIBDIR/pkgconfig PKG_CONFIG_PATH= pkg-config --modversion libgpiod 2>/dev/null || true)
        case "$version" in 2.*) GPIOD_API=2 ;; esac
        echo "  libgpiod ${version:-1.6 (no libgpiod.pc)}: the $([ "$GPIOD_API" = 2 ] && echo 2.x || echo 1.6) backend"
        [ "$LIBGPIOD2" = 0 ] || [ "$GPIOD_API" = 2 ] || fail "--libgpiod2: $SPK_LIBGPIOD_PREFIX is libgpiod ${version:-?}, not 2.x"
    else
        echo "  spikertd: NOT built for $ID: no libgpiod for $BOARD_TRIPLE (LIBGPIOD=${BOARD_LIBGPIOD:-}: no"
        echo "    $GPIOD_LIBDIR/libgpiod.so: libgpiod-dev:${BOARD_DEBIAN_ARCH:-ARCH} is not installed). Install it, or give"
        echo "    SPK_LIBGPIOD_PREFIX=DIR (DIR/include/gpiod.h, DIR/lib/libgpiod.*: libgpiod 1.6 built for $BOARD_TRIPLE)."
        echo "    The library, spikert and spikert-bench are built."
        GPIOD_INCLUDE=
        GPIOD_LIBDIR=
    fi
fi

# ------------------------------------------------------------------ 3. build
# What the build depends on besides the sources: a board with the same settings shares it.
SETTINGS="kind=$BOARD_KIND target=$T opt=$BOARD_SWIFT_OPT flags=$BOARD_SWIFT_FLAGS"
SETTINGS="$SETTINGS sysroot=$BOARD_SYSROOT cc=$BOARD_CC ldflags=$BOARD_LDFLAGS"
SETTINGS="$SETTINGS cbor=$CBOR_INCLUDE:$CBOR_LIBDIR daemon=$DAEMON gpiod=$GPIOD_INCLUDE:$GPIOD_LIBDIR"
[ "$GPIOD_API" = 1 ] || SETTINGS="$SETTINGS gpiod_api=$GPIOD_API"
[ "${SPK_LTO:-1}" = 1 ] || SETTINGS="$SETTINGS lto=${SPK_LTO}"
KEY=$(printf '%s' "$SETTINGS" | sha256sum | cut -c1-12)
BUILD=$ROOT/out/boards/build/$T-$KEY
mkdir -p "$BUILD"
LOG=$BUILD/board-build.log

# The stamp: settings, compiler, the scripts that build, and every source and header.
stamp() {
    printf '%s\n' "$SETTINGS"
    swiftc --version 2>&1 | head -1
    [ -z "$BOARD_CC" ] || ! command -v "$BOARD_CC" >/dev/null 2>&1 || "$BOARD_CC" --version | head -1
    (cd "$ROOT" && find Sources include cross/embedded-build.sh cross/embedded-common.sh \
        cross/build-lib.sh -type f \( -name '*.swift' -o -name '*.h' -o -name '*.modulemap' \
        -o -name '*.sh' -o -name '*.symbols' \) -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    sha256sum "$CBOR_INCLUDE/cbor.h" | cut -d' ' -f1
    [ "$DAEMON" = 0 ] || sha256sum "$GPIOD_INCLUDE/gpiod.h" | cut -d' ' -f1
}

exec 9>"$BUILD.lock"
flock 9
WANT=$(stamp | sha256sum | cut -d' ' -f1)
HAVE=$(cat "$BUILD/stamp" 2>/dev/null || true)
ARTIFACTS=("$BUILD/$T/libspikert.a")
[ "$BOARD_KIND" = linux ] && ARTIFACTS+=("$BUILD/$T/spikert-bench" "$BUILD/$T/spikert")
[ "$DAEMON" = 0 ] || ARTIFACTS+=("$BUILD/$T/spikertd")
uptodate=1
for a in "${ARTIFACTS[@]}"; do [ -f "$a" ] || uptodate=0; done
[ "$WANT" = "$HAVE" ] || uptodate=0
[ "$REBUILD" = 0 ] || uptodate=0

if [ "$uptodate" = 1 ]; then
    echo "  build: $BUILD (up to date, reused)"
else
    rm -f "$BUILD/stamp"
    echo "  build: $BUILD (log $LOG)"
    start=$(date +%s)
    args=(--out "$BUILD" --target "$T")
    if [ "$BOARD_KIND" = linux ]; then
        ldflags="$BOARD_LDFLAGS -L$CBOR_LIBDIR"
        [ "$DAEMON" = 0 ] || [ "$GPIOD_LIBDIR" = "$CBOR_LIBDIR" ] || ldflags="$ldflags -L$GPIOD_LIBDIR"
        # A 2.x libgpiod's directory first: the linker takes -lgpiod from the first
        # directory that has one, and the multiarch directory of libcbor may hold 1.6's.
        [ "$GPIOD_API" = 1 ] || ldflags="$BOARD_LDFLAGS -L$GPIOD_LIBDIR -L$CBOR_LIBDIR"
        args+=(--tools --cc "$BOARD_CC" --ldflags "$ldflags")
        [ -z "$BOARD_SYSROOT" ] || args+=(--sysroot "$BOARD_SYSROOT")
        [ "$DAEMON" = 1 ] || args+=(--no-daemon)
    fi
    status=0
    {
        echo "+ SPK_EMBEDDED_OPT=$BOARD_SWIFT_OPT SPK_EMBEDDED_FLAGS=\"$BOARD_SWIFT_FLAGS\" SPK_CBOR_INCLUDE=$CBOR_INCLUDE SPK_GPIOD_INCLUDE=${GPIOD_INCLUDE:-/usr/include} SPIKERT_LIBGPIOD=$GPIOD_API cross/embedded-build.sh ${args[*]}"
        SPK_EMBEDDED_OPT=$BOARD_SWIFT_OPT SPK_EMBEDDED_FLAGS=$BOARD_SWIFT_FLAGS SPK_CBOR_INCLUDE=$CBOR_INCLUDE \
            SPK_GPIOD_INCLUDE=${GPIOD_INCLUDE:-/usr/include} SPIKERT_LIBGPIOD=$GPIOD_API \
            "$ROOT/cross/embedded-build.sh" "${args[@]}" \
            && echo "+ cross/build-lib.sh --no-objects --out $BUILD --target $T" \
            && "$ROOT/cross/build-lib.sh" --no-objects --out "$BUILD" --target "$T"
    } >"$LOG" 2>&1 || status=$?
    if [ "$QUIET" = 0 ] || [ "$status" != 0 ]; then sed 's/^/  | /' "$LOG"; fi
    [ "$status" = 0 ] || fail "$ID: the build failed (log $LOG)"
    printf '%s\n' "$WANT" >"$BUILD/stamp"
    echo "  built in $(( $(date +%s) - start )) s"
fi

# ------------------------------------------------------------------ 4. install
PREFIX=$ROOT/out/boards/$INSTALL_NAME
rm -rf "$PREFIX"
"$ROOT/cross/install.sh" --prefix "$PREFIX" --target "$T" --out "$BUILD" >/dev/null
install -m 0644 "$BOARD_FILE" "$PREFIX/board"
if [ "$BOARD_KIND" = linux ]; then
    mkdir -p "$PREFIX/bin"
    install -m 0755 "$BUILD/$T/spikert-bench" "$BUILD/$T/spikert" "$PREFIX/bin/"
    [ "$DAEMON" = 0 ] || install -m 0755 "$BUILD/$T/spikertd" "$PREFIX/bin/"
fi
flock -u 9

# What was built, and what it needs at run time: libc, libcbor and (the daemon only)
# libgpiod, never a Swift runtime library. The stripped size is what a package ships.
# Usage: describe FILE [ALLOWED_LIBRARY_PREFIX...]
describe() {
    local f=$1 machine needed lib allowed ok stripped=
    shift
    machine=$(LC_ALL=C readelf -h "$f" 2>/dev/null | sed -n 's/^ *Machine: *//p' | head -1)
    needed=$(LC_ALL=C readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | paste -sd' ')
    if LC_ALL=C readelf -h "$f" 2>/dev/null | grep -q '^ *Type: *\(EXEC\|DYN\)' \
            && command -v llvm-strip >/dev/null 2>&1; then
        stripped=$(llvm-strip -o - "$f" 2>/dev/null | wc -c)
    fi
    printf '  %-34s %9s bytes%s  %s%s\n' "${f#"$ROOT"/}" "$(wc -c <"$f")" \
        "${stripped:+ ($stripped stripped)}" "${machine:-archive}" "${needed:+, needs $needed}"
    case "$needed" in *libswift*) fail "$f needs a Swift runtime library" ;; esac
    for lib in $needed; do
        ok=0
        for allowed in libc.so. "$@"; do
            case "$lib" in "$allowed"*) ok=1 ;; esac
        done
        [ "$ok" = 1 ] || fail "$f needs $lib (allowed: libc ${*})"
    done
}
describe "$PREFIX/lib/libspikert.a"
if [ "$BOARD_KIND" = linux ]; then
    describe "$PREFIX/bin/spikert-bench" libcbor.so.
    describe "$PREFIX/bin/spikert" libcbor.so.
    [ "$DAEMON" = 0 ] || describe "$PREFIX/bin/spikertd" libcbor.so. libgpiod.so.
fi
echo "board-build: $ID ok -> ${PREFIX#"$ROOT"/}"
