#!/usr/bin/env bash
# Build the spikertd Debian package for one board, from what cross/board-build.sh made:
#
#   cross/package/build-deb.sh [--version V] [--out DIR] [--libgpiod2] BOARD
#
#   BOARD          a Linux board profile's name or path (boards/, KIND=linux); its
#                  out/boards/<id>/bin/{spikertd,spikert} must exist (cross/board-build.sh)
#   --version V    the package version (default: SPK_VERSION of include/spikert.h)
#   --out DIR      output root (default out/package)
#   --libgpiod2    the package for a libgpiod 2.x system (Debian 13, bookworm-backports,
#                  Raspberry Pi OS on trixie), from `cross/board-build.sh --libgpiod2
#                  BOARD` (out/boards/<id>-libgpiod2/bin), into DIR/<id>-libgpiod2/;
#                  its Depends names libgpiod3, read by dpkg-shlibdeps from libgpiod3's
#                  own shlibs and symbols files in the private prefix
#                  (cross/libgpiod2-prefix.sh: out/libgpiod2/DEBIAN_ARCH/root)
#
# Result: DIR/<id>/spikertd_<version>_<DEBIAN_ARCH>.deb (one folder per board: rpi3 and
# rpi4 both make an arm64 package, tuned for their own CPU), built by dpkg-deb
# --root-owner-group from a staged tree (DIR/<id>/root), holding
#   /usr/bin/spikertd, /usr/bin/spikert                (stripped)
#   /lib/systemd/system/spikertd.service               (spikertd.service)
#   /usr/lib/sysusers.d/spikertd.conf                  (spikertd.sysusers)
#   /lib/udev/rules.d/60-spikertd-gpio.rules
#   /etc/spikertd/spikertd.conf                        (a conffile; every key commented)
#   /usr/share/man/man8/spikertd.8.gz                  (spikertd.8, gzip -9n)
#   /usr/share/spikertd/boards/<id>                    (every KIND=linux profile of
#                                                      boards/: --board ID finds them)
#   /usr/share/doc/spikertd/copyright
# and DEBIAN/{control,conffiles,md5sums,postinst,prerm,postrm}. Depends is computed by
# dpkg-shlibdeps from the binaries' NEEDED entries and the board architecture's shlibs
# and symbols files (libc6, libcbor0.8, and the daemon's libgpiod: libgpiod2 for
# libgpiod 1.6's libgpiod.so.2, libgpiod3 for 2.x's libgpiod.so.3, whichever the daemon
# was linked against).
# cross/package/check-deb.sh checks the result.
#
# Environment: SPK_DEB_MAINTAINER, the control file's Maintainer (a name <address>).
# Exits 1 naming what is missing, 2 on a usage error.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=cross/board-profile.sh
source "$HERE/../board-profile.sh"
ROOT=$BOARD_ROOT

die() { echo "build-deb: $*" >&2; exit 2; }
fail() { echo "build-deb: $*" >&2; exit 1; }

VERSION=
OUTDIR=$ROOT/out/package
BOARD=
LIBGPIOD2=0
while [ $# -gt 0 ]; do
    case "$1" in
        --version) [ $# -ge 2 ] || die "--version needs a version"; VERSION=$2; shift 2 ;;
        --out)     [ $# -ge 2 ] || die "--out needs a directory"; OUTDIR=$2; shift 2 ;;
        --libgpiod2) LIBGPIOD2=1; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*)        die "unknown option: $1 (try --help)" ;;
        *)         [ -z "$BOARD" ] || die "one board at a time"; BOARD=$1; shift ;;
    esac
done
[ -n "$BOARD" ] || die "which board? one of: $(board_ids | paste -sd' ') (try --help)"
board_load "$(board_path "$BOARD")" || die "the profile has errors (see above)"
ID=$BOARD_ID
[ "$BOARD_KIND" = linux ] || fail "$ID is KIND=$BOARD_KIND: only Linux boards run spikertd"
# The build's install prefix and this package's folder (a 2.x build beside the 1.6 one).
NAME=$ID
[ "$LIBGPIOD2" = 0 ] || NAME=$ID-libgpiod2
ARCH=$BOARD_DEBIAN_ARCH
[ -n "$ARCH" ] || fail "$ID has no DEBIAN_ARCH"

if [ -z "$VERSION" ]; then
    VERSION=$(sed -n 's/^#define SPK_VERSION  *"\([^"]*\)".*/\1/p' "$ROOT/include/spikert.h")
    [ -n "$VERSION" ] || fail "no SPK_VERSION in include/spikert.h (or give --version)"
fi
[[ $VERSION =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || die "--version '$VERSION' is not a Debian version"
MAINTAINER=${SPK_DEB_MAINTAINER:-SpikeRT developers <spikert@localhost>}

for tool in dpkg-deb dpkg-shlibdeps gzip; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool not found (apt-get install dpkg-dev)"
done
PREFIX=$ROOT/out/boards/$NAME
BUILD_CMD="cross/board-build.sh$([ "$LIBGPIOD2" = 0 ] || echo ' --libgpiod2') $ID"
for bin in spikertd spikert; do
    [ -x "$PREFIX/bin/$bin" ] || fail "no $PREFIX/bin/$bin: run $BUILD_CMD first (spikertd is built only where the board has a libgpiod; board-build.sh says why not)"
done
# The binaries must be the board's: a stale out/boards/<id> of another profile is refused.
cmp -s "$PREFIX/board" "$BOARD_FILE" || fail "$PREFIX/board differs from $BOARD_FILE: rebuild with $BUILD_CMD"

STRIP=
for s in "$BOARD_TRIPLE-strip" llvm-strip; do
    if command -v "$s" >/dev/null 2>&1; then STRIP=$s; break; fi
done
[ -n "$STRIP" ] || fail "no $BOARD_TRIPLE-strip or llvm-strip to strip the binaries"

# ------------------------------------------------------------------ the tree
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$OUTDIR/$NAME
STAGE=$WORK/root
rm -rf "$WORK"
mkdir -p "$STAGE/DEBIAN"

put() {  # MODE SOURCE DEST (DEST under the staged root)
    install -D -m "$1" "$2" "$STAGE$3"
}
put 0755 "$PREFIX/bin/spikertd" /usr/bin/spikertd
put 0755 "$PREFIX/bin/spikert" /usr/bin/spikert
"$STRIP" --strip-unneeded "$STAGE/usr/bin/spikertd" "$STAGE/usr/bin/spikert"
put 0644 "$HERE/spikertd.service" /lib/systemd/system/spikertd.service
put 0644 "$HERE/spikertd.sysusers" /usr/lib/sysusers.d/spikertd.conf
put 0644 "$HERE/60-spikertd-gpio.rules" /lib/udev/rules.d/60-spikertd-gpio.rules
put 0644 "$HERE/spikertd.conf" /etc/spikertd/spikertd.conf
put 0644 "$HERE/copyright" /usr/share/doc/spikertd/copyright
# The daemon's --board ID looks in /usr/share/spikertd/boards (its --boards-dir default).
for id in $(board_ids); do
    board_load "$ROOT/boards/$id" || fail "boards/$id has errors (see above)"
    [ "$BOARD_KIND" = linux ] || continue
    put 0644 "$ROOT/boards/$id" "/usr/share/spikertd/boards/$id"
done
board_load "$(board_path "$BOARD")"
mkdir -p "$STAGE/usr/share/man/man8"
gzip -9n <"$HERE/spikertd.8" >"$STAGE/usr/share/man/man8/spikertd.8.gz"
chmod 0644 "$STAGE/usr/share/man/man8/spikertd.8.gz"
for script in postinst prerm postrm; do
    install -m 0755 "$HERE/$script" "$STAGE/DEBIAN/$script"
done
echo /etc/spikertd/spikertd.conf >"$STAGE/DEBIAN/conffiles"

# ------------------------------------------------------------------ Depends
# dpkg-shlibdeps wants a debian/control naming the package, run from the directory
# above debian/; the binaries are analysed where they are staged. It finds the board
# architecture's libraries in /lib/TRIPLE and /usr/lib/TRIPLE (Debian multiarch: the
# BUILD_PACKAGES libcbor-dev:ARCH and libgpiod-dev:ARCH pull in their shlibs files).
# A libgpiod 2.x build links libgpiod.so.3, which no installed package holds here:
# dpkg-shlibdeps -S looks in the private prefix's unpacked libgpiod3 first and reads
# that package's own DEBIAN/shlibs and DEBIAN/symbols.
SHL=$WORK/shlibdeps
mkdir -p "$SHL/debian"
printf 'Source: spikertd\n\nPackage: spikertd\nArchitecture: %s\n' "$ARCH" >"$SHL/debian/control"
SHLIBDEPS_SEARCH=()
if [ "$LIBGPIOD2" = 1 ]; then
    GPIOD2=$("$ROOT/cross/libgpiod2-prefix.sh" --arch "$ARCH" --print-prefix | tail -1) \
        || fail "cross/libgpiod2-prefix.sh --arch $ARCH failed (above)"
    [ -f "$GPIOD2/root/DEBIAN/shlibs" ] || fail "no $GPIOD2/root/DEBIAN/shlibs (cross/libgpiod2-prefix.sh)"
    SHLIBDEPS_SEARCH=(-S"$GPIOD2/root")
fi
DEPENDS=$(cd "$SHL" && dpkg-shlibdeps -O --warnings=0 ${SHLIBDEPS_SEARCH[@]+"${SHLIBDEPS_SEARCH[@]}"} \
        "$STAGE/usr/bin/spikertd" "$STAGE/usr/bin/spikert" 2>"$WORK/shlibdeps.log") \
    || { cat "$WORK/shlibdeps.log" >&2; fail "dpkg-shlibdeps failed for $ARCH (are libc6:$ARCH, libcbor0.8:$ARCH installed?)"; }
DEPENDS=${DEPENDS#shlibs:Depends=}
[ -n "$DEPENDS" ] || fail "dpkg-shlibdeps found no dependencies (not even libc6): see $WORK/shlibdeps.log"
rm -rf "$SHL"

SIZE=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat >"$STAGE/DEBIAN/control" <<EOF
Package: spikertd
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $SIZE
Depends: $DEPENDS
Section: misc
Priority: optional
Description: SpikeRT daemon: spiking neural networks on GPIO and sensor input
 spikertd runs a SpikeRT model (a CBOR blob quantized from snnTorch, Norse, Lava or
 any NIR graph) tick by tick on a $BOARD_NAME:
 GPIO edges and IIO sensor samples in, spikes out on GPIO lines, files, JSON lines
 and a Unix control socket; online learning with crash-safe checkpoints; no wake-ups
 while the network is at rest. Built in Embedded Swift: no Swift runtime needed.
 Also contains spikert, the command-line tool (validate, inspect, run models).
EOF
(cd "$STAGE" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | LC_ALL=C sort -z \
    | xargs -0 md5sum) >"$STAGE/DEBIAN/md5sums"

# ------------------------------------------------------------------ the package
DEB=$WORK/spikertd_${VERSION}_$ARCH.deb
rm -f "$DEB"
dpkg-deb --root-owner-group --build "$STAGE" "$DEB" >/dev/null \
    || fail "dpkg-deb --build failed for $STAGE"
echo "build-deb: $NAME: ${DEB#"$ROOT"/} ($(wc -c <"$DEB") bytes)"
echo "  Depends: $DEPENDS"
echo "  /usr/bin/spikertd $(wc -c <"$STAGE/usr/bin/spikertd") bytes, /usr/bin/spikert $(wc -c <"$STAGE/usr/bin/spikert") bytes (stripped)"
