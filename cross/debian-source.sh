# Fetching one of Debian's source packages with apt, for the scripts that build a C
# library Debian has no package of for the target (cross/libcbor-source.sh,
# cross/libgpiod-source.sh). Sourced, not run. The caller sets, before sourcing:
#
#   DS_PACKAGE      the source package, e.g. libcbor; its trees are DS_PACKAGE-VERSION/
#   DS_TAG          the prefix of every message, e.g. libcbor-source
#   DS_SCRIPT       the caller, for comments in what it writes: cross/libcbor-source.sh
#
# and, before calling ds_get_source:
#
#   DS_SRC_ROOT     where the source is kept: the downloaded files, the unpacked tree
#                   and DS_SRC_ROOT/DS_PACKAGE-source.txt describing it
#   DS_TREE_FILE    the file an unpacked tree has at its top (CMakeLists.txt, configure)
#   DS_TREE_DESC    what a tree holds, for messages ("CMakeLists.txt and src/cbor")
#   DS_OVERRIDE_VAR the environment variable that names an unpacked tree to build
#                   instead (SPK_LIBCBOR_SOURCE); the download is then skipped
#   and defines the functions
#   ds_tree_ok DIR          DIR is an unpacked tree of the package, in a usable version
#   ds_other_suites CODE    the Debian releases to try, in order, when release CODE has
#                           no usable source (printed one per line, possibly none)
#   ds_version_ok UPSTREAM  (optional) whether that upstream version will do; a release
#                           whose version will not is skipped, saying DS_VERSION_NEED
#
# ds_get_source then sets SRC (the unpacked tree) and SUMMARY (where it came from, one
# line). Its steps:
#   a. a tree already in DS_SRC_ROOT, described by DS_SRC_ROOT/DS_PACKAGE-source.txt
#      (version, Debian release and package version, which files were verified, whether
#      Debian's patches are in): reused, nothing downloaded;
#   b. else this machine's release (VERSION_CODENAME in /etc/os-release, e.g. bookworm),
#      then each release ds_other_suites names, until one gives at least the upstream
#      tarball (in a version ds_version_ok takes): `apt-get source --download-only
#      PACKAGE/SUITE`, with apt run on a sources file and lists of the script's own,
#      DS_SRC_ROOT/apt/SUITE.sources and DS_SRC_ROOT/apt/SUITE/ (Dir::Etc::sourcelist,
#      Dir::State::Lists, Dir::Cache): a deb-src entry derived from the machine's Debian
#      archive entry (URIs and Signed-By of the deb entry whose Suites hold the codename,
#      in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list; its Suites and
#      Components for this release, SUITE and main for another). The machine's apt
#      sources, lists and packages are left as they are, and no root is needed.
#   An `apt-get update` error (a mirror in the middle of a sync) is reported and
#   tolerated: the download decides. Every file that comes is checked against the
#   checksum in apt's signed Sources index (`apt-get source --print-uris`); files
#   already in DS_SRC_ROOT with that checksum are used without downloading. With the
#   .dsc and every file it lists, dpkg-source unpacks them (checking them again and
#   applying Debian's patches). With the upstream tarball (.orig.tar.*) alone, that is
#   said (which version, which files were verified, that Debian's patches could not be
#   applied) and it is unpacked with tar. dpkg-dev (dpkg-source) is installed with
#   apt-get if missing. One run at a time fetches (flock on DS_SRC_ROOT/.lock); a second
#   waits, then finds the source cached.
# shellcheck shell=bash

APT_LOCK=(-o DPkg::Lock::Timeout=600)

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
die() { echo "$DS_TAG: $*" >&2; exit 2; }
fail() { echo "$DS_TAG: $*" >&2; exit 1; }
say() { echo "$DS_TAG: $*"; }
warn() { echo "$DS_TAG: warning: $*" >&2; }
note() { echo "$DS_TAG: NOTE: $*" >&2; }
run() { printf '+'; printf ' %q' "$@"; printf '\n'; "$@"; }
# run_logged LOG CMD...: print the command, send its output to LOG
run_logged() { local log=$1; shift; printf '+'; printf ' %q' "$@"; printf ' >%s 2>&1\n' "$log"; "$@" >"$log" 2>&1; }

# ------------------------------------------------------------------ the target's tools
# ds_cross_tools CC [AR]: CC_PATH, MACHINE (`CC -dumpmachine`), AR_PATH (default: CC's
# prefix + ar, llvm-ar for clang) and RANLIB_PATH (beside the archiver; empty if none).
ds_cross_tools() {
    local cc=$1 ar=${2:-}
    CC_PATH=$(command -v "$cc" 2>/dev/null) || fail "C compiler '$cc' not found (install the target's cross compiler, e.g. apt-get install gcc-riscv64-linux-gnu)"
    MACHINE=$("$CC_PATH" -dumpmachine 2>/dev/null) || fail "'$cc -dumpmachine' failed: is '$cc' a C compiler?"
    if [ -z "$ar" ]; then
        case "$(basename "$CC_PATH")" in
            *clang*) ar=llvm-ar ;;
            *gcc)    ar=${CC_PATH%gcc}ar ;;
            *cc)     ar=${CC_PATH%cc}ar ;;
            *)       ar=ar ;;
        esac
    fi
    AR_PATH=$(command -v "$ar" 2>/dev/null) || fail "archiver '$ar' not found (pass --ar)"
    RANLIB_PATH=
    case "$AR_PATH" in
        *llvm-ar) RANLIB_PATH=$(command -v llvm-ranlib 2>/dev/null || true) ;;
        *ar)      RANLIB_PATH=$(command -v "${AR_PATH%ar}ranlib" 2>/dev/null || true) ;;
    esac
}

# ds_installed PREFIX CFLAGS LIB: PREFIX/share/DS_PACKAGE-source.txt, where the library
# installed in PREFIX came from (the source's description, the target, the flags, the
# summary last), and the lines that name what PREFIX now holds.
ds_installed() {
    local prefix=$1 cflags=$2 lib=$3 pc
    pc=$prefix/lib/pkgconfig/$DS_PACKAGE.pc
    mkdir -p "$prefix/share"
    {
        if [ -n "${!DS_OVERRIDE_VAR:-}" ]; then
            echo "# $DS_PACKAGE built by $DS_SCRIPT from $DS_OVERRIDE_VAR"
            echo "tree=$SRC"
        else
            grep -v -e '^#' -e '^tree=' "$SRC_MANIFEST" 2>/dev/null || true
        fi
        echo "target=$MACHINE"
        echo "cflags=$cflags"
        echo "summary=$SUMMARY"
    } | awk -F= '$1 == "summary" { s = $0; next } { print } END { print s }' >"$prefix/share/$DS_PACKAGE-source.txt"
    say "installed into $prefix:"
    echo "    $lib ($(wc -c <"$lib") bytes, $("$AR_PATH" t "$lib" | wc -l) objects)"
    local pcq=(env PKG_CONFIG_PATH="$prefix/lib/pkgconfig" PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" pkg-config)
    echo "    $pc: $DS_PACKAGE $("${pcq[@]}" --modversion "$DS_PACKAGE" 2>/dev/null || echo '?'): $("${pcq[@]}" --cflags --libs "$DS_PACKAGE" 2>/dev/null || echo '(pkg-config cannot read it)')"
    echo "    $prefix/share/$DS_PACKAGE-source.txt: where it came from"
}

# ------------------------------------------------------------------ apt helpers
is_root() { [ "$(id -u)" = 0 ]; }

# apt_install PKG...: install the packages with apt-get (they were found missing).
apt_install() {
    is_root || fail "missing: $* (run as root, or: apt-get install $*)"
    say "installing with apt-get: $*"
    run apt-get "${APT_LOCK[@]}" install -y --no-install-recommends "$@" \
        || fail "apt-get install $* failed"
}

# machine_codename: CODENAME, this machine's Debian release (VERSION_CODENAME in
# /etc/os-release, e.g. bookworm); fails without one.
machine_codename() {
    CODENAME=
    if [ -r /etc/os-release ]; then
        # shellcheck disable=SC1091  # the machine's own file
        CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    fi
    [ -n "$CODENAME" ] || fail "no VERSION_CODENAME in /etc/os-release: which Debian release is this?"
}

# The release after CODENAME (Debian's order), or nothing.
next_release() {
    case "$1" in
        buster) echo bullseye ;; bullseye) echo bookworm ;; bookworm) echo trixie ;;
        trixie) echo forky ;; *) ;;
    esac
}

# The releases before CODENAME (Debian's order), newest first, back to buster.
earlier_releases() {
    case "$1" in
        forky) echo trixie; echo bookworm; echo bullseye; echo buster ;;
        trixie) echo bookworm; echo bullseye; echo buster ;;
        bookworm) echo bullseye; echo buster ;;
        bullseye) echo buster ;;
        *) ;;
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
        out=$(awk -v codename="$codename" -v src="$f" -v suites_out="$suites_out" -v comps_out="$comps_out" -v script="$DS_SCRIPT" '
            function flush() {
                if (!done && types ~ /(^| )deb( |$)/ && enabled != "no" &&
                    (" " suites " ") ~ (" " codename " ") && uris != "") {
                    printf "# deb-src of the deb entry in %s (written by %s)\n", src, script
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
        out=$(awk -v codename="$codename" -v src="$f" -v suites_out="$suites_out" -v comps_out="$comps_out" -v script="$DS_SCRIPT" '
            /^[ \t]*deb[ \t]/ && !done {
                i = 2; opts = ""
                if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
                uri = $i; suite = $(i + 1); comps = ""
                for (j = i + 2; j <= NF; j++) comps = comps (comps == "" ? "" : " ") $j
                if (suite != codename) next
                signed = ""
                if (match(opts, /signed-by=[^] ]*/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
                printf "# deb-src of the deb entry in %s (written by %s)\n", src, script
                printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n", uri,
                    (suites_out != "" ? suites_out : suite), (comps_out != "" ? comps_out : comps)
                if (signed != "") printf "Signed-By: %s\n", signed
                done = 1
            }' "$f")
        if [ -n "$out" ]; then printf '%s\n' "$out"; return 0; fi
    done
    return 1
}

# private_apt SUITE: APT, the apt-get options that read only DS_SRC_ROOT/apt/SUITE.sources,
# a deb-src entry for SUITE derived from the machine's Debian archive entry, with lists
# and cache in DS_SRC_ROOT/apt/SUITE/, which it updates. Returns 1 when no entry can be
# derived. An update error (a mirror in the middle of a sync, a suite a mirror lacks)
# is reported and tolerated: the download decides.
APT=()
private_apt() {
    local suite=$1 dir=$DS_SRC_ROOT/apt entry
    if [ "$suite" = "$CODENAME" ]; then
        entry=$(derive_deb_src "$CODENAME")
    else
        entry=$(derive_deb_src "$CODENAME" "$suite" main)
    fi || { warn "found no Debian archive deb entry for $CODENAME in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list to derive a deb-src entry for $suite from"; return 1; }
    mkdir -p "$dir/$suite/lists/partial" "$dir/$suite/cache/archives/partial"
    printf '%s\n' "$entry" >"$dir/$suite.sources"
    # No locking (the lists are this script's; the flock above keeps one run at a time)
    # and no sandbox user (it could not write into a folder of the caller's).
    APT=(-o Dir::Etc::sourcelist="$dir/$suite.sources" -o Dir::Etc::sourceparts=-
         -o Dir::State::Lists="$dir/$suite/lists" -o Dir::Cache="$dir/$suite/cache"
         -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)")
    say "apt-get update of $dir/$suite.sources only, into $dir/$suite/ (the machine's apt sources and lists are not touched):"
    sed 's/^/    /' "$dir/$suite.sources"
    run apt-get "${APT[@]}" -qq update || warn "apt-get update reported an error; carrying on"
}

# apt_uris SUITE: `'URI' NAME SIZE HASH` for each file of the package's source in
# SUITE, as apt's (signed) Sources index lists them; fails when apt knows none.
apt_uris() {
    local suite=$1 tmp out
    tmp=$(mktemp -d "$DS_SRC_ROOT/.uris.XXXXXX")
    out=$( (cd "$tmp" && apt-get "${APT[@]}" source --print-uris "$DS_PACKAGE/$suite" 2>/dev/null) | grep "^'") || out=
    rm -rf "$tmp"
    [ -n "$out" ] && printf '%s\n' "$out"
}

# hash_ok FILE TYPE:HEX: FILE has that checksum (the strongest one apt printed).
hash_ok() {
    local file=$1 want=${2#*:} tool
    case "${2%%:*}" in
        SHA512) tool=sha512sum ;; SHA256) tool=sha256sum ;; SHA1) tool=sha1sum ;;
        MD5Sum|MD5) tool=md5sum ;; *) return 1 ;;
    esac
    [ "$("$tool" "$file" | awk '{ print $1 }')" = "$want" ]
}

# ------------------------------------------------------------------ the source
# What DS_SRC_ROOT holds is described by SRC_MANIFEST (KEY=value lines): the tree, its
# version and origin, which files were verified, whether Debian's patches are in.
manifest_get() { sed -n "s/^$1=//p" "${2:-$SRC_MANIFEST}" 2>/dev/null | head -1; }

find_source() {
    local d t
    t=$(manifest_get tree)
    if [ -n "$t" ] && ds_tree_ok "$DS_SRC_ROOT/$t"; then
        echo "$DS_SRC_ROOT/$t"; return 0
    fi
    # a tree an earlier version of the script unpacked with dpkg-source
    for d in "$DS_SRC_ROOT/$DS_PACKAGE"-*/; do
        if ds_tree_ok "${d%/}" && [ -f "$d/debian/changelog" ]; then
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
    tmp=$DS_SRC_ROOT/.unpack
    rm -rf "$tmp"
    mkdir -p "$tmp"
    (cd "$tmp" && run dpkg-source -x "$dsc") || fail "dpkg-source -x $(basename "$dsc") failed"
    for d in "$tmp/$DS_PACKAGE"-*/; do
        [ -f "$d/$DS_TREE_FILE" ] || continue
        rm -rf "${DS_SRC_ROOT:?}/$(basename "$d")"
        mv "${d%/}" "$DS_SRC_ROOT/"
        rm -rf "$tmp"
        basename "$d" >"$DS_SRC_ROOT/.tree"
        return 0
    done
    fail "dpkg-source -x $(basename "$dsc") left no $DS_PACKAGE-*/$DS_TREE_FILE"
}

# Unpack $1 (an upstream .orig.tar.*) with tar into $DS_SRC_ROOT/PACKAGE-$2.
unpack_orig() {
    local tarball=$1 version=$2 tmp tops
    tmp=$DS_SRC_ROOT/.unpack
    rm -rf "$tmp"
    mkdir -p "$tmp"
    run tar -xf "$tarball" -C "$tmp" || fail "tar -xf $(basename "$tarball") failed"
    tops=("$tmp"/*)
    if [ ${#tops[@]} != 1 ] || ! ds_tree_ok "${tops[0]}"; then
        fail "$(basename "$tarball") does not hold one $DS_PACKAGE-*/ folder with $DS_TREE_DESC"
    fi
    rm -rf "${DS_SRC_ROOT:?}/$DS_PACKAGE-$version"
    mv "${tops[0]}" "$DS_SRC_ROOT/$DS_PACKAGE-$version"
    rm -rf "$tmp"
    echo "$DS_PACKAGE-$version" >"$DS_SRC_ROOT/.tree"
}

# fetch_suite SUITE: the package's source of Debian SUITE, downloaded into DS_SRC_ROOT
# (files already there with the checksums apt lists are used as they are), verified and
# unpacked: with dpkg-source when all its files came, else the upstream tarball alone
# with tar. Writes $SRC_MANIFEST. Returns 1 when not even the upstream tarball came, or
# when its version will not do (ds_version_ok).
fetch_suite() {
    local suite=$1 uris name size hash i status dl p=$DS_PACKAGE
    local names=() sizes=() hashes=() verified=() missing=()
    local dsc='' orig='' version upstream
    uris=$(apt_uris "$suite") || { warn "apt lists no $p source package for $suite"; return 1; }
    while read -r _ name size hash; do
        names+=("$name"); sizes+=("$size"); hashes+=("$hash")
        case "$name" in
            *.dsc) dsc=$name ;;
            *.orig.tar.*) orig=$name ;;
        esac
    done <<<"$uris"
    version=${dsc#"${p}"_}; version=${version%.dsc}
    upstream=${orig#"${p}"_}; upstream=${upstream%.orig.tar.*}
    [ -n "$orig" ] || { warn "Debian $suite's $p ($version) names no .orig.tar.* file"; return 1; }
    if declare -F ds_version_ok >/dev/null && ! ds_version_ok "$upstream"; then
        warn "Debian $suite's $p is $upstream: $DS_VERSION_NEED; not using it"
        return 1
    fi
    say "Debian $suite: $p $version, files ${names[*]}"
    dl=$DS_SRC_ROOT/.download
    rm -rf "$dl"
    mkdir -p "$dl"
    local need=0
    for i in "${!names[@]}"; do
        if [ -f "$DS_SRC_ROOT/${names[$i]}" ] && hash_ok "$DS_SRC_ROOT/${names[$i]}" "${hashes[$i]}"; then
            cp -p "$DS_SRC_ROOT/${names[$i]}" "$dl/"
        else
            need=1
        fi
    done
    if [ "$need" = 1 ]; then
        # A file the archive does not serve makes apt-get exit non-zero: what did come
        # is kept.
        status=0
        (cd "$dl" && run apt-get "${APT[@]}" source --download-only "$p/$suite") || status=$?
        [ "$status" = 0 ] || warn "apt-get source --download-only $p/$suite exited with status $status (see its errors above); checking what came"
    else
        say "every file already in $DS_SRC_ROOT with the checksum apt lists: nothing downloaded"
    fi
    for i in "${!names[@]}"; do
        name=${names[$i]}
        if [ -f "$dl/$name" ] && hash_ok "$dl/$name" "${hashes[$i]}"; then
            mv -f "$dl/$name" "$DS_SRC_ROOT/"
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
        unpack_dsc "$DS_SRC_ROOT/$dsc"
        patches=applied
        summary="$p $upstream from Debian $suite's source package $version (${verified[*]} verified; unpacked by dpkg-source, Debian's patches applied)"
    elif [ "$have_orig" = 1 ]; then
        note "Debian's packaging of $p $version ($suite) could not be downloaded: ${missing[*]}."
        note "using the upstream tarball alone: $orig ($p $upstream), verified against apt's signed Sources index for $suite; Debian's patches for $version are NOT applied."
        unpack_orig "$DS_SRC_ROOT/$orig" "$upstream"
        patches="not applied"
        summary="$p $upstream, upstream tarball $orig of Debian $suite's source package $version (verified against apt's signed Sources index; ${missing[*]} unavailable, so Debian's patches are NOT applied)"
    else
        warn "the upstream tarball $orig of Debian $suite's $p $version could not be downloaded"
        return 1
    fi
    {
        echo "# $p source in this folder (written by $DS_SCRIPT)"
        echo "tree=$(cat "$DS_SRC_ROOT/.tree")"
        echo "version=$upstream"
        echo "debian_version=$version"
        echo "suite=$suite"
        echo "debian_patches=$patches"
        echo "verified=${verified[*]}"
        echo "missing=${missing[*]}"
        for i in "${!names[@]}"; do echo "checksum=${names[$i]} ${sizes[$i]} ${hashes[$i]}"; done
        echo "summary=$summary"
    } >"$SRC_MANIFEST"
    rm -f "$DS_SRC_ROOT/.tree"
    return 0
}

# ds_get_source: SRC and SUMMARY, from DS_OVERRIDE_VAR's tree, the cache, or Debian.
ds_get_source() {
    local p=$DS_PACKAGE override=${!DS_OVERRIDE_VAR:-} locked=0 suite got others tried
    SRC_MANIFEST=$DS_SRC_ROOT/$p-source.txt
    mkdir -p "$DS_SRC_ROOT"
    # One run at a time fetches and unpacks (board builds may call the script in
    # parallel): a second run waits here, then finds the source cached.
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$DS_SRC_ROOT/.lock"
        flock 9
        locked=1
    fi
    if [ -n "$override" ]; then
        [ -f "$override/$DS_TREE_FILE" ] || fail "$DS_OVERRIDE_VAR=$override has no $DS_TREE_FILE"
        SRC=$(cd "$override" && pwd)
        SUMMARY="the $p tree $SRC ($DS_OVERRIDE_VAR; not Debian's source package)"
        say "source: $SUMMARY"
    elif SRC=$(find_source); then
        SUMMARY=$(manifest_get summary)
        [ -n "$SUMMARY" ] && [ "$(manifest_get tree)" = "$(basename "$SRC")" ] \
            || SUMMARY="$(basename "$SRC") unpacked by dpkg-source ($(sed -n "1s/^$p (\([^)]*\)).*/Debian $p \1/p" "$SRC/debian/changelog"), Debian's patches applied)"
        say "source: $SRC (cached, nothing downloaded): $SUMMARY"
        [ "$(manifest_get debian_patches)" = "not applied" ] && [ "$(manifest_get tree)" = "$(basename "$SRC")" ] \
            && note "Debian's patches are NOT applied to this tree (the Debian packaging could not be downloaded: $(manifest_get missing))"
    else
        command -v apt-get >/dev/null 2>&1 || fail "no $p source in $DS_SRC_ROOT and no apt-get to fetch Debian's $p source package"
        machine_codename
        mapfile -t others < <(ds_other_suites "$CODENAME")
        got=
        tried=$CODENAME
        for suite in "$CODENAME" ${others[@]+"${others[@]}"}; do
            if [ "$suite" != "$CODENAME" ]; then
                tried="$tried or $suite"
                if [ "$suite" = "$(next_release "$CODENAME")" ]; then
                    say "Debian $CODENAME's $p source could not be had; trying the next release, $suite (deb-src only)"
                else
                    say "Debian $CODENAME's $p source could not be had; trying an earlier release, $suite (deb-src only)"
                fi
            fi
            private_apt "$suite" || continue
            if fetch_suite "$suite"; then got=$suite; break; fi
        done
        [ -n "$got" ] || fail "could not download $p's source package from Debian $tried (the errors are above). Copy the files apt-get source --print-uris names from a Debian mirror into $DS_SRC_ROOT/ and run again (files whose checksums match apt's Sources index are used without downloading), or point $DS_OVERRIDE_VAR at an unpacked $p tree"
        SRC=$(find_source) || fail "no $p source tree in $DS_SRC_ROOT after unpacking"
        SUMMARY=$(manifest_get summary)
        say "source: $SRC: $SUMMARY"
    fi
    if [ "$locked" = 1 ]; then exec 9>&-; fi
    return 0
}
