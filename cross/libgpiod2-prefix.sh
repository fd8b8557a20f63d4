#!/usr/bin/env bash
# Unpack libgpiod 2.x (Debian's binary packages, bookworm-backports on Debian 12) into a
# private prefix, so that spikertd's libgpiod 2.x backend can be built and tested on a
# machine whose own libgpiod is 1.6, without installing anything system-wide.
#
#   cross/libgpiod2-prefix.sh [--arch ARCH] [--suite SUITE] [--prefix DIR] [--print-prefix]
#
#   --arch ARCH      Debian architecture of the library (default: this machine's,
#                    `dpkg --print-architecture`); arm64 for a Raspberry Pi 4 build
#   --suite SUITE    the suite to take it from (default: CODENAME-backports, from
#                    VERSION_CODENAME in /etc/os-release; its libgpiod must be 2.x)
#   --prefix DIR     where to unpack (default out/libgpiod2/ARCH)
#   --print-prefix   print the prefix's absolute path on stdout (last line) when done,
#                    for scripts: PREFIX=$(cross/libgpiod2-prefix.sh --print-prefix | tail -1)
#
# Result, in DIR:
#   root/                 `dpkg-deb -x` of libgpiod3 (the shared library) and libgpiod-dev
#                         (gpiod.h, libgpiod.a, libgpiod.so, libgpiod.pc), as Debian
#                         ships them (root/usr/...), and root/DEBIAN, libgpiod3's control
#                         files (shlibs, symbols): dpkg-shlibdeps -S DIR/root reads them
#                         to write "libgpiod3 (>= 2.1...)" into a package's Depends
#   include -> root/usr/include                  (gpiod.h of 2.x)
#   lib -> root/usr/lib/TRIPLE                   (libgpiod.so.3, libgpiod.so, libgpiod.a)
#   lib/pkgconfig/libgpiod.pc                    (prefix= rewritten to DIR/root/usr, so
#                         PKG_CONFIG_PATH=DIR/lib/pkgconfig gives this copy's -I and -L)
#   share/libgpiod2-prefix.txt                   (the packages, versions, checksums,
#                         suite; a later run with it in place downloads nothing)
#
# How the packages are fetched: apt, with a sources file of its own,
# out/libgpiod2/apt/backports.sources, derived from the machine's Debian archive entry
# (URIs and Signed-By of the deb entry for the machine's release, in
# /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list; cross/debian-source.sh's
# derive_deb_src), Suites SUITE, Components main. apt runs with that file only and with
# its own lists and cache in out/libgpiod2/apt/ (Dir::Etc::sourcelist, Dir::State::Lists,
# Dir::Cache), so the machine's apt sources, lists and installed packages are not
# touched: `apt-get update` of that entry, then `apt-get download libgpiod3:ARCH
# libgpiod-dev:ARCH` from SUITE (apt checks each file against the suite's signed index).
#
# Idempotent: with DIR/share/libgpiod2-prefix.txt and the files it names in place, nothing
# is fetched. Needs no root (apt's downloads then run unsandboxed, which apt says).
# Exits 2 on a usage error, 1 when a step fails, naming it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/out/libgpiod2

DS_PACKAGE=libgpiod
DS_TAG=libgpiod2-prefix
DS_SCRIPT=cross/libgpiod2-prefix.sh
# usage, die, fail, say, warn, run and derive_deb_src
# shellcheck source=cross/debian-source.sh
source "$ROOT/cross/debian-source.sh"

ARCH=
SUITE=
PREFIX=
PRINT=0
while [ $# -gt 0 ]; do
    case "$1" in
        --arch)         [ $# -ge 2 ] || die "--arch needs a Debian architecture"; ARCH=$2; shift 2 ;;
        --suite)        [ $# -ge 2 ] || die "--suite needs a suite"; SUITE=$2; shift 2 ;;
        --prefix)       [ $# -ge 2 ] || die "--prefix needs a directory"; PREFIX=$2; shift 2 ;;
        --print-prefix) PRINT=1; shift ;;
        -h|--help)      usage; exit 0 ;;
        *)              die "unknown argument: $1 (try --help)" ;;
    esac
done
for tool in dpkg dpkg-deb dpkg-architecture apt-get apt-cache; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool not found (apt-get install dpkg-dev apt)"
done
[ -n "$ARCH" ] || ARCH=$(dpkg --print-architecture)
TRIPLE=$(dpkg-architecture -a"$ARCH" -qDEB_HOST_MULTIARCH 2>/dev/null) \
    || die "--arch $ARCH is not a Debian architecture dpkg knows"
[ -n "$PREFIX" ] || PREFIX=$WORK/$ARCH
mkdir -p "$PREFIX"
PREFIX=$(cd "$PREFIX" && pwd)
MANIFEST=$PREFIX/share/libgpiod2-prefix.txt

done_() {
    if [ "$PRINT" = 1 ]; then echo "$PREFIX"; fi
    exit 0
}

# ------------------------------------------------------------------ already there?
manifest_value() { sed -n "s/^$1=//p" "$MANIFEST" 2>/dev/null | head -1; }
prefix_complete() {
    [ -f "$MANIFEST" ] && [ "$(manifest_value arch)" = "$ARCH" ] \
        && [ -f "$PREFIX/include/gpiod.h" ] && [ -e "$PREFIX/lib/libgpiod.so" ] \
        && [ -f "$PREFIX/lib/pkgconfig/libgpiod.pc" ] && [ -f "$PREFIX/root/DEBIAN/shlibs" ] \
        && grep -q "^prefix=$PREFIX/root/usr\$" "$PREFIX/lib/pkgconfig/libgpiod.pc"
}
# One run at a time per prefix (CI and a developer, or two board builds).
exec 9>"$PREFIX.lock"
flock 9
if prefix_complete; then
    say "$PREFIX: libgpiod $(manifest_value version) for $ARCH already unpacked (nothing fetched)"
    done_
fi

# ------------------------------------------------------------------ apt, privately
CODENAME=
if [ -r /etc/os-release ]; then
    # shellcheck disable=SC1091  # the machine's own file
    CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
fi
[ -n "$CODENAME" ] || fail "no VERSION_CODENAME in /etc/os-release: which Debian release is this?"
[ -n "$SUITE" ] || SUITE=$CODENAME-backports
APTDIR=$WORK/apt
mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/download"
SOURCES=$APTDIR/$SUITE.sources
entry=$(derive_deb_src "$CODENAME" "$SUITE" main) \
    || fail "found no Debian archive deb entry for $CODENAME in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list to derive a $SUITE entry from"
# derive_deb_src writes a deb-src entry; this one is for binary packages.
entry="# Debian $SUITE, binary packages, for $DS_SCRIPT only (derived from the Debian
# archive entry of this machine's apt sources)
$(printf '%s\n' "$entry" | sed -e '/^#/d' -e 's/^Types: deb-src$/Types: deb/')"
if [ ! -f "$SOURCES" ] || [ "$(cat "$SOURCES")" != "$entry" ]; then
    printf '%s\n' "$entry" >"$SOURCES"
    say "apt sources file $SOURCES (used by this script only):"
    sed 's/^/    /' "$SOURCES"
fi
# apt with that file alone, its own lists and cache, and the one architecture.
APT_OPTS=(-o Dir::Etc::sourcelist="$SOURCES" -o Dir::Etc::sourceparts=-
          -o Dir::State::Lists="$APTDIR/lists" -o Dir::Cache="$APTDIR/cache"
          -o APT::Architecture="$ARCH" -o APT::Architectures::="$ARCH"
          -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
say "apt-get update of $SUITE ($ARCH) into $APTDIR/lists"
run apt-get "${APT_OPTS[@]}" -qq update || fail "apt-get update of $SOURCES failed (see above)"

candidate() { apt-cache "${APT_OPTS[@]}" show "$1:$ARCH/$SUITE" 2>/dev/null | sed -n "s/^$2: //p" | head -1; }
VERSION=$(candidate libgpiod-dev Version)
[ -n "$VERSION" ] || fail "$SUITE has no libgpiod-dev for $ARCH"
UPSTREAM=${VERSION%%-*}
case "$UPSTREAM" in
    2.*) ;;
    *) fail "$SUITE's libgpiod is $VERSION, not 2.x (this prefix is for the libgpiod 2.x backend)" ;;
esac
# The runtime package libgpiod-dev depends on (libgpiod3 for 2.1): its name, not a guess.
LIBPKG=$(candidate libgpiod-dev Depends | tr ',' '\n' | sed -n 's/^ *\(libgpiod[0-9][a-z0-9]*\) .*/\1/p' | head -1)
[ -n "$LIBPKG" ] || fail "libgpiod-dev $VERSION names no libgpiodN package in its Depends"
say "$SUITE: libgpiod-dev $VERSION and $LIBPKG for $ARCH"

rm -f "$APTDIR/download"/*.deb
(cd "$APTDIR/download" && run apt-get "${APT_OPTS[@]}" -qq download "$LIBPKG:$ARCH=$VERSION" "libgpiod-dev:$ARCH=$VERSION") \
    || fail "apt-get download of $LIBPKG and libgpiod-dev $VERSION failed (see above)"
LIBDEB=$(ls "$APTDIR/download/${LIBPKG}_"*"_$ARCH.deb" 2>/dev/null | head -1)
DEVDEB=$(ls "$APTDIR/download/libgpiod-dev_"*"_$ARCH.deb" 2>/dev/null | head -1)
[ -n "$LIBDEB" ] && [ -n "$DEVDEB" ] || fail "apt-get download left no $LIBPKG and libgpiod-dev .deb in $APTDIR/download"

# ------------------------------------------------------------------ unpack
rm -rf "$PREFIX/root" "$PREFIX/include" "$PREFIX/lib" "$PREFIX/share"
mkdir -p "$PREFIX/root" "$PREFIX/share"
run dpkg-deb -x "$LIBDEB" "$PREFIX/root"
run dpkg-deb -x "$DEVDEB" "$PREFIX/root"
run dpkg-deb -e "$LIBDEB" "$PREFIX/root/DEBIAN"
ln -s root/usr/include "$PREFIX/include"
ln -s "root/usr/lib/$TRIPLE" "$PREFIX/lib"
PC=$PREFIX/lib/pkgconfig/libgpiod.pc
[ -f "$PREFIX/include/gpiod.h" ] && [ -e "$PREFIX/lib/libgpiod.so" ] && [ -f "$PC" ] \
    || fail "the packages did not give include/gpiod.h, lib/$TRIPLE/libgpiod.so and its libgpiod.pc"
[ -f "$PREFIX/root/DEBIAN/shlibs" ] || fail "$LIBPKG has no shlibs control file"
# Debian's .pc says prefix=/usr; this copy's is here.
sed -i "s|^prefix=.*|prefix=$PREFIX/root/usr|" "$PC"
pcq() { PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig PKG_CONFIG_LIBDIR=$PREFIX/lib/pkgconfig pkg-config "$@" libgpiod; }
PCVERSION=$(pcq --modversion) || fail "pkg-config cannot read $PC"
[ "${PCVERSION%%.*}" = 2 ] || fail "$PC says libgpiod $PCVERSION, not 2.x"
SONAME=$(LC_ALL=C readelf -d "$PREFIX/lib/libgpiod.so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
{
    echo "# libgpiod 2.x unpacked by $DS_SCRIPT (Debian binary packages, not installed)"
    echo "arch=$ARCH"
    echo "suite=$SUITE"
    echo "version=$PCVERSION"
    echo "debian_version=$VERSION"
    echo "runtime_package=$LIBPKG"
    echo "soname=$SONAME"
    for deb in "$LIBDEB" "$DEVDEB"; do
        echo "package=$(basename "$deb") $(wc -c <"$deb") SHA256:$(sha256sum "$deb" | cut -d' ' -f1)"
    done
} >"$MANIFEST"
say "unpacked into $PREFIX:"
echo "    libgpiod $PCVERSION ($LIBPKG $VERSION, $SONAME) for $ARCH from $SUITE"
echo "    $PREFIX/include/gpiod.h, $PREFIX/lib/libgpiod.so -> $(readlink "$PREFIX/lib/libgpiod.so")"
echo "    pkg-config: $(pcq --cflags --libs)"
echo "    $MANIFEST"
done_
