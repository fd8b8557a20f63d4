#!/usr/bin/env bash
# Check a spikertd package (cross/package/build-deb.sh) on the build machine:
#
#   cross/package/check-deb.sh [--board BOARD] [--library-path DIR] DEB
#
#   --board BOARD  also run the installed spikertd --help and spikert --version, under
#                  the board's QEMU_USER when it has one (boards/<id>)
#   --library-path DIR  with --board: where the libraries the package depends on but this
#                  machine lacks are (e.g. out/libgpiod2/arm64/lib, libgpiod3 for a
#                  libgpiod 2.x package), searched first when the binaries run
#
# Checks, each printed as ok or FAILED:
#   1. the control file: Package spikertd, the Architecture of the binaries, and a
#      Depends naming the package of every shared library the binaries need (Debian
#      Policy 8.1: libcbor.so.0.8 -> libcbor0.8); the binaries need nothing but libc,
#      libcbor and libgpiod (no Swift runtime);
#   2. `dpkg-deb -c`: exactly the expected files, owned by root, with their modes,
#      plus board profiles in /usr/share/spikertd/boards/ (at least one; each must read
#      cleanly with cross/board-profile.sh and be KIND=linux);
#      /etc/spikertd/spikertd.conf a conffile;
#   3. `dpkg --root DIR -i` into a fresh directory (--force-script-chrootless, so the
#      maintainer scripts run with DPKG_ROOT=DIR and touch nothing outside it): the
#      files land, postinst's systemd-sysusers creates user spikertd in groups spikertd
#      and gpio in DIR/etc; then `dpkg --root DIR --purge` removes everything again;
#   4. `systemd-analyze verify` on the installed unit, its /usr/bin commands pointed
#      at the installed binaries and MANPATH at the installed man page: exit 0 and no
#      message at all (systemd 252 only warns, exit 0, about an unknown key or a bad
#      value). A copy with a misspelt Type= must fail the same check, or the check
#      proves nothing on this machine's systemd. `systemd-analyze security --offline`
#      exposure at most 2.0;
#   5. the man page renders with no warning (man --warnings); the udev rule's lines
#      are well-formed KEY=="value"/KEY="value" lists.
# Needs dpkg, systemd (systemd-analyze, systemd-sysusers) and man-db.
# Exits 1 if a check fails, 2 on a usage error.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=cross/board-profile.sh
source "$HERE/../board-profile.sh"
ROOT=$BOARD_ROOT
# systemd-analyze security's exposure scale is 0.0-10.0; --threshold counts tenths.
EXPOSURE_LIMIT=20

die() { echo "check-deb: $*" >&2; exit 2; }

BOARD=
DEB=
LIBRARY_PATH_=

while [ $# -gt 0 ]; do
    case "$1" in
        --board)   [ $# -ge 2 ] || die "--board needs a profile"; BOARD=$2; shift 2 ;;
        --library-path) [ $# -ge 2 ] || die "--library-path needs a directory"; LIBRARY_PATH_=$(cd "$2" && pwd) || die "no such directory: $2"; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*)        die "unknown option: $1 (try --help)" ;;
        *)         [ -z "$DEB" ] || die "one package at a time"; DEB=$1; shift ;;
    esac
done
[ -n "$DEB" ] || die "which .deb? (try --help)"
[ -f "$DEB" ] || die "no such file: $DEB"
DEB=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")
for tool in dpkg dpkg-deb systemd-analyze man readelf; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install dpkg systemd man-db binutils)"
done

FAILURES=0
passed() { echo "  ok      $*"; }
failed() { echo "  FAILED  $*"; FAILURES=$((FAILURES + 1)); }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/check-deb.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "check-deb: $DEB"

# ------------------------------------------------------------------ 1. control, libraries
field() { dpkg-deb -f "$DEB" "$1"; }
[ "$(field Package)" = spikertd ] && passed "Package: spikertd" || failed "Package is '$(field Package)', not spikertd"
ARCH=$(field Architecture)
DEPENDS=$(field Depends)
dpkg-deb -x "$DEB" "$WORK/x"
for bin in spikertd spikert; do
    f=$WORK/x/usr/bin/$bin
    [ -f "$f" ] || { failed "no /usr/bin/$bin"; continue; }
    # The ELF machine must be the package architecture's (dpkg's own table).
    elf_class=$(LC_ALL=C readelf -h "$f" | sed -n 's/^ *Class: *//p')
    elf_machine=$(LC_ALL=C readelf -h "$f" | sed -n 's/^ *Machine: *//p')
    want_bits=$(dpkg-architecture -a"$ARCH" -qDEB_HOST_ARCH_BITS 2>/dev/null || echo '?')
    want_cpu=$(dpkg-architecture -a"$ARCH" -qDEB_HOST_ARCH_CPU 2>/dev/null || echo '?')
    case "$want_cpu:$elf_machine" in
        amd64:*X86-64*|arm64:*AArch64*|arm:ARM|riscv64:*RISC-V*) machine_ok=1 ;;
        *) machine_ok=0 ;;
    esac
    if [ "$machine_ok" = 1 ] && [ "$elf_class" = "ELF$want_bits" ]; then
        passed "/usr/bin/$bin is $elf_class $elf_machine, Architecture $ARCH"
    else
        failed "/usr/bin/$bin is $elf_class $elf_machine, but the package says Architecture $ARCH"
    fi
    needed=$(LC_ALL=C readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
    for lib in $needed; do
        case "$lib" in
            libc.so.*|libcbor.so.*|libgpiod.so.*) ;;
            *) failed "/usr/bin/$bin needs $lib (allowed: libc, libcbor, libgpiod; no Swift runtime)"; continue ;;
        esac
        # Debian Policy 8.1: the package of libNAME.so.VERSION is libNAMEVERSION, with a
        # hyphen between when NAME ends in a digit.
        name=${lib%%.so.*} version=${lib#*.so.}
        case "$name" in *[0-9]) pkg=$name-$version ;; *) pkg=$name$version ;; esac
        if [[ ", $DEPENDS," == *", $pkg "* || ", $DEPENDS," == *", $pkg,"* ]]; then
            passed "/usr/bin/$bin needs $lib: Depends has $pkg"
        else
            failed "/usr/bin/$bin needs $lib, but Depends ($DEPENDS) has no $pkg"
        fi
    done
done

# ------------------------------------------------------------------ 2. the file list
# path mode (every regular file the package holds, and nothing else)
EXPECTED="./etc/spikertd/spikertd.conf -rw-r--r--
./lib/systemd/system/spikertd.service -rw-r--r--
./lib/udev/rules.d/60-spikertd-gpio.rules -rw-r--r--
./usr/bin/spikert -rwxr-xr-x
./usr/bin/spikertd -rwxr-xr-x
./usr/lib/sysusers.d/spikertd.conf -rw-r--r--
./usr/share/doc/spikertd/copyright -rw-r--r--
./usr/share/man/man8/spikertd.8.gz -rw-r--r--"
dpkg-deb -c "$DEB" >"$WORK/contents"
ACTUAL=$(awk '$1 !~ /^d/ && $6 !~ /^\.\/usr\/share\/spikertd\/boards\// { print $6, $1 }' "$WORK/contents" | LC_ALL=C sort)
mapfile -t PROFILES < <(awk '$1 !~ /^d/ && $6 ~ /^\.\/usr\/share\/spikertd\/boards\// { print $6, $1 }' "$WORK/contents")
if [ "$ACTUAL" = "$EXPECTED" ]; then
    passed "dpkg-deb -c: the $(printf '%s\n' "$EXPECTED" | wc -l) expected files with their modes"
else
    failed "dpkg-deb -c differs from the expected files (< expected, > in the package):"
    diff <(printf '%s\n' "$EXPECTED") <(printf '%s\n' "$ACTUAL") | sed -n 's/^[<>]/    &/p'
fi
if [ ${#PROFILES[@]} -eq 0 ]; then
    failed "no board profiles in /usr/share/spikertd/boards/ (spikertd --board ID looks there)"
else
    profile_errors=0
    for entry in "${PROFILES[@]}"; do
        path=${entry%% *} mode=${entry#* }
        [ "$mode" = -rw-r--r-- ] || { failed "$path has mode $mode"; profile_errors=1; }
        if ! board_load "$WORK/x/${path#./}" 2>"$WORK/profile.err" || [ "$BOARD_KIND" != linux ]; then
            failed "$path is not a valid KIND=linux profile:"; sed 's/^/    /' "$WORK/profile.err"
            profile_errors=1
        fi
    done
    [ "$profile_errors" = 1 ] || passed "${#PROFILES[@]} board profiles in /usr/share/spikertd/boards/, each valid and KIND=linux"
fi
owners=$(awk '{ print $2 }' "$WORK/contents" | sort -u | paste -sd' ')
[ "$owners" = root/root ] && passed "every entry owned by root/root" || failed "owners: $owners (want root/root: dpkg-deb --root-owner-group)"
dpkg-deb --ctrl-tarfile "$DEB" | tar -xf - -C "$WORK" ./conffiles 2>/dev/null || true
if grep -qx /etc/spikertd/spikertd.conf "$WORK/conffiles" 2>/dev/null; then
    passed "conffile /etc/spikertd/spikertd.conf"
else
    failed "/etc/spikertd/spikertd.conf is not in DEBIAN/conffiles"
fi

# ------------------------------------------------------------------ 3. install, purge
R=$WORK/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/log"
: >"$R/var/lib/dpkg/status"
: >"$R/var/lib/dpkg/available"
DPKG=(dpkg --root="$R" --log="$R/var/log/dpkg.log" --force-script-chrootless
      --force-architecture --force-depends --force-not-root)
if "${DPKG[@]}" -i "$DEB" >"$WORK/install.log" 2>&1; then
    passed "dpkg --root DIR -i (maintainer scripts run with DPKG_ROOT=DIR)"
else
    failed "dpkg --root DIR -i failed:"; sed 's/^/    /' "$WORK/install.log"
fi
missing=0
while read -r path _; do
    [ -f "$R/${path#./}" ] || { failed "not installed: ${path#.}"; missing=1; }
done <<<"$EXPECTED"
[ "$missing" = 1 ] || passed "every file installed under DIR"
status=$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f='${Status}' spikertd 2>/dev/null || true)
[ "$status" = "install ok installed" ] && passed "dpkg status: $status" || failed "dpkg status: '$status'"
if command -v systemd-sysusers >/dev/null 2>&1; then
    if grep -q '^spikertd:x:[0-9]*:[0-9]*:[^:]*:/var/lib/spikertd:' "$R/etc/passwd" 2>/dev/null \
        && grep -q '^gpio:x:[0-9]*:\(.*,\)\{0,1\}spikertd\(,.*\)\{0,1\}$' "$R/etc/group" \
        && grep -q '^spikertd:x:' "$R/etc/group"; then
        passed "postinst: systemd-sysusers made user spikertd (home /var/lib/spikertd) in groups spikertd and gpio"
    else
        failed "postinst: no user spikertd in groups spikertd and gpio under DIR/etc:"
        cat "$R/etc/passwd" "$R/etc/group" 2>/dev/null | sed 's/^/    /'
    fi
else
    echo "  skipped the sysusers check: no systemd-sysusers on this machine"
fi

# ------------------------------------------------------------------ 4. the unit
UNIT=$R/lib/systemd/system/spikertd.service
# verify_unit FILE: systemd-analyze verify on a copy of FILE named spikertd.service whose
# /usr/bin commands are the installed binaries. Prints what systemd said; returns 1 on
# a non-zero exit or any message.
verify_unit() {
    local dir out
    dir=$(mktemp -d "$WORK/unit.XXXXXX")
    sed "s|^\(Exec[A-Za-z]*=[-@:+!]*\)/usr/bin/|\1$R/usr/bin/|" "$1" >"$dir/spikertd.service"
    if ! out=$(MANPATH=$R/usr/share/man systemd-analyze verify "$dir/spikertd.service" 2>&1); then
        printf '%s\n' "${out:-(no message; non-zero exit)}"
        return 1
    fi
    [ -z "$out" ] || { printf '%s\n' "$out"; return 1; }
}
if [ -f "$UNIT" ]; then
    if msg=$(verify_unit "$UNIT"); then
        passed "systemd-analyze verify: no messages"
    else
        failed "systemd-analyze verify:"; printf '%s\n' "$msg" | sed 's/^/    /'
    fi
    sed 's/^Type=.*/Type=notfy/' "$UNIT" >"$WORK/broken.service"
    if msg=$(verify_unit "$WORK/broken.service"); then
        failed "systemd-analyze verify accepts a unit with Type=notfy: this check cannot fail here"
    else
        passed "a copy with Type=notfy is refused ($(printf '%s' "$msg" | head -1 | sed 's|.*spikertd.service:||'))"
    fi
    sed "s|^\(Exec[A-Za-z]*=[-@:+!]*\)/usr/bin/|\1$R/usr/bin/|" "$UNIT" >"$WORK/security.service"
    mkdir -p "$WORK/security" && mv "$WORK/security.service" "$WORK/security/spikertd.service"
    if MANPATH=$R/usr/share/man systemd-analyze security --offline=yes --threshold="$EXPOSURE_LIMIT" \
            "$WORK/security/spikertd.service" >"$WORK/security.log" 2>&1; then
        passed "systemd-analyze security: $(sed -n 's/.*Overall exposure level for [^:]*: *//p' "$WORK/security.log") (limit $((EXPOSURE_LIMIT / 10)).$((EXPOSURE_LIMIT % 10)))"
    else
        failed "systemd-analyze security: exposure above $((EXPOSURE_LIMIT / 10)).$((EXPOSURE_LIMIT % 10)) or an error:"
        grep -e 'Overall' -e '✗' "$WORK/security.log" | sed 's/^/    /' || tail -5 "$WORK/security.log"
    fi
fi

# ------------------------------------------------------------------ 5. man page, udev rule
MAN=$R/usr/share/man/man8/spikertd.8.gz
if [ -f "$MAN" ]; then
    if LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$MAN" >"$WORK/man.txt" 2>"$WORK/man.err" \
            && [ ! -s "$WORK/man.err" ] && grep -q -- '--gpio-in' "$WORK/man.txt"; then
        passed "man spikertd.8: $(wc -l <"$WORK/man.txt") lines, no warnings"
    else
        failed "man spikertd.8 warns or renders no options:"; sed 's/^/    /' "$WORK/man.err"
    fi
fi
RULES=$R/lib/udev/rules.d/60-spikertd-gpio.rules
if [ -f "$RULES" ]; then
    pair='[A-Z_]+(\{[A-Za-z0-9_]+\})?(==|!=|=|\+=|-=|:=)"[^"]*"'
    rule_errors=$(grep -n -v -E '^[[:space:]]*(#|$)' "$RULES" | grep -v -E "^[0-9]+:$pair(, *$pair)*[[:space:]]*$" || true)
    if [ -z "$rule_errors" ] && grep -q 'GROUP="gpio"' "$RULES" && grep -q 'MODE="0660"' "$RULES"; then
        passed "udev rule: well-formed, GROUP=\"gpio\" MODE=\"0660\""
    else
        failed "udev rule: malformed lines or no GROUP=\"gpio\"/MODE=\"0660\":"; printf '%s\n' "$rule_errors" | sed 's/^/    /'
    fi
fi

# ------------------------------------------------------------------ the binaries run
if [ -n "$BOARD" ]; then
    board_load "$(board_path "$BOARD")" || die "bad profile $BOARD"
    read -r -a RUN <<<"$(board_qemu_runner)"
    if [ -n "$LIBRARY_PATH_" ]; then
        # first on the runner's LD_LIBRARY_PATH (qemu -E), or the environment's (natively)
        extended=0
        for i in "${!RUN[@]}"; do
            case "${RUN[$i]}" in
                LD_LIBRARY_PATH=*) RUN[$i]="LD_LIBRARY_PATH=$LIBRARY_PATH_:${RUN[$i]#LD_LIBRARY_PATH=}"; extended=1 ;;
            esac
        done
        if [ "$extended" = 0 ]; then
            if [ ${#RUN[@]} -gt 0 ]; then RUN=("${RUN[0]}" -E "LD_LIBRARY_PATH=$LIBRARY_PATH_" "${RUN[@]:1}")
            else RUN=(env "LD_LIBRARY_PATH=$LIBRARY_PATH_"); fi
        fi
    fi
    for cmd in "spikertd --help" "spikert --version"; do
        read -r -a words <<<"$cmd"
        if ${RUN[@]+"${RUN[@]}"} "$R/usr/bin/${words[0]}" "${words[@]:1}" >"$WORK/run.log" 2>&1; then
            passed "$cmd runs (${RUN[*]:-natively})"
        else
            failed "$cmd exits $? (${RUN[*]:-natively}):"; sed 's/^/    /' "$WORK/run.log" | head -20
        fi
    done
fi

if "${DPKG[@]}" --purge spikertd >"$WORK/purge.log" 2>&1; then
    # What the package put there (systemd-sysusers' user and group files stay).
    left=$(cd "$R" && find etc/spikertd lib usr var/lib/spikertd -type f 2>/dev/null | paste -sd' ' || true)
    [ -z "$left" ] && passed "dpkg --purge removes every file" || failed "left after --purge: $left"
else
    failed "dpkg --root DIR --purge failed:"; sed 's/^/    /' "$WORK/purge.log"
fi

if [ "$FAILURES" -gt 0 ]; then
    echo "check-deb: $FAILURES check(s) FAILED"
    exit 1
fi
echo "check-deb: ok"
