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
#   1. The source, once: out/libcbor/src/libcbor-VERSION/, described by
#      out/libcbor/src/libcbor-source.txt (version, Debian release and package version,
#      which files were verified, whether Debian's patches are in). A later run reuses
#      it and downloads nothing. The first run needs apt, and tries in order:
#      a. this machine's release (VERSION_CODENAME in /etc/os-release, e.g. bookworm:
#         `apt-get source --download-only libcbor/bookworm`). When apt knows no libcbor
#         source there, the script writes a deb-src entry of its own,
#         /etc/apt/sources.list.d/spikert-libcbor-src.sources, derived from the
#         machine's Debian archive entry (URIs, Suites, Components and Signed-By of the
#         deb entry whose Suites hold the codename, in /etc/apt/sources.list.d/*.sources
#         or /etc/apt/sources.list), and updates that entry alone.
#      b. if not even the upstream tarball of (a) can be downloaded: the next Debian
#         release (bookworm -> trixie), through a second entry of its own,
#         /etc/apt/sources.list.d/spikert-libcbor-src-trixie.sources (same URIs and
#         Signed-By, Components main, deb-src only, so binary packages still resolve
#         against the machine's release alone), `apt-get update` of that entry alone,
#         `apt-get source --download-only libcbor/trixie`; the entry is removed again
#         when the script ends.
#      An `apt-get update` error (a mirror in the middle of a sync) is reported and
#      tolerated: the download decides. Every file that comes is checked against the
#      checksum in apt's signed Sources index (`apt-get source --print-uris`); files
#      already in out/libcbor/src/ with that checksum are used without downloading.
#      With the .dsc and both tarballs, dpkg-source unpacks them (checking them again
#      and applying Debian's patches). With the upstream tarball (.orig.tar.*) alone,
#      the script says so (which version, which files were verified, that Debian's
#      patches could not be applied) and unpacks it with tar.
#      dpkg-dev (dpkg-source) and cmake are installed with apt-get if missing.
#   2. CMake with a toolchain file written for the target, static library only, no
#      tests, no examples, no LTO, for libcbor 0.8 and 0.10 alike:
#      out/libcbor/build/<basename of DIR>/.
#   3. `cmake --install` into DIR; a libcbor.pc is written if the install has none;
#      DIR/share/libcbor-source.txt says where the library came from.
#
# Environment: SPK_LIBCBOR_SOURCE=DIR builds the unpacked libcbor tree DIR instead of
# Debian's source package (step 1 is skipped; for testing the build step elsewhere).
#
# Needs root for the apt steps of the first run only. Exits 2 on a usage error, 1 when a
# step fails, naming what is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/out/libcbor
SRC_ROOT=$WORK/src
APT_SOURCES_FILE=/etc/apt/sources.list.d/spikert-libcbor-src.sources
APT_LOCK=(-o DPkg::Lock::Timeout=600)

CC_=
CFLAGS_=
CFLAGS_SET=0
AR_=
PREFIX=
SYSTEM_NAME=
PROCESSOR=

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
die() { echo "libcbor-source: $*" >&2; exit 2; }
fail() { echo "libcbor-source: $*" >&2; exit 1; }
say() { echo "libcbor-source: $*"; }
run() { printf '+'; printf ' %q' "$@"; printf '\n'; "$@"; }
# run_logged LOG CMD...: print the command, send its output to LOG
run_logged() { local log=$1; shift; printf '+'; printf ' %q' "$@"; printf ' >%s 2>&1\n' "$log"; "$@" >"$log" 2>&1; }

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
CC_PATH=$(command -v "$CC_" 2>/dev/null) || fail "C compiler '$CC_' not found (install the cross compiler, e.g. apt-get install gcc-arm-none-eabi or gcc-riscv64-linux-gnu)"
MACHINE=$("$CC_PATH" -dumpmachine 2>/dev/null) || fail "'$CC_ -dumpmachine' failed: is '$CC_' a C compiler?"
if [ -z "$SYSTEM_NAME" ]; then
    case "$MACHINE" in *linux*) SYSTEM_NAME=Linux ;; *) SYSTEM_NAME=Generic ;; esac
fi
case "$SYSTEM_NAME" in Linux|Generic) ;; *) die "--system-name must be Linux or Generic, not '$SYSTEM_NAME'" ;; esac
[ -n "$PROCESSOR" ] || PROCESSOR=${MACHINE%%-*}
if [ "$CFLAGS_SET" = 0 ]; then
    if [ "$SYSTEM_NAME" = Generic ]; then CFLAGS_="-Os -ffunction-sections -fdata-sections"; else CFLAGS_="-O2"; fi
fi
if [ -z "$AR_" ]; then
    base=$(basename "$CC_PATH")
    case "$base" in
        *clang*) AR_=llvm-ar ;;
        *gcc)    AR_=${CC_PATH%gcc}ar ;;
        *cc)     AR_=${CC_PATH%cc}ar ;;
        *)       AR_="ar" ;;
    esac
fi
AR_PATH=$(command -v "$AR_" 2>/dev/null) || fail "archiver '$AR_' not found (pass --ar)"
RANLIB_PATH=
case "$AR_PATH" in
    *llvm-ar) RANLIB_PATH=$(command -v llvm-ranlib 2>/dev/null || true) ;;
    *ar)      RANLIB_PATH=$(command -v "${AR_PATH%ar}ranlib" 2>/dev/null || true) ;;
esac
say "target $MACHINE: CC $CC_PATH, AR $AR_PATH, CMAKE_SYSTEM_NAME $SYSTEM_NAME, CMAKE_SYSTEM_PROCESSOR $PROCESSOR"
say "CFLAGS $CFLAGS_"

# ------------------------------------------------------------------ apt helpers
is_root() { [ "$(id -u)" = 0 ]; }
warn() { echo "libcbor-source: warning: $*" >&2; }

# apt_install PKG...: install the packages with apt-get (they were found missing).
apt_install() {
    is_root || fail "missing: $* (run as root, or: apt-get install $*)"
    say "installing with apt-get: $*"
    run apt-get "${APT_LOCK[@]}" install -y --no-install-recommends "$@" \
        || fail "apt-get install $* failed"
}

# apt_update_file FILE: `apt-get update` of the entries in FILE only; the machine's
# other lists stay as they are. An error (a mirror in the middle of a sync, a suite a
# mirror lacks) is reported and tolerated: the download decides.
apt_update_file() {
    local file=$1
    say "apt-get update of $file only (an error here is tolerated: the download decides)"
    if ! run apt-get "${APT_LOCK[@]}" -o Dir::Etc::sourcelist="$file" -o Dir::Etc::sourceparts=- \
        -o APT::List-Cleanup=0 update; then
        warn "apt-get update reported an error; carrying on"
    fi
}

# The release after CODENAME (Debian's order), or nothing.
next_release() {
    case "$1" in
        buster) echo bullseye ;; bullseye) echo bookworm ;; bookworm) echo trixie ;;
        trixie) echo forky ;; *) ;;
    esac
}

# derive_deb_src CODENAME [SUITES COMPONENTS]: the machine's Debian archive entry as a
# deb-src entry in deb822 form on stdout. Taken from the first `Types: deb` stanza of
# /etc/apt/sources.list.d/*.sources whose Suites hold CODENAME, else from the first
# one-line `deb` entry for CODENAME in /etc/apt/sources.list(.d/*.list): its URIs and
# Signed-By, and its Suites and Components unless SUITES and COMPONENTS are given.
# Nothing is written when no such entry exists (returns 1).
derive_deb_src() {
    local codename=$1 suites_out=${2:-} comps_out=${3:-} f out
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        case "$f" in */spikert-libcbor-src*.sources) continue ;; esac
        out=$(awk -v codename="$codename" -v src="$f" -v suites_out="$suites_out" -v comps_out="$comps_out" '
            function flush() {
                if (!done && types ~ /(^| )deb( |$)/ && enabled != "no" &&
                    (" " suites " ") ~ (" " codename " ") && uris != "") {
                    printf "# deb-src of the deb entry in %s (written by cross/libcbor-source.sh)\n", src
                    printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n", uris,
                        (suites_out != "" ? suites_out : suites), (comps_out != "" ? comps_out : comps)
                    if (signed != "") printf "Signed-By: %s\n", signed
                    done = 1
                }
                types = uris = suites = comps = signed = enabled = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            {
                key = $1; sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
                k = tolower(key)
                if (k == "types") types = val
                else if (k == "uris") uris = val
                else if (k == "suites") suites = val
                else if (k == "components") comps = val
                else if (k == "signed-by") signed = val
                else if (k == "enabled") enabled = tolower(val)
            }
            END { flush() }' "$f")
        if [ -n "$out" ]; then printf '%s\n' "$out"; return 0; fi
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        out=$(awk -v codename="$codename" -v src="$f" -v suites_out="$suites_out" -v comps_out="$comps_out" '
            /^[ \t]*deb[ \t]/ && !done {
                i = 2; opts = ""
                if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
                uri = $i; suite = $(i + 1); comps = ""
                for (j = i + 2; j <= NF; j++) comps = comps (comps == "" ? "" : " ") $j
                if (suite != codename) next
                signed = ""
                if (match(opts, /signed-by=[^] ]*/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
                printf "# deb-src of the deb entry in %s (written by cross/libcbor-source.sh)\n", src
                printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n", uri,
                    (suites_out != "" ? suites_out : suite), (comps_out != "" ? comps_out : comps)
                if (signed != "") printf "Signed-By: %s\n", signed
                done = 1
            }' "$f")
        if [ -n "$out" ]; then printf '%s\n' "$out"; return 0; fi
    done
    return 1
}

# write_entry FILE ENTRY: FILE holds ENTRY (rewritten only when it differs).
write_entry() {
    local file=$1 entry=$2
    if [ -f "$file" ] && [ "$(cat "$file")" = "$entry" ]; then
        say "deb-src entry $file already there"
    else
        say "writing the deb-src entry $file:"
        printf '%s\n' "$entry" | sed 's/^/    /'
        printf '%s\n' "$entry" >"$file"
    fi
}

# ensure_deb_src SUITE: apt can list the libcbor source package of SUITE, or has been
# given a deb-src entry for it (and an `apt-get update` of that entry). Returns 1 when
# no entry can be written.
NEXT_SOURCES_FILE=
ensure_deb_src() {
    local suite=$1 entry file
    if [ "$suite" = "$CODENAME" ]; then
        if apt_knows "$suite"; then
            say "apt already knows Debian $suite's libcbor source package"
            return 0
        fi
        file=$APT_SOURCES_FILE
        entry=$(derive_deb_src "$CODENAME") || {
            warn "found no Debian archive deb entry for $CODENAME in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list to derive a deb-src entry from"
            return 1
        }
    else
        file=${APT_SOURCES_FILE%.sources}-$suite.sources
        entry=$(derive_deb_src "$CODENAME" "$suite" main) || {
            warn "found no Debian archive deb entry for $CODENAME to derive a deb-src entry for $suite from"
            return 1
        }
        entry="# The source packages of Debian $suite, for libcbor only: deb-src, so binary
# packages still come from $CODENAME alone. cross/libcbor-source.sh writes this file
# for its download and removes it afterwards.
$entry"
        NEXT_SOURCES_FILE=$file
    fi
    is_root || { warn "apt lists no libcbor source for $suite, and writing a deb-src entry ($file) needs root"; return 1; }
    write_entry "$file" "$entry"
    apt_update_file "$file"
}

remove_next_sources() {
    if [ -n "$NEXT_SOURCES_FILE" ] && [ -f "$NEXT_SOURCES_FILE" ]; then
        rm -f "$NEXT_SOURCES_FILE"
        say "removed $NEXT_SOURCES_FILE (apt lists the machine's own suites only, as before)"
    fi
    NEXT_SOURCES_FILE=
}

# apt_uris SUITE: `'URI' NAME SIZE HASH` for each file of libcbor's source package in
# SUITE, as apt's (signed) Sources index lists them; fails when apt knows none.
apt_uris() {
    local suite=$1 tmp out
    tmp=$(mktemp -d "$SRC_ROOT/.uris.XXXXXX")
    out=$( (cd "$tmp" && apt-get source --print-uris "libcbor/$suite" 2>/dev/null) | grep "^'") || out=
    rm -rf "$tmp"
    [ -n "$out" ] && printf '%s\n' "$out"
}
apt_knows() { apt_uris "$1" >/dev/null; }

# hash_ok FILE TYPE:HEX: FILE has that checksum (the strongest one apt printed).
hash_ok() {
    local file=$1 want=${2#*:} tool
    case "${2%%:*}" in
        SHA512) tool=sha512sum ;; SHA256) tool=sha256sum ;; SHA1) tool=sha1sum ;;
        MD5Sum|MD5) tool=md5sum ;; *) return 1 ;;
    esac
    [ "$("$tool" "$file" | awk '{ print $1 }')" = "$want" ]
}

# ------------------------------------------------------------------ 1. the source
# What out/libcbor/src holds is described by SRC_MANIFEST (KEY=value lines): the tree,
# its version and origin, which files were verified, whether Debian's patches are in.
SRC_MANIFEST=$SRC_ROOT/libcbor-source.txt
manifest_get() { sed -n "s/^$1=//p" "${2:-$SRC_MANIFEST}" 2>/dev/null | head -1; }

find_source() {
    local d t
    t=$(manifest_get tree)
    if [ -n "$t" ] && [ -f "$SRC_ROOT/$t/CMakeLists.txt" ] && [ -d "$SRC_ROOT/$t/src/cbor" ]; then
        echo "$SRC_ROOT/$t"; return 0
    fi
    # a tree an earlier version of this script unpacked with dpkg-source
    for d in "$SRC_ROOT"/libcbor-*/; do
        if [ -f "$d/CMakeLists.txt" ] && [ -d "$d/src/cbor" ] && [ -f "$d/debian/changelog" ]; then
            echo "${d%/}"; return 0
        fi
    done
    return 1
}

# Unpack $1 (a .dsc whose files are all present) with dpkg-source, which checks every
# file against the .dsc's checksums and applies Debian's patches.
unpack_dsc() {
    local dsc=$1 tmp d
    command -v dpkg-source >/dev/null 2>&1 || apt_install dpkg-dev
    tmp=$SRC_ROOT/.unpack
    rm -rf "$tmp"
    mkdir -p "$tmp"
    (cd "$tmp" && run dpkg-source -x "$dsc") || fail "dpkg-source -x $(basename "$dsc") failed"
    for d in "$tmp"/libcbor-*/; do
        [ -f "$d/CMakeLists.txt" ] || continue
        rm -rf "${SRC_ROOT:?}/$(basename "$d")"
        mv "${d%/}" "$SRC_ROOT/"
        rm -rf "$tmp"
        basename "$d" >"$SRC_ROOT/.tree"
        return 0
    done
    fail "dpkg-source -x $(basename "$dsc") left no libcbor-*/CMakeLists.txt"
}

# Unpack $1 (an upstream .orig.tar.*) with tar into $SRC_ROOT/libcbor-$2.
unpack_orig() {
    local tarball=$1 version=$2 tmp tops
    tmp=$SRC_ROOT/.unpack
    rm -rf "$tmp"
    mkdir -p "$tmp"
    run tar -xf "$tarball" -C "$tmp" || fail "tar -xf $(basename "$tarball") failed"
    tops=("$tmp"/*)
    if [ ${#tops[@]} != 1 ] || [ ! -f "${tops[0]}/CMakeLists.txt" ] || [ ! -d "${tops[0]}/src/cbor" ]; then
        fail "$(basename "$tarball") does not hold one libcbor-*/ folder with CMakeLists.txt and src/cbor"
    fi
    rm -rf "${SRC_ROOT:?}/libcbor-$version"
    mv "${tops[0]}" "$SRC_ROOT/libcbor-$version"
    rm -rf "$tmp"
    echo "libcbor-$version" >"$SRC_ROOT/.tree"
}

# fetch_suite SUITE: libcbor's source package of Debian SUITE, downloaded into $SRC_ROOT
# (files already there with the checksums apt lists are used as they are), verified and
# unpacked: with dpkg-source when all its files came, else the upstream tarball alone
# with tar. Writes $SRC_MANIFEST. Returns 1 when not even the upstream tarball came.
fetch_suite() {
    local suite=$1 uris name size hash i status dl
    local names=() sizes=() hashes=() verified=() missing=()
    local dsc='' orig='' version upstream
    uris=$(apt_uris "$suite") || { warn "apt lists no libcbor source package for $suite"; return 1; }
    while read -r _ name size hash; do
        names+=("$name"); sizes+=("$size"); hashes+=("$hash")
        case "$name" in
            *.dsc) dsc=$name ;;
            *.orig.tar.*) orig=$name ;;
        esac
    done <<<"$uris"
    version=${dsc#libcbor_}; version=${version%.dsc}
    upstream=${orig#libcbor_}; upstream=${upstream%.orig.tar.*}
    [ -n "$orig" ] || { warn "Debian $suite's libcbor ($version) names no .orig.tar.* file"; return 1; }
    say "Debian $suite: libcbor $version, files ${names[*]}"
    dl=$SRC_ROOT/.download
    rm -rf "$dl"
    mkdir -p "$dl"
    local need=0
    for i in "${!names[@]}"; do
        if [ -f "$SRC_ROOT/${names[$i]}" ] && hash_ok "$SRC_ROOT/${names[$i]}" "${hashes[$i]}"; then
            cp -p "$SRC_ROOT/${names[$i]}" "$dl/"
        else
            need=1
        fi
    done
    if [ "$need" = 1 ]; then
        # apt's sandbox user cannot write into a root-owned work folder; the download
        # then runs as root, which apt reports with a notice. Not an error. A file the
        # archive does not serve makes apt-get exit non-zero: what did come is kept.
        status=0
        (cd "$dl" && run apt-get "${APT_LOCK[@]}" source --download-only "libcbor/$suite") || status=$?
        [ "$status" = 0 ] || warn "apt-get source --download-only libcbor/$suite exited with status $status (see its errors above); checking what came"
    else
        say "every file already in $SRC_ROOT with the checksum apt lists: nothing downloaded"
    fi
    for i in "${!names[@]}"; do
        name=${names[$i]}
        if [ -f "$dl/$name" ] && hash_ok "$dl/$name" "${hashes[$i]}"; then
            mv -f "$dl/$name" "$SRC_ROOT/"
            verified+=("$name")
            say "verified: $name, ${sizes[$i]} bytes, ${hashes[$i]%%:*} ${hashes[$i]#*:} (as listed in apt's signed Sources index for $suite)"
        else
            [ -f "$dl/$name" ] && warn "$name: checksum differs from apt's Sources index; discarded"
            missing+=("$name")
        fi
    done
    rm -rf "$dl"
    local have_orig=0 have_all=0
    [[ " ${verified[*]} " == *" $orig "* ]] && have_orig=1
    [ ${#missing[@]} = 0 ] && [ -n "$dsc" ] && have_all=1
    local patches summary
    if [ "$have_all" = 1 ]; then
        unpack_dsc "$SRC_ROOT/$dsc"
        patches=applied
        summary="libcbor $upstream from Debian $suite's source package $version (${verified[*]} verified; unpacked by dpkg-source, Debian's patches applied)"
    elif [ "$have_orig" = 1 ]; then
        echo "libcbor-source: NOTE: Debian's packaging of libcbor $version ($suite) could not be downloaded: ${missing[*]}." >&2
        echo "libcbor-source: NOTE: using the upstream tarball alone: $orig (libcbor $upstream), verified against apt's signed Sources index for $suite; Debian's patches for $version are NOT applied." >&2
        unpack_orig "$SRC_ROOT/$orig" "$upstream"
        patches="not applied"
        summary="libcbor $upstream, upstream tarball $orig of Debian $suite's source package $version (verified against apt's signed Sources index; ${missing[*]} unavailable, so Debian's patches are NOT applied)"
    else
        warn "the upstream tarball $orig of Debian $suite's libcbor $version could not be downloaded"
        return 1
    fi
    {
        echo "# libcbor source in this folder (written by cross/libcbor-source.sh)"
        echo "tree=$(cat "$SRC_ROOT/.tree")"
        echo "version=$upstream"
        echo "debian_version=$version"
        echo "suite=$suite"
        echo "debian_patches=$patches"
        echo "verified=${verified[*]}"
        echo "missing=${missing[*]}"
        for i in "${!names[@]}"; do echo "checksum=${names[$i]} ${sizes[$i]} ${hashes[$i]}"; done
        echo "summary=$summary"
    } >"$SRC_MANIFEST"
    rm -f "$SRC_ROOT/.tree"
    return 0
}

mkdir -p "$SRC_ROOT"
# One run at a time fetches and unpacks (board builds may call this script in parallel):
# a second run waits here, then finds the source cached.
LOCKED=0
if command -v flock >/dev/null 2>&1; then
    exec 9>"$SRC_ROOT/.lock"
    flock 9
    LOCKED=1
fi
if [ -n "${SPK_LIBCBOR_SOURCE:-}" ]; then
    [ -f "$SPK_LIBCBOR_SOURCE/CMakeLists.txt" ] || fail "SPK_LIBCBOR_SOURCE=$SPK_LIBCBOR_SOURCE has no CMakeLists.txt"
    SRC=$(cd "$SPK_LIBCBOR_SOURCE" && pwd)
    SUMMARY="the libcbor tree $SRC (SPK_LIBCBOR_SOURCE; not Debian's source package)"
    say "source: $SUMMARY"
elif SRC=$(find_source); then
    SUMMARY=$(manifest_get summary)
    [ -n "$SUMMARY" ] && [ "$(manifest_get tree)" = "$(basename "$SRC")" ] \
        || SUMMARY="$(basename "$SRC") unpacked by dpkg-source ($(sed -n '1s/^libcbor (\([^)]*\)).*/Debian libcbor \1/p' "$SRC/debian/changelog"), Debian's patches applied)"
    say "source: $SRC (cached, nothing downloaded): $SUMMARY"
    [ "$(manifest_get debian_patches)" = "not applied" ] && [ "$(manifest_get tree)" = "$(basename "$SRC")" ] \
        && echo "libcbor-source: NOTE: Debian's patches are NOT applied to this tree (the Debian packaging could not be downloaded: $(manifest_get missing))" >&2
else
    command -v apt-get >/dev/null 2>&1 || fail "no libcbor source in $SRC_ROOT and no apt-get to fetch Debian's libcbor source package"
    CODENAME=
    if [ -r /etc/os-release ]; then
        # shellcheck disable=SC1091  # the machine's own file
        CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    fi
    [ -n "$CODENAME" ] || fail "no VERSION_CODENAME in /etc/os-release: which Debian release is this?"
    NEXT=$(next_release "$CODENAME")
    trap remove_next_sources EXIT
    got=
    for suite in "$CODENAME" ${NEXT:+"$NEXT"}; do
        if [ "$suite" != "$CODENAME" ]; then
            say "Debian $CODENAME's libcbor source could not be had; trying the next release, $suite (deb-src only)"
        fi
        ensure_deb_src "$suite" || continue
        if fetch_suite "$suite"; then got=$suite; break; fi
    done
    remove_next_sources
    trap - EXIT
    [ -n "$got" ] || fail "could not download libcbor's source package from Debian $CODENAME${NEXT:+ or $NEXT} (the errors are above). Copy the files apt-get source --print-uris names from a Debian mirror into $SRC_ROOT/ and run again (files whose checksums match apt's Sources index are used without downloading), or point SPK_LIBCBOR_SOURCE at an unpacked libcbor tree"
    SRC=$(find_source) || fail "no libcbor source tree in $SRC_ROOT after unpacking"
    SUMMARY=$(manifest_get summary)
    say "source: $SRC: $SUMMARY"
fi
if [ "$LOCKED" = 1 ]; then exec 9>&-; fi

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
mkdir -p "$PREFIX/share"
{
    if [ -n "${SPK_LIBCBOR_SOURCE:-}" ]; then
        echo "# libcbor built by cross/libcbor-source.sh from SPK_LIBCBOR_SOURCE"
        echo "tree=$SRC"
    else
        grep -v -e '^#' -e '^tree=' "$SRC_MANIFEST" 2>/dev/null || true
    fi
    echo "target=$MACHINE"
    echo "cflags=$CFLAGS_"
    echo "summary=$SUMMARY"
} | awk -F= '$1 == "summary" { s = $0; next } { print } END { print s }' >"$PREFIX/share/libcbor-source.txt"
say "installed into $PREFIX:"
echo "    $LIB ($(wc -c <"$LIB") bytes, $("$AR_PATH" t "$LIB" | wc -l) objects)"
echo "    $PREFIX/include/cbor.h, $PREFIX/include/cbor/ ($(find "$PREFIX/include/cbor" -name '*.h' | wc -l) headers)"
pcq() { PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig PKG_CONFIG_LIBDIR=$PREFIX/lib/pkgconfig pkg-config "$@" libcbor 2>/dev/null; }
echo "    $PC: libcbor $(pcq --modversion || echo '?'): $(pcq --cflags --libs || echo '(pkg-config cannot read it)')"
echo "    $PREFIX/share/libcbor-source.txt: where it came from"
say "ok: $SUMMARY, for $MACHINE"
