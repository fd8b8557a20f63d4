#!/usr/bin/env bash
# Build a static libgpiod 1.6 for a Linux target Debian has no libgpiod package for
# (riscv64 on bookworm, which has no riscv64 port), from Debian's own libgpiod source
# package. spikertd's GPIO backend is written against the libgpiod 1.6 API (lines
# requested through struct gpiod_line, events read with gpiod_line_event_read); 2.x is
# another API, so only a 1.6 source is used.
#
#   cross/libgpiod-source.sh --cc CC [--cflags "FLAGS"] [--ar AR] --prefix DIR
#
#   --cc CC            the target's C compiler, e.g. riscv64-linux-gnu-gcc (a name on
#                      PATH or a path); `CC -dumpmachine` must name a Linux target
#                      (it is configure's --host)
#   --cflags "FLAGS"   target compile flags, e.g. "-O2 -march=rv64gc_zba_zbb -mabi=lp64d";
#                      default "-O2"
#   --ar AR            archiver (default: CC's prefix + ar, e.g. riscv64-linux-gnu-ar;
#                      llvm-ar for clang)
#   --prefix DIR       install prefix (required): DIR/lib/libgpiod.a, DIR/include/gpiod.h,
#                      DIR/lib/pkgconfig/libgpiod.pc (no shared library, no libtool .la)
#
# Steps:
#   1. The source, once: out/libgpiod/src/libgpiod-VERSION/, described by
#      out/libgpiod/src/libgpiod-source.txt (version, Debian release and package
#      version, which files were verified, whether Debian's patches are in). A later run
#      reuses it and downloads nothing. The first run needs apt (cross/debian-source.sh,
#      as for cross/libcbor-source.sh, with a sources file and lists of its own: the
#      machine's apt configuration is left as it is): this machine's release
#      (`apt-get source --download-only libgpiod/bookworm`), then, if not even its
#      upstream tarball can be had or its libgpiod is not 1.6, the other Debian releases
#      whose libgpiod is 1.6 (bookworm 1.6.3, bullseye 1.6.2). trixie and later ship
#      libgpiod 2.x and are never used. Every file is checked against apt's signed Sources index;
#      with the .dsc and all its files dpkg-source unpacks and applies Debian's patches,
#      with the upstream tarball alone it is unpacked with tar and that is said.
#   2. autotools, out of the source tree, in out/libgpiod/build/<basename of DIR>/:
#      the release tarball's own generated configure, `--host=TARGET --enable-static
#      --disable-shared --disable-tools --disable-tests --disable-bindings-cxx
#      --disable-bindings-python ac_cv_func_malloc_0_nonnull=yes` (configure cannot
#      run AC_FUNC_MALLOC's test for another machine; Linux's C libraries return a
#      pointer for malloc(0)), then make in include/ and lib/ only. Debian regenerates
#      the build system (dh_autoreconf); its one patch for 1.6.3 (no help2man in cross
#      builds) changes the tools' manual pages only, which are not built here, so
#      configure and the Makefile.in files are used as shipped, and marked newer than
#      configure.ac and the Makefile.am files so that make does not try to rerun
#      autoconf and automake (not needed, and not installed). Debian patches that
#      change build-system inputs are named when the script runs.
#   3. `make install` of include/ and lib/ into DIR; DIR/share/libgpiod-source.txt says
#      where the library came from. The archive is checked: objects for the target, not
#      LTO, and a program calling libgpiod 1.6's API (gpiod_chip_open_by_label,
#      gpiod_line_request_both_edges_events, ...) links with it and the C library alone.
#
# Environment: SPK_LIBGPIOD_SOURCE=DIR builds the unpacked libgpiod tree DIR instead of
# Debian's source package (step 1 is skipped).
#
# Needs root only to install make or dpkg-dev when they are missing. Exits 2 on a usage error, 1 when a
# step fails, naming what is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/out/libgpiod
SRC_ROOT=$WORK/src

CC_=
CFLAGS_=-O2
AR_=
PREFIX=

DS_PACKAGE=libgpiod
DS_TAG=libgpiod-source
DS_SCRIPT=cross/libgpiod-source.sh
# usage, die, fail, say, run_logged, apt_install, the source fetch and the target's tools
# shellcheck source=cross/debian-source.sh
source "$ROOT/cross/debian-source.sh"

while [ $# -gt 0 ]; do
    case "$1" in
        --cc)      [ $# -ge 2 ] || die "--cc needs a compiler"; CC_=$2; shift 2 ;;
        --cflags)  [ $# -ge 2 ] || die "--cflags needs flags"; CFLAGS_=$2; shift 2 ;;
        --ar)      [ $# -ge 2 ] || die "--ar needs an archiver"; AR_=$2; shift 2 ;;
        --prefix)  [ $# -ge 2 ] || die "--prefix needs a directory"; PREFIX=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *)         die "unknown argument: $1 (try --help)" ;;
    esac
done
[ -n "$CC_" ] || die "--cc is required (try --help)"
[ -n "$PREFIX" ] || die "--prefix is required (try --help)"

# ------------------------------------------------------------------ the compiler
ds_cross_tools "$CC_" "$AR_"
case "$MACHINE" in
    *linux*) ;;
    *) fail "'$CC_' targets $MACHINE: libgpiod drives Linux's GPIO character device, so it is built for Linux targets only" ;;
esac
say "target $MACHINE: CC $CC_PATH, AR $AR_PATH${RANLIB_PATH:+, RANLIB $RANLIB_PATH}"
say "CFLAGS $CFLAGS_"

# ------------------------------------------------------------------ 1. the source
# Debian's libgpiod source package (cross/debian-source.sh). A tree is libgpiod 1.6
# with its generated configure; after this machine's release, the other releases whose
# libgpiod is 1.6.
DS_SRC_ROOT=$SRC_ROOT
DS_TREE_FILE=configure
DS_TREE_DESC="configure, include/gpiod.h and lib/core.c of libgpiod 1.6"
DS_OVERRIDE_VAR=SPK_LIBGPIOD_SOURCE
DS_VERSION_NEED="spikertd's GPIO backend needs libgpiod 1.6 (2.x is another API)"
ds_version_ok() { case "$1" in 1.6|1.6.*) return 0 ;; *) return 1 ;; esac; }
ds_tree_ok() {
    [ -x "$1/configure" ] && [ -f "$1/include/gpiod.h" ] && [ -f "$1/lib/core.c" ] \
        && grep -q "^PACKAGE_VERSION='1\.6[.']" "$1/configure"
}
ds_other_suites() {
    local s
    for s in bookworm bullseye; do [ "$s" = "$1" ] || echo "$s"; done
}
ds_get_source
ds_tree_ok "$SRC" || fail "$SRC is not libgpiod 1.6 ($DS_TREE_DESC)"

# The build system as shipped. Debian's patches that change its inputs (configure.ac,
# Makefile.am, m4) take effect only through autoreconf, which is not run: said, with
# the files. Then, if an input is newer than what is generated from it (dpkg-source just
# patched it), the generated files are marked newer, in autotools' order, so that make
# does not try to rerun autoconf and automake.
if [ -f "$SRC/debian/patches/series" ]; then
    inputs=$(while read -r patch _; do
                 case "$patch" in ''|'#'*) continue ;; esac
                 sed -n 's|^+++ [^/]*/\([^[:space:]]*\).*|\1|p' "$SRC/debian/patches/$patch" 2>/dev/null
             done <"$SRC/debian/patches/series" | grep -E '(^|/)(configure\.ac|Makefile\.am|[^/]*\.m4)$' | LC_ALL=C sort -u | paste -sd' ' || true)
    if [ -n "$inputs" ]; then
        say "Debian's patches ($(grep -v -e '^#' -e '^$' "$SRC/debian/patches/series" | paste -sd' ')) change $inputs: build-system inputs, which take effect only through autoreconf (not run: the shipped configure and Makefile.in are used)"
    fi
fi
if [ -n "$(find "$SRC" \( -name configure.ac -o -name Makefile.am -o -path "$SRC/m4/*" \) -newer "$SRC/configure" -print -quit)" ] \
    || [ -n "$(find "$SRC" -name Makefile.am -newer "$SRC/aclocal.m4" -print -quit)" ]; then
    say "marking aclocal.m4, configure, config.h.in and the Makefile.in files newer than their inputs"
    touch "$SRC/aclocal.m4"
    sleep 1
    touch "$SRC/configure" "$SRC/config.h.in"
    sleep 1
    find "$SRC" -name Makefile.in -exec touch {} +
fi

# ------------------------------------------------------------------ 2. build
command -v make >/dev/null 2>&1 || apt_install make

mkdir -p "$PREFIX"
PREFIX=$(cd "$PREFIX" && pwd)
BUILD=$WORK/build/$(basename "$PREFIX")
rm -rf "$BUILD"
mkdir -p "$BUILD"
configure_args=(
    --host="$MACHINE" --prefix="$PREFIX" --libdir="$PREFIX/lib" --includedir="$PREFIX/include"
    --enable-static --disable-shared --disable-tools --disable-tests
    --disable-bindings-cxx --disable-bindings-python
    CC="$CC_PATH" CFLAGS="$CFLAGS_" AR="$AR_PATH"
    # AC_FUNC_MALLOC cannot run its test program for another machine and then assumes
    # malloc(0) returns NULL, asking for an rpl_malloc that libgpiod does not provide
    # (undefined at the link). Linux's C libraries (glibc, musl) return a pointer.
    ac_cv_func_malloc_0_nonnull=yes
)
[ -z "$RANLIB_PATH" ] || configure_args+=(RANLIB="$RANLIB_PATH")
(cd "$BUILD" && run_logged "$BUILD/configure.log" "$SRC/configure" "${configure_args[@]}") \
    || { tail -40 "$BUILD/configure.log" >&2; fail "configure failed (log: $BUILD/configure.log; the target's Linux headers are libc6-dev's, e.g. linux-libc-dev-riscv64-cross)"; }
if grep -q -e '-flto' "$BUILD/lib/Makefile"; then
    fail "libgpiod would be compiled with -flto (an LTO archive); see $BUILD/lib/Makefile"
fi
JOBS=$(nproc 2>/dev/null || echo 2)
run_logged "$BUILD/build.log" make -C "$BUILD/lib" -j "$JOBS" \
    || { tail -40 "$BUILD/build.log" >&2; fail "make failed (log: $BUILD/build.log)"; }

# ------------------------------------------------------------------ 3. install
for part in include lib; do
    run_logged "$BUILD/install-$part.log" make -C "$BUILD/$part" install \
        || { cat "$BUILD/install-$part.log" >&2; fail "make install in $part/ failed (log: $BUILD/install-$part.log)"; }
done
# Static only, and no libtool archive (its paths name this build machine).
rm -f "$PREFIX"/lib/libgpiod.so* "$PREFIX/lib/libgpiod.la"
LIB=$PREFIX/lib/libgpiod.a
PC=$PREFIX/lib/pkgconfig/libgpiod.pc
[ -f "$LIB" ] || fail "the install left no $LIB"
[ -f "$PREFIX/include/gpiod.h" ] || fail "the install left no $PREFIX/include/gpiod.h"
[ -f "$PC" ] || fail "the install left no $PC"

# The archive: the target's objects (not GIMPLE), with the 1.6 API spikertd calls.
first=$("$AR_PATH" t "$LIB" | head -1)
obj_machine=$(cd "$BUILD" && "$AR_PATH" x "$LIB" "$first" && LC_ALL=C readelf -h "$first" | sed -n 's/^ *Machine: *//p'; rm -f "$BUILD/$first")
cc_machine=$(echo 'int x;' | "$CC_PATH" $CFLAGS_ -x c -c -o "$BUILD/probe.o" - && LC_ALL=C readelf -h "$BUILD/probe.o" | sed -n 's/^ *Machine: *//p')
[ -n "$obj_machine" ] && [ "$obj_machine" = "$cc_machine" ] \
    || fail "$LIB holds objects for '${obj_machine:-?}', not for $MACHINE ('$cc_machine')"
if LC_ALL=C readelf -S "$LIB" 2>/dev/null | grep -q '\.gnu\.lto_'; then
    fail "$LIB is an LTO archive (GIMPLE, usable by this very compiler only)"
fi
# A program calling the 1.6 API links with the archive and the target's C library alone
# (every reference the archive makes resolves).
cat >"$BUILD/probe.c" <<'EOF_PROBE'
#include <gpiod.h>
int main(void) {
    struct gpiod_line_event event;
    struct gpiod_chip *chip = gpiod_chip_open_by_label("probe");
    struct gpiod_line *line = chip ? gpiod_chip_get_line(chip, 0) : 0;
    int status = line ? gpiod_line_request_both_edges_events(line, "probe") : -1;
    if (status == 0) status = gpiod_line_event_read(line, &event);
    if (chip) gpiod_chip_close(chip);
    return status == 0 ? 0 : 1;
}
EOF_PROBE
# shellcheck disable=SC2086  # CFLAGS are words
"$CC_PATH" $CFLAGS_ -I"$PREFIX/include" -o "$BUILD/probe" "$BUILD/probe.c" "$LIB" >"$BUILD/probe.log" 2>&1 \
    || { cat "$BUILD/probe.log" >&2; fail "a program calling libgpiod 1.6's API does not link with $LIB (log: $BUILD/probe.log)"; }

ds_installed "$PREFIX" "$CFLAGS_" "$LIB"
echo "    $PREFIX/include/gpiod.h; the objects are for $obj_machine"
say "ok: $SUMMARY, for $MACHINE"
