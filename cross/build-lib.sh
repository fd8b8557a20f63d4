#!/usr/bin/env bash
# Build libspikert.a — the C ABI (Sources/SpikeRT) with SpikeModel and SpikeCore, all in
# Embedded Swift with -no-allocations — for each library target.
#
#   cross/build-lib.sh [--out DIR] [--target T ...] [--no-objects]
#
#   --out DIR      objects and archives under DIR  (default out/embedded)
#                  DIR/<target>/{SpikeCore,SpikeModel,SpikeRT}.o  (embedded-build.sh)
#                  DIR/<target>/libspikert.a
#   --target T     build only T (repeatable)      (default: LIB_TARGETS below)
#   --no-objects   reuse the objects already in DIR (skip embedded-build.sh)
#
# Each archive holds one relocatable object, spikert.o: the three modules linked with
# `ld.lld -r --gc-sections`, rooted at the functions listed in include/spikert.symbols,
# so only code the C ABI can reach is kept (functions stay in their own sections, so a
# firmware link with --gc-sections can still drop what it never calls). Every symbol
# except the spk_* functions is then made local: a C program sees the header's names
# and nothing else, no Swift mangled names and no Swift runtime symbol.
#
# Undefined symbols that remain are libc's (memcpy, memset, memmove, memcmp, the ARM
# EABI helpers, __stack_chk_fail on Linux) and libcbor's cbor_stream_decode and
# cbor_encode_*; cross/check-abi.py checks exactly that.
set -euo pipefail

# shellcheck source=cross/embedded-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/embedded-common.sh"
SYMBOLS=$ROOT/include/spikert.symbols
BUILD_OBJECTS=1
SELECTED=()

die() { echo "build-lib: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --out)        [ $# -ge 2 ] || die "--out needs a directory"; mkdir -p "$2"; OUT=$(cd "$2" && pwd); shift 2 ;;
        --target)     [ $# -ge 2 ] || die "--target needs a triple"; SELECTED+=("$2"); shift 2 ;;
        --no-objects) BUILD_OBJECTS=0; shift ;;
        -h|--help)    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *)            die "unknown argument: $1 (try --help)" ;;
    esac
done
[ ${#SELECTED[@]} -eq 0 ] || LIB_TARGETS=("${SELECTED[@]}")
[ -f "$SYMBOLS" ] || die "missing $SYMBOLS"

TOOLS=/opt/swift/usr/bin
for tool in ld.lld llvm-objcopy llvm-ar llvm-nm; do
    [ -x "$TOOLS/$tool" ] || die "$TOOLS/$tool not found (the Swift toolchain's LLVM tools)"
done

if [ "$BUILD_OBJECTS" = 1 ]; then
    args=()
    for t in "${LIB_TARGETS[@]}"; do args+=(--target "$t"); done
    "$ROOT/cross/embedded-build.sh" --out "$OUT" "${args[@]}"
fi

# The exported functions: first field of every non-comment line of the symbol list.
mapfile -t EXPORTS < <(awk '!/^#/ && NF { print $1 }' "$SYMBOLS")
[ ${#EXPORTS[@]} -gt 0 ] || die "no symbols in $SYMBOLS"
roots=()
for s in "${EXPORTS[@]}"; do roots+=(--undefined="$s"); done

for target in "${LIB_TARGETS[@]}"; do
    dir=$OUT/$target
    for o in SpikeRT SpikeModel SpikeCore; do
        [ -f "$dir/$o.o" ] || die "missing $dir/$o.o (run without --no-objects)"
    done
    echo "== libspikert.a for $target"
    "$TOOLS/ld.lld" -r --gc-sections "${roots[@]}" \
        "$dir/SpikeRT.o" "$dir/SpikeModel.o" "$dir/SpikeCore.o" -o "$dir/spikert-linked.o"
    # _swift_exceptionPersonality: a 2-byte stub every Embedded object defines and
    # nothing here calls (the library has no unwinding); dropped so the archive holds
    # no Swift runtime symbol at all. objcopy refuses if something did reference it.
    "$TOOLS/llvm-objcopy" --wildcard --keep-global-symbol='spk_*' \
        --remove-section=.text._swift_exceptionPersonality \
        --remove-section=.ARM.exidx.text._swift_exceptionPersonality \
        "$dir/spikert-linked.o" "$dir/spikert.o"
    rm -f "$dir/spikert-linked.o" "$dir/libspikert.a"
    "$TOOLS/llvm-ar" rcs "$dir/libspikert.a" "$dir/spikert.o"
    missing=()
    defined=$("$TOOLS/llvm-nm" --defined-only -g "$dir/spikert.o" | awk '{ print $3 }')
    for s in "${EXPORTS[@]}"; do
        grep -qx "$s" <<<"$defined" || missing+=("$s")
    done
    [ ${#missing[@]} -eq 0 ] || die "$target: not defined in the archive: ${missing[*]}"
    echo "   $(wc -c <"$dir/libspikert.a") bytes  $dir/libspikert.a  (${#EXPORTS[@]} functions)"
done
echo "build-lib: ok"
