#!/usr/bin/env bash
# Checks the README's promise the honest way: its two commands, exactly as written, on
# a fresh Debian 12 that has nothing but the Swift toolchain.
#
#   tools/fresh-root-check.sh [--dir DIR] [--new-base] [--keep] [--user-only]
#
#   --dir DIR      work folder (default /var/tmp/spikert-fresh-root): DIR/base is the
#                  pristine system, DIR/root-user and DIR/root-root the copies run in,
#                  DIR/*.log the full output of each command
#   --new-base     debootstrap DIR/base again even if a complete one is there
#   --keep         leave the two roots in place afterwards (to look around in them)
#   --user-only    stop after the non-root run (a quick check of the refusal)
#
# Steps:
#   1. DIR/base: `debootstrap --variant=minbase` of this machine's release
#      (VERSION_CODENAME of /etc/os-release) from the Debian mirror of this machine's
#      own apt sources (the URIs of its Debian archive entry, read by
#      cross/debian-source.sh's derive_deb_src); made once and never entered, so it
#      stays pristine (debootstrap itself is installed with apt-get when missing).
#   2. The README's commands: the first two lines of its first ```sh block, each
#      without its trailing `# comment`.
#   3. As a user other than root, in a copy of the base (DIR/root-user) with a fresh
#      `git clone` of this repository's committed HEAD: each command must stop with a
#      non-zero status and say the exact command to run as root.
#   4. As root, in another copy (DIR/root-root) with a fresh clone: the first command,
#      then the second, each must exit 0 (the second takes a while: every test, with
#      the Swift test suite built from scratch).
# Each root gets /opt/swift bind-mounted read-only, /proc, /sys, /dev and /dev/pts, the
# machine's /etc/resolv.conf, and the machine's CA bundle as PIP_CERT (a network that
# inspects TLS needs it; a machine on the open internet does not). The commands run
# under `env -i` with HOME, PATH (/opt/swift/usr/bin first, as the README asks) and
# those variables only. Progress: each stage with its time, the key lines of the
# output as they come, and a line a minute while a command runs; a summary at the end.
# Needs root (debootstrap, chroot, mounts). Exits 1 if any check fails.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=/var/tmp/spikert-fresh-root
NEW_BASE=0
KEEP=0
USER_ONLY=0
TESTER=tester

# die, usage, and derive_deb_src (the machine's Debian archive entry) for the mirror
DS_PACKAGE=debootstrap DS_TAG=fresh-root-check DS_SCRIPT=tools/fresh-root-check.sh
# shellcheck source=cross/debian-source.sh
source "$ROOT/cross/debian-source.sh"
while [ $# -gt 0 ]; do
    case "$1" in
        --dir)       [ $# -ge 2 ] || die "--dir needs a directory"; DIR=$2; shift 2 ;;
        --new-base)  NEW_BASE=1; shift ;;
        --keep)      KEEP=1; shift ;;
        --user-only) USER_ONLY=1; shift ;;
        -h|--help)   usage; exit 0 ;;
        *)           die "unknown argument: $1 (try --help)" ;;
    esac
done
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mounts)"
[ -x /opt/swift/usr/bin/swift ] || die "no Swift toolchain at /opt/swift"
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

START=$(date +%s)
# The committed tree both roots get (HEAD may move while this runs).
TREE=$(git -C "$ROOT" rev-parse HEAD)
elapsed() { echo "$(( $(date +%s) - START ))"; }
stage() { printf '\n==== %s  [+%ss]\n' "$*" "$(elapsed)"; }
RESULTS=()
result() { RESULTS+=("$(printf '%-5s %-58s %6ss' "$1" "$2" "$3")"); }

# --------------------------------------------------------------- 1. the base system
machine_codename
MIRROR=$(derive_deb_src "$CODENAME" | sed -n 's/^URIs: *\([^ ]*\).*/\1/p' | head -1)
[ -n "$MIRROR" ] || die "found no Debian archive entry for $CODENAME in this machine's apt sources"

BASE=$DIR/base
if [ "$NEW_BASE" = 1 ] || [ ! -f "$BASE/.debootstrap-complete" ]; then
    stage "debootstrap --variant=minbase $CODENAME from $MIRROR into $BASE"
    command -v debootstrap >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends debootstrap
    t0=$(date +%s)
    rm -rf "$BASE"
    debootstrap --variant=minbase "$CODENAME" "$BASE" "$MIRROR" >"$DIR/debootstrap.log" 2>&1 \
        || { tail -20 "$DIR/debootstrap.log" >&2; die "debootstrap failed (log: $DIR/debootstrap.log)"; }
    date -u +%FT%TZ >"$BASE/.debootstrap-complete"
    result ok "debootstrap (minbase, $CODENAME)" "$(( $(date +%s) - t0 ))"
else
    stage "base system: $BASE (debootstrapped $(cat "$BASE/.debootstrap-complete"); --new-base redoes it)"
fi

# --------------------------------------------------------------- 2. the commands
README_COMMANDS=$(awk '/^```sh$/ && !seen { inside = 1; seen = 1; next } inside && /^```/ { exit } inside' "$ROOT/README.md" \
    | sed 's/[[:space:]]*#[^#]*$//' | head -2)
mapfile -t COMMANDS <<<"$README_COMMANDS"
[ ${#COMMANDS[@]} = 2 ] && [ -n "${COMMANDS[0]}" ] && [ -n "${COMMANDS[1]}" ] \
    || die "could not read two commands from README.md's first sh block"
stage "the README's commands"
printf '  1: %s\n  2: %s\n' "${COMMANDS[0]}" "${COMMANDS[1]}"

# --------------------------------------------------------------- the roots
MOUNTS=()
cleanup() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
    MOUNTS=()
    if [ "$KEEP" = 0 ]; then rm -rf "$DIR/root-user" "$DIR/root-root"; fi
}
trap cleanup EXIT
bind() { # bind SRC DEST [ro]  (recursive: /dev brings /dev/pts and /dev/shm)
    mkdir -p "$2"
    mount --rbind "$1" "$2"
    MOUNTS+=("$2")
    [ "${3:-}" != ro ] || mount -o remount,bind,ro "$2"
}
# The CA bundle this machine's TLS clients use (see the header).
HOST_CA=${PIP_CERT:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}

# new_root NAME OWNER: DIR/NAME, a copy of the base with the mounts, a user TESTER and
# a fresh clone of the committed tree in OWNER's home; CLONE is its path inside the
# root (/root/spikert or /home/TESTER/spikert).
CLONE=
new_root() {
    local name=$1 owner=$2 fs=$DIR/$1 home
    rm -rf "$fs"
    cp -a "$BASE" "$fs"
    cp /etc/resolv.conf "$fs/etc/resolv.conf"
    [ ! -f "$HOST_CA" ] || cp "$HOST_CA" "$fs/etc/host-ca.crt"
    bind /proc "$fs/proc"
    bind /sys "$fs/sys" ro
    bind /dev "$fs/dev"
    bind /opt/swift "$fs/opt/swift" ro
    chroot "$fs" useradd -m -s /bin/bash "$TESTER"
    if [ "$owner" = root ]; then home=/root; else home=/home/$TESTER; fi
    git clone -q "$ROOT" "$fs$home/spikert"
    git -C "$fs$home/spikert" checkout -q "$TREE"
    [ "$owner" = root ] || chroot "$fs" chown -R "$TESTER:$TESTER" "$home/spikert"
    CLONE=$home/spikert
}

# run_in NAME USER CLONE LOG COMMAND: COMMAND in the clone, as USER, in root NAME,
# output to LOG; key lines shown as they come, a line a minute; returns its status.
run_in() {
    local fs=$DIR/$1 user=$2 clone=$3 log=$4 command=$5 home spec=() status=0 t0 pid
    # the user's numbers, from the root's own /etc/passwd
    if [ "$user" = root ]; then home=/root; else home=/home/$user; spec=(--userspec="$(chroot "$fs" id -u "$user"):$(chroot "$fs" id -g "$user")"); fi
    local envs=(HOME="$home" USER="$user" LANG=C.UTF-8
                PATH=/opt/swift/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
    [ ! -f "$fs/etc/host-ca.crt" ] || envs+=(PIP_CERT=/etc/host-ca.crt)
    t0=$(date +%s)
    echo "  \$ $command    (as $user, in $clone; log $log)"
    : >"$log"
    ( while sleep 60; do
          printf '  [+%ss] ... %s\n' "$(( $(date +%s) - t0 ))" "$(tail -n 1 "$log" | cut -c1-110)"
      done ) &
    pid=$!
    local statuses
    set +e
    chroot ${spec[@]+"${spec[@]}"} "$fs" env -i "${envs[@]}" bash -c "cd '$clone' && $command" 2>&1 \
        | tee -a "$log" \
        | grep --line-buffered -E '^(== |setup: |test\.sh: )|Build (of product .*)?complete|error:|Test run with|Executed [0-9]+ tests?|[0-9]+ (passed|failed)' \
        | sed -u "s/^/  | /"
    statuses=("${PIPESTATUS[@]}")
    set -e
    status=${statuses[0]}
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    LAST_SECONDS=$(( $(date +%s) - t0 ))
    echo "  exit status $status after ${LAST_SECONDS}s"
    return "$status"
}

FAILED=0
# --------------------------------------------------------------- 3. as another user
stage "as user $TESTER in a fresh copy of the base: each command must stop and name the command to run as root"
new_root root-user "$TESTER"
for i in 0 1; do
    log=$DIR/user-command$((i + 1)).log
    if run_in root-user "$TESTER" "$CLONE" "$log" "${COMMANDS[$i]}"; then
        echo "  FAILED: it exited 0 as $TESTER (nothing was installed: it cannot have run)"
        result FAIL "user $TESTER, command $((i + 1)): refused" "$LAST_SECONDS"; FAILED=1
    elif grep -q 'run as root: .*apt-get install' "$log"; then
        grep -E 'missing|run as root|sudo' "$log" | sed 's/^/  > /'
        result ok "user $TESTER, command $((i + 1)): refused, names the command" "$LAST_SECONDS"
    else
        tail -5 "$log" | sed 's/^/  > /'
        echo "  FAILED: no 'run as root: ... apt-get install ...' in its output"
        result FAIL "user $TESTER, command $((i + 1)): refused, names the command" "$LAST_SECONDS"; FAILED=1
    fi
done

# --------------------------------------------------------------- 4. as root
if [ "$USER_ONLY" = 0 ]; then
    stage "as root in another fresh copy of the base: both commands must pass"
    new_root root-root root
    for i in 0 1; do
        log=$DIR/root-command$((i + 1)).log
        if run_in root-root root "$CLONE" "$log" "${COMMANDS[$i]}"; then
            result ok "root, command $((i + 1))" "$LAST_SECONDS"
            [ "$i" != 0 ] || tail -n 25 "$log" | sed 's/^/  > /'
        else
            tail -30 "$log" | sed 's/^/  > /'
            result FAIL "root, command $((i + 1))" "$LAST_SECONDS"; FAILED=1
        fi
    done
fi

stage "summary"
printf '  %s\n' "${RESULTS[@]}"
echo "  commands: 1: ${COMMANDS[0]}"
echo "            2: ${COMMANDS[1]}"
echo "  tree: ${TREE:0:7}, logs in $DIR, total $(elapsed)s"
exit "$FAILED"
