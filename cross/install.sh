#!/usr/bin/env bash
# Install SpikeRT's C library for one target:
#
#   cross/install.sh --prefix DIR [--target T] [--out DIR] [--build]
#
#   --prefix DIR   where to install (required):
#                    DIR/include/spikert.h
#                    DIR/lib/libspikert.a
#                    DIR/lib/pkgconfig/spikert.pc
#   --target T     which archive (default x86_64-unknown-linux-gnu, the host);
#                  one of LIB_TARGETS in cross/embedded-common.sh, or any target whose
#                  archive is in --out DIR (cross/board-build.sh builds armv6, riscv64)
#   --out DIR      where cross/build-lib.sh put the archives (default out/embedded)
#   --build        run cross/build-lib.sh for T first
#
# Then, for example:
#   PKG_CONFIG_PATH=DIR/lib/pkgconfig cc -std=c99 app.c $(pkg-config --cflags --libs spikert)
# spikert.pc requires libcbor's own .pc (libcbor-dev on Debian; for a cross target, the
# target's libcbor, e.g. PKG_CONFIG_PATH=/usr/lib/aarch64-linux-gnu/pkgconfig with
# Debian's multiarch libcbor-dev:arm64).
set -euo pipefail

# shellcheck source=cross/embedded-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/embedded-common.sh"
PREFIX=
TARGET=x86_64-unknown-linux-gnu
BUILD=0

die() { echo "install: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; PREFIX=$2; shift 2 ;;
        --target) [ $# -ge 2 ] || die "--target needs a triple"; TARGET=$2; shift 2 ;;
        --out)    [ $# -ge 2 ] || die "--out needs a directory"; OUT=$(cd "$2" && pwd); shift 2 ;;
        --build)  BUILD=1; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *)        die "unknown argument: $1 (try --help)" ;;
    esac
done
[ -n "$PREFIX" ] || die "--prefix is required (try --help)"
known=0
for t in "${LIB_TARGETS[@]}"; do [ "$t" = "$TARGET" ] && known=1; done
# Other targets (armv6, riscv64: cross/board-build.sh) once their archive is built.
[ "$known" = 1 ] || [ -f "$OUT/$TARGET/libspikert.a" ] \
    || die "unknown target '$TARGET' (one of: ${LIB_TARGETS[*]}; others once $OUT/$TARGET/libspikert.a is built)"

if [ "$BUILD" = 1 ]; then
    "$ROOT/cross/build-lib.sh" --out "$OUT" --target "$TARGET"
fi
LIB=$OUT/$TARGET/libspikert.a
[ -f "$LIB" ] || die "no $LIB (run cross/build-lib.sh --target $TARGET, or pass --build)"

VERSION=$(sed -n 's/^#define SPK_VERSION  *"\([^"]*\)".*/\1/p' "$ROOT/include/spikert.h")
[ -n "$VERSION" ] || die "no SPK_VERSION in include/spikert.h"

mkdir -p "$PREFIX/include" "$PREFIX/lib/pkgconfig"
PREFIX=$(cd "$PREFIX" && pwd)
install -m 0644 "$ROOT/include/spikert.h" "$PREFIX/include/spikert.h"
install -m 0644 "$LIB" "$PREFIX/lib/libspikert.a"
sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@VERSION@|$VERSION|g" "$ROOT/cross/spikert.pc.in" \
    >"$PREFIX/lib/pkgconfig/spikert.pc"
echo "install: $TARGET libspikert.a $VERSION -> $PREFIX"
echo "  $PREFIX/include/spikert.h"
echo "  $PREFIX/lib/libspikert.a"
echo "  $PREFIX/lib/pkgconfig/spikert.pc"
