#!/usr/bin/env bash
# `swift build`, `swift test` or `swift run` against libgpiod 2.x, so that the package is
# built with spikertd's libgpiod 2.x backend (Libgpiod2Backend) on a machine whose own
# libgpiod is 1.6 (Debian 12):
#
#   cross/libgpiod2-swift.sh build                       .build-libgpiod2/debug/spikertd
#   cross/libgpiod2-swift.sh test --filter SpikeGPIOTests
#   cross/libgpiod2-swift.sh run spikertd --version
#
# What it does: cross/libgpiod2-prefix.sh (bookworm-backports' libgpiod 2.x in
# out/libgpiod2/ARCH; fetched once, reused after), then swift SUBCOMMAND with
#   PKG_CONFIG_PATH=PREFIX/lib/pkgconfig   SwiftPM's CGPIOD lookup finds the 2.x gpiod.h
#                                          and -L, and Package.swift's own pkg-config
#                                          call answers 2.x: SPIKERT_LIBGPIOD2 is set
#                                          (and before it, a libcbor.pc without the -L of
#                                          the system's library directory, where
#                                          Debian's libgpiod 1.6 would be linked from)
#   SPIKERT_LIBGPIOD=2                     the same, said explicitly (Package.swift
#                                          stops if the library were not 2.x: the build
#                                          fails on the 1.6 header instead of silently
#                                          compiling the other backend)
#   --scratch-path .build-libgpiod2        its own build folder, so the default build
#                                          (.build, libgpiod 1.6) is left as it is
#   -Xlinker -rpath -Xlinker PREFIX/lib    the binaries find libgpiod.so.3 in the prefix
#                                          when run here (for a board, ship libgpiod3)
# and the remaining arguments. On a system whose libgpiod is already 2.x (Debian 13),
# plain `swift build` selects the 2.x backend by itself (Package.swift reads the
# pkg-config version); this script is for 1.6 systems.
#
# Environment: SPK_LIBGPIOD2_PREFIX=DIR uses that prefix (DIR/lib/pkgconfig/libgpiod.pc,
# a 2.x libgpiod) instead of running cross/libgpiod2-prefix.sh; SPK_SCRATCH=DIR another
# scratch path.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
die() { echo "libgpiod2-swift: $*" >&2; exit 2; }
[ $# -ge 1 ] || die "usage: cross/libgpiod2-swift.sh build|test|run [ARGS...] (try --help)"
case "$1" in
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    build|test|run) ;;
    *) die "the first argument is build, test or run, not '$1'" ;;
esac
if ! command -v swift >/dev/null 2>&1; then
    [ -x /opt/swift/usr/bin/swift ] || die "swift not found (PATH or /opt/swift/usr/bin)"
    export PATH=/opt/swift/usr/bin:$PATH
fi

PREFIX=${SPK_LIBGPIOD2_PREFIX:-}
if [ -z "$PREFIX" ]; then
    PREFIX=$("$ROOT/cross/libgpiod2-prefix.sh" --print-prefix | tail -1)
fi
[ -f "$PREFIX/lib/pkgconfig/libgpiod.pc" ] || die "no $PREFIX/lib/pkgconfig/libgpiod.pc"
# SwiftPM reads .pc files itself and passes libcbor.pc's -L/usr/lib/TRIPLE to the
# linker ahead of the prefix's -L, and GNU ld takes -lgpiod from the first directory
# that has it: Debian's libgpiod 1.6 there. A copy of libcbor.pc without the -L of a
# directory the linker searches anyway goes first on PKG_CONFIG_PATH.
OVERRIDES=$ROOT/out/libgpiod2/swiftpm-pkgconfig
mkdir -p "$OVERRIDES"
cbor_pc=$(pkg-config --variable=pcfiledir libcbor 2>/dev/null)/libcbor.pc || true
if [ -f "$cbor_pc" ]; then
    cbor_libdir=$(pkg-config --variable=libdir libcbor)
    case "$cbor_libdir" in
        /usr/lib|/usr/lib/*-linux-gnu*|/lib|/lib/*-linux-gnu*)
            sed 's|-L${libdir} *||' "$cbor_pc" >"$OVERRIDES/libcbor.pc.new"
            mv "$OVERRIDES/libcbor.pc.new" "$OVERRIDES/libcbor.pc" ;;
        *) rm -f "$OVERRIDES/libcbor.pc" ;;
    esac
fi
export PKG_CONFIG_PATH=$OVERRIDES:$PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
version=$(pkg-config --modversion libgpiod) || die "pkg-config cannot read $PREFIX/lib/pkgconfig/libgpiod.pc"
[ "${version%%.*}" = 2 ] || die "$PREFIX holds libgpiod $version, not 2.x"
export SPIKERT_LIBGPIOD=2
LIBDIR=$(cd "$PREFIX/lib" && pwd -P)
echo "libgpiod2-swift: libgpiod $version from $PREFIX; swift $1 --scratch-path ${SPK_SCRATCH:-.build-libgpiod2}" >&2
cd "$ROOT"
subcommand=$1
shift
exec swift "$subcommand" --scratch-path "${SPK_SCRATCH:-.build-libgpiod2}" \
    -Xlinker -rpath -Xlinker "$LIBDIR" "$@"
