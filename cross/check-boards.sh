#!/usr/bin/env bash
# Build SpikeRT for board profiles and check it under emulation against the host:
#
#   cross/check-boards.sh [--jobs N] [--no-install] [--rebuild] [BOARD...]
#
#   BOARD          profile names or paths (default: every KIND=linux profile in boards/);
#                  the host profile is always checked too, as the reference
#   --jobs N       boards built and checked at the same time (default 2)
#   --no-install   do not apt-get install missing BUILD_PACKAGES/TEST_PACKAGES (as root
#                  the script installs them, adding foreign architectures first)
#   --rebuild      compile even when a board's build directory is up to date
#
# For each board, logs in out/boards/check/<id>/:
#   1. cross/board-build.sh: libspikert.a, spikert-bench and spikert for the board
#      (out/boards/<id>/), and cross/check-abi.py on its libspikert.a;
#   2. Tests/CABI/run.sh on that prefix with the board's C compiler and CFLAGS, run
#      through QEMU_USER (with -L SYSROOT): every golden scenario (api_test) and the
#      misuse matrix (misuse_test);
#   3. spikert-bench --quick (100 ticks) on every reference workload of
#      tools/workloads.py (out/boards/check/workloads), and again with --stdp (each
#      workload frozen and with pair STDP on every projection);
#   4. spikert run on the demo recording (docs/demo/motion.spkb, motion-events.csv).
# Then a table: every board's checksums must equal the host's (frozen and STDP) and the
# numpy reference's (frozen), and its `spikert run` output the host's (the arena line
# aside: 32-bit targets need less). A bare-metal profile named on the command line is
# built and ABI-checked only (its firmware runs in cross/firmware/).
#
# Exits 1 if any check fails, 2 on a usage error.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=cross/board-profile.sh
source "$HERE/board-profile.sh"
ROOT=$BOARD_ROOT
CHECK=$ROOT/out/boards/check
TICKS=100

die() { echo "check-boards: $*" >&2; exit 2; }

JOBS=2
INSTALL=1
REBUILD=()
ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --jobs)       [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || die "--jobs needs a count"; JOBS=$2; shift 2 ;;
        --no-install) INSTALL=0; shift ;;
        --rebuild)    REBUILD=(--rebuild); shift ;;
        -h|--help)    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*)           die "unknown option: $1 (try --help)" ;;
        *)            ARGS+=("$1"); shift ;;
    esac
done
START=$(date +%s)
if ! command -v swiftc >/dev/null 2>&1; then
    export PATH=/opt/swift/usr/bin:$PATH
fi

# ------------------------------------------------------------------ the profiles
# Every profile in boards/ must read cleanly, whichever are checked.
bad=0
for id in $(board_ids); do
    board_load "$ROOT/boards/$id" || bad=1
done
[ "$bad" = 0 ] || { echo "check-boards: boards/ has invalid profiles (above)" >&2; exit 1; }
echo "check-boards: $(board_ids | wc -l) profiles in boards/ read and checked"

if [ ${#ARGS[@]} -eq 0 ]; then
    for id in $(board_ids); do
        board_load "$ROOT/boards/$id"
        [ "$BOARD_KIND" = linux ] && ARGS+=("$id")
    done
fi
# host first (the reference), then the rest in the order given.
BOARDS=(host)
declare -A FILE
FILE[host]=$ROOT/boards/host
for arg in "${ARGS[@]}"; do
    board_load "$(board_path "$arg")" || die "bad profile $arg"
    [ -n "${FILE[$BOARD_ID]+x}" ] && continue
    FILE[$BOARD_ID]=$BOARD_FILE
    BOARDS+=("$BOARD_ID")
done

# ------------------------------------------------------------------ packages
pkgs=()
for id in "${BOARDS[@]}"; do
    board_load "${FILE[$id]}"
    read -r -a p <<<"$BOARD_BUILD_PACKAGES $BOARD_TEST_PACKAGES"
    pkgs+=(${p[@]+"${p[@]}"})
done
mapfile -t pkgs < <(printf '%s\n' ${pkgs[@]+"${pkgs[@]}"} | awk 'NF' | sort -u)
mapfile -t missing < <(board_missing_packages ${pkgs[@]+"${pkgs[@]}"})
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$INSTALL" = 1 ] && [ "$(id -u)" = 0 ]; then
        echo "check-boards: installing ${missing[*]}"
        board_install_packages "${missing[@]}"
    else
        echo "check-boards: missing packages: ${missing[*]} (the boards that need them will fail)" >&2
    fi
fi

# ------------------------------------------------------------------ workloads
mkdir -p "$CHECK"
W=$CHECK/workloads
echo "== workloads: python3 tools/workloads.py ${W#"$ROOT"/} --ticks $TICKS (numpy reference checksums)"
python3 "$ROOT/tools/workloads.py" "$W" --ticks "$TICKS" >"$CHECK/workloads.txt"
# reference lines: name shape shifts float-hid float-out int-hid int-out checksum (state ..)
awk 'length($8) == 16 && $8 ~ /^[0-9a-f]+$/ { print $1, $8 }' "$CHECK/workloads.txt" >"$CHECK/numpy.txt"
NW=$(grep -c . "$W/index")
[ "$(wc -l <"$CHECK/numpy.txt")" -eq "$NW" ] \
    || die "tools/workloads.py gave $(wc -l <"$CHECK/numpy.txt") checksums for $NW workloads (see $CHECK/workloads.txt)"

# ------------------------------------------------------------------ one board
# check_board ID: build, ABI check, C ABI tests, benchmark, CLI; results as files in
# out/boards/check/ID/ (build, abi, cabi, bench, stdp, cli: "ok" or "fail" in *.status).
check_board() {
    local id=$1 dir=$CHECK/$1
    rm -rf "$dir"
    mkdir -p "$dir"
    board_load "${FILE[$id]}"
    local t0 t1
    t0=$(date +%s)
    # --rebuild: only the first board of boards that share a build (the others reuse it)
    local rebuild=()
    [ -n "${FOLLOWER[$id]+x}" ] || rebuild=(${REBUILD[@]+"${REBUILD[@]}"})
    if ! "$ROOT/cross/board-build.sh" --quiet --install-deps ${rebuild[@]+"${rebuild[@]}"} "${FILE[$id]}" \
            >"$dir/build.log" 2>&1; then
        echo fail >"$dir/build.status"
        return 0
    fi
    echo ok >"$dir/build.status"
    t1=$(date +%s)
    echo $((t1 - t0)) >"$dir/build.seconds"
    local prefix=$ROOT/out/boards/$id
    if python3 "$ROOT/cross/check-abi.py" "$prefix/lib/libspikert.a" >"$dir/abi.log" 2>&1; then
        echo ok >"$dir/abi.status"
    else
        echo fail >"$dir/abi.status"
    fi
    [ "$BOARD_KIND" = linux ] || { echo $(( $(date +%s) - t1 )) >"$dir/run.seconds"; return 0; }

    local runner cbor cxx=none
    runner=$(board_qemu_runner)
    mapfile -t cbor < <(board_cbor_dirs)
    # the header's C++ check needs a C++ compiler that takes CFLAGS: the target's g++,
    # or the host's when there are no CFLAGS; otherwise the host row has checked it
    if command -v "$BOARD_TRIPLE-g++" >/dev/null 2>&1; then cxx=$BOARD_TRIPLE-g++
    elif [ -z "$BOARD_CFLAGS" ]; then cxx=g++
    fi
    local cabi=(--prefix "$prefix" --cc "$BOARD_CC" --cxx "$cxx" --work "$dir/cabi")
    [ -z "$BOARD_CFLAGS" ] || cabi+=(--cflags "$BOARD_CFLAGS")
    [ -z "$runner" ] || cabi+=(--runner "$runner")
    local pcenv=()
    [ "$id" = host ] || pcenv=(PKG_CONFIG_LIBDIR="${cbor[2]}")
    if env ${pcenv[@]+"${pcenv[@]}"} "$ROOT/Tests/CABI/run.sh" "${cabi[@]}" >"$dir/cabi.log" 2>&1; then
        echo ok >"$dir/cabi.status"
    else
        echo fail >"$dir/cabi.status"
    fi
    read -r -a run <<<"$runner"
    if ${run[@]+"${run[@]}"} "$prefix/bin/spikert-bench" --quick "$W" >"$dir/bench.txt" 2>"$dir/bench.err"; then
        echo ok >"$dir/bench.status"
    else
        echo fail >"$dir/bench.status"
    fi
    if ${run[@]+"${run[@]}"} "$prefix/bin/spikert-bench" --quick --stdp "$W" >"$dir/stdp.txt" 2>"$dir/stdp.err"; then
        echo ok >"$dir/stdp.status"
    else
        echo fail >"$dir/stdp.status"
    fi
    # a checksum row ends in 16 hex digits: "W-A ... ee1e0462d68791c8" (mawk has no {16})
    awk 'length($NF) == 16 && $NF ~ /^[0-9a-f]+$/ { print $1, $NF }' "$dir/bench.txt" >"$dir/bench.sums"
    awk 'length($NF) == 16 && $NF ~ /^[0-9a-f]+$/ { print $1, $NF }' "$dir/stdp.txt" >"$dir/stdp.sums"
    if (cd "$ROOT" && ${run[@]+"${run[@]}"} "$prefix/bin/spikert" run docs/demo/motion.spkb \
            --input docs/demo/motion-events.csv) >"$dir/cli.txt" 2>"$dir/cli.err"; then
        echo ok >"$dir/cli.status"
    else
        echo fail >"$dir/cli.status"
    fi
    grep -v '^memory ' "$dir/cli.txt" >"$dir/cli.cmp" || true
    echo $(( $(date +%s) - t1 )) >"$dir/run.seconds"
}

# ------------------------------------------------------------------ run them
# Boards with the same build settings (rpi3, rpi-zero-2w) share one build directory
# (cross/board-build.sh): the second waits for the first, so it goes last.
declare -A SEEN FOLLOWER
ORDER=() LATER=()
for id in "${BOARDS[@]}"; do
    board_load "${FILE[$id]}"
    # shellcheck disable=SC2153  # BOARD_* are assigned by board_load (printf -v)
    k="$BOARD_SWIFT_TARGET|$BOARD_SWIFT_FLAGS|$BOARD_SWIFT_OPT|$BOARD_SYSROOT|$BOARD_CC|$BOARD_LDFLAGS|$BOARD_LIBCBOR|$BOARD_LIBGPIOD"
    if [ -n "${SEEN[$k]+x}" ]; then
        LATER+=("$id"); FOLLOWER[$id]=1
    else
        SEEN[$k]=1; ORDER+=("$id")
    fi
done
ORDER+=(${LATER[@]+"${LATER[@]}"})
echo "== ${#ORDER[@]} boards, $JOBS at a time: ${ORDER[*]} (logs in ${CHECK#"$ROOT"/}/<board>/)"
for id in "${ORDER[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
    echo "   start $id  [+$(( $(date +%s) - START ))s]"
    (check_board "$id"; echo "   done  $id  [+$(( $(date +%s) - START ))s]") &
done
wait

# ------------------------------------------------------------------ the table
status() { cat "$CHECK/$1/$2.status" 2>/dev/null || echo "-"; }
same() { # same FILE_A FILE_B: yes when both exist, are non-empty and equal
    if [ -s "$1" ] && [ -s "$2" ] && cmp -s "$1" "$2"; then echo yes; else echo NO; fi
}
H=$CHECK/host
FAILED=()
echo
printf '%-16s %-54s %-6s %-4s %-11s %-11s %-7s %-7s %-7s %-8s %s\n' \
    board "Swift target (run as)" build ABI golden misuse "=host" "=numpy" "CLI" "seconds" "checksums"
for id in "${ORDER[@]}"; do
    d=$CHECK/$id
    board_load "${FILE[$id]}"
    how=${BOARD_QEMU_USER:-native}
    [ "$BOARD_KIND" = linux ] || how="build only"
    build=$(status "$id" build) abi=$(status "$id" abi)
    golden=- misuse=- eqhost=- eqnumpy=- cli=- sums=-
    if [ "$BOARD_KIND" = linux ] && [ "$build" = ok ]; then
        golden=$(sed -n 's/^api_test: \([0-9]*\) cases run.*, \([0-9]*\) failed; .*/\1 \2/p' "$d/cabi.log" | tail -1)
        if [ -n "$golden" ]; then
            read -r n f <<<"$golden"; golden="$((n - f))/$n"
        else
            golden=NO
        fi
        misuse=$(sed -n 's/^misuse_test: \([0-9]*\) cases, \([0-9]*\) failed$/\1 \2/p' "$d/cabi.log" | tail -1)
        if [ -n "$misuse" ]; then
            read -r n f <<<"$misuse"; misuse="$((n - f))/$n"
        else
            misuse=NO
        fi
        [ "$(status "$id" cabi)" = ok ] || golden="$golden(FAIL)"
        cat "$d/bench.sums" "$d/stdp.sums" >"$d/all.sums" 2>/dev/null || true
        cat "$H/bench.sums" "$H/stdp.sums" >"$d/host.sums" 2>/dev/null || true
        eqhost=$(same "$d/all.sums" "$d/host.sums")
        # every workload frozen, then with --stdp frozen and learning again
        [ "$(wc -l <"$d/bench.sums")" -eq "$NW" ] || eqhost=NO
        [ "$(status "$id" bench)$(status "$id" stdp)" = okok ] || eqhost=NO
        eqnumpy=$(same "$d/bench.sums" "$CHECK/numpy.txt")
        cli=$(same "$d/cli.cmp" "$H/cli.cmp")
        [ "$(status "$id" cli)" = ok ] || cli=NO
        sums="$(wc -l <"$d/all.sums" | tr -d ' ') equal"
        [ "$eqhost" = yes ] || sums="see ${d#"$ROOT"/}/all.sums"
    fi
    secs="$(cat "$d/build.seconds" 2>/dev/null || echo -)+$(cat "$d/run.seconds" 2>/dev/null || echo -)"
    printf '%-16s %-54s %-6s %-4s %-11s %-11s %-7s %-7s %-7s %-8s %s\n' \
        "$id" "$BOARD_SWIFT_TARGET ($how)" "$build" "$abi" "$golden" "$misuse" "$eqhost" \
        "$eqnumpy" "$cli" "$secs" "$sums"
    for v in "$build" "$abi"; do [ "$v" = ok ] || FAILED+=("$id"); done
    if [ "$BOARD_KIND" = linux ]; then
        case "$golden/$misuse" in *NO*|*FAIL*) FAILED+=("$id") ;; esac
        for v in "$eqhost" "$eqnumpy" "$cli"; do [ "$v" = yes ] || FAILED+=("$id"); done
    fi
done
echo
echo "golden = api_test cases passed (every golden scenario through the C API, bit-exact);"
echo "misuse = misuse_test cases passed; =host / =numpy = spikert-bench --quick checksums"
echo "($NW workloads, $TICKS ticks; for =host also with --stdp, frozen and learning) equal"
echo "to the host's / the numpy reference's; CLI = spikert run on the demo recording"
echo "prints what the host's does; seconds = build (0 when reused) + runs."
echo "Logs: ${CHECK#"$ROOT"/}/<board>/."
mapfile -t FAILED < <(printf '%s\n' ${FAILED[@]+"${FAILED[@]}"} | awk 'NF && !seen[$0]++')
echo "total $(( $(date +%s) - START )) s"
if [ ${#FAILED[@]} -gt 0 ]; then
    echo "check-boards: FAILED: ${FAILED[*]}" >&2
    exit 1
fi
echo "check-boards: ${#ORDER[@]} boards ok"
