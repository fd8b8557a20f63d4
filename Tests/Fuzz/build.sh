#!/usr/bin/env bash
# Build one libFuzzer harness (docs/FUZZING.md; the table is Tests/Fuzz/harnesses.sh):
# the Sources/ modules it needs (full Swift, not Embedded) and its Tests/Fuzz/*.swift,
# all instrumented with -sanitize=fuzzer,address, into out/fuzz/HARNESS-fuzzer.
#
#   Tests/Fuzz/build.sh [HARNESS]     loader (default), control, spikefile, options
#
# Incremental: a module object (out/fuzz/lib/obj/MODULE.o, shared by the harnesses) is
# rebuilt when it is missing, older than one of its sources, than this script or than a
# module listed before it, or was built with another FUZZ_OPT; the fuzzer is linked
# again when anything it is made of is newer. FUZZ_REBUILD=1 rebuilds everything.
#
# Environment:
#   FUZZ_OPT      optimisation level (default -O; -Onone if -O hides something)
#   FUZZ_OUT      output directory   (default out/fuzz)
#   FUZZ_REBUILD  1: rebuild even what is up to date
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=harnesses.sh
. "$HERE/harnesses.sh"
NAME=${1:-loader}
[ $# -le 1 ] || { echo "usage: Tests/Fuzz/build.sh [HARNESS]   (one of: $HARNESSES)" >&2; exit 2; }
harness "$NAME" || { echo "build.sh: unknown harness '$NAME' (one of: $HARNESSES)" >&2; exit 2; }

OUT=${FUZZ_OUT:-$ROOT/out/fuzz}
OPT=${FUZZ_OPT:--O}
if ! command -v swiftc >/dev/null 2>&1; then
    [ -x /opt/swift/usr/bin/swiftc ] || { echo "build.sh: swiftc not found" >&2; exit 2; }
    export PATH=/opt/swift/usr/bin:$PATH
fi
for req in $H_REQUIRES; do
    [ -e "${req%%:*}" ] || { echo "build.sh: ${req%%:*} missing (apt-get install ${req#*:})" >&2; exit 2; }
done

LIB=$OUT/lib
mkdir -p "$LIB/modules" "$LIB/obj"

# -sanitize=fuzzer on the library objects gives them libFuzzer's coverage
# instrumentation (inline 8-bit counters, indirect calls, comparisons); libFuzzer's main
# is linked only into the final executable. lld when present: gold warns about every
# ASan outlined-check symbol it "cannot export". The C modules (CCBOR, CSystem) are
# module maps under Sources/.
LD=()
command -v ld.lld >/dev/null 2>&1 && LD=(-use-ld=lld)
COMMON=(-parse-as-library -wmo "$OPT" -g -sanitize=fuzzer,address -module-cache-path "$OUT/module-cache"
        -I "$LIB/modules" -I "$ROOT/Sources/CCBOR" -I "$ROOT/Sources/CSystem")

# The modules are built one at a time, also when two builds run at once.
exec 9>"$LIB/.lock"
flock 9

stale() {  # stale TARGET FILE-OR-DIR...: TARGET missing or older than one of them
    local target=$1; shift
    [ "${FUZZ_REBUILD:-0}" = 1 ] && return 0
    [ -e "$target" ] || return 0
    [ -n "$(find "$@" -newer "$target" -print -quit)" ]
}

OBJECTS=()
BEFORE=()
for module in $H_MODULES; do
    obj=$LIB/obj/$module.o
    flags=$LIB/obj/$module.flags
    if stale "$obj" "$ROOT/Sources/$module" "$HERE/build.sh" "${BEFORE[@]}" \
        || [ "$(cat "$flags" 2>/dev/null)" != "$OPT" ]; then
        echo "build.sh: $module"
        mapfile -t sources < <(find "$ROOT/Sources/$module" -name '*.swift' | LC_ALL=C sort)
        rm -f "$obj" "$flags"
        swiftc "${COMMON[@]}" -module-name "$module" \
            -emit-module -emit-module-path "$LIB/modules/$module.swiftmodule" \
            -c -o "$obj" "${sources[@]}"
        echo "$OPT" >"$flags"
    fi
    OBJECTS+=("$obj")
    BEFORE+=("$obj")
done

FUZZER=$OUT/$NAME-fuzzer
if stale "$FUZZER" "$HERE/$H_SOURCE" "$HERE/build.sh" "$HERE/harnesses.sh" "${OBJECTS[@]}"; then
    echo "build.sh: $NAME-fuzzer"
    module=${H_SOURCE%.swift}
    # shellcheck disable=SC2086  # H_LINK: several flags
    swiftc "${COMMON[@]}" -module-name "$module" \
        "$HERE/$H_SOURCE" "${OBJECTS[@]}" $H_LINK "${LD[@]}" -o "$FUZZER"
fi
echo "build.sh: $FUZZER"
