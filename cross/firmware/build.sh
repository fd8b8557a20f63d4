#!/usr/bin/env bash
# Build the firmware example (cross/firmware/firmware.c) for one target, and run it.
#
#   cross/firmware/build.sh [--target T] [--run] [--cli PATH] [--no-lib] [--lib-dir DIR]
#
#   --target T   x86_64-unknown-linux-gnu (default, the host), aarch64-none-none-elf
#                (an aarch64 Linux executable, run under qemu-aarch64) or
#                armv7-none-none-eabi (a 32-bit ARM hard-float Linux executable, run
#                under qemu-arm)
#   --run        run it on the bundled recording and compare its output spikes byte
#                for byte with docs/demo/motion-expected.csv, and its final state hash
#                with `spikert run` on the same input
#   --cli PATH   the spikert CLI that runs export-c (and `run` for --run), e.g. the
#                Embedded one, out/embedded/host/spikert; default: the full-Swift CLI,
#                built with `swift build --scratch-path .build-firmware --product spikert`
#   --no-lib     reuse out/firmware/lib/T/libspikert.a instead of rebuilding it
#   --lib-dir DIR  take the archive from DIR/T/libspikert.a (e.g. out/embedded after
#                cross/build-lib.sh) instead of building one; implies --no-lib
#
# Steps, everything under out/firmware/:
#   1. cross/build-lib.sh --out out/firmware/lib --target T   -> libspikert.a for T
#   2. cross/install.sh into out/firmware/T/prefix             -> include/, lib/, pkgconfig
#   3. spikert export-c docs/demo/motion.spkb                  -> out/firmware/T/gen/motion.h
#      docs/demo/motion-events.csv as a C table (awk)          -> out/firmware/T/gen/replay_table.h
#   4. cc -std=c99 -Wall -Wextra -Werror -pedantic, flags from `pkg-config spikert`
#      (cross targets: PKG_CONFIG_LIBDIR at the multiarch libcbor)  -> out/firmware/T/firmware
#   5. size(1) of the executable (and ldd for the host one: no libswift*)
#   6. with --run: the program's stdout -> out/firmware/T/spikes.csv, its log -> firmware.log
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TARGET=x86_64-unknown-linux-gnu
RUN=0
CLI=
BUILD_LIB=1
LIBOUT=$ROOT/out/firmware/lib
MODEL=$ROOT/docs/demo/motion.spkb
EVENTS=$ROOT/docs/demo/motion-events.csv
EXPECTED=$ROOT/docs/demo/motion-expected.csv

die() { echo "firmware/build: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --target) [ $# -ge 2 ] || die "--target needs a triple"; TARGET=$2; shift 2 ;;
        --run)    RUN=1; shift ;;
        --cli)    [ $# -ge 2 ] || die "--cli needs a path"; CLI=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
        --no-lib) BUILD_LIB=0; shift ;;
        --lib-dir) [ $# -ge 2 ] || die "--lib-dir needs a directory"; LIBOUT=$(cd "$2" && pwd); BUILD_LIB=0; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *)        die "unknown argument: $1 (try --help)" ;;
    esac
done

# Per target: the C compiler, size(1), how to run the result, and where the target's
# libcbor.pc is (Debian multiarch libcbor-dev:arm64 / :armhf for the cross targets).
RUNNER=()
PC_LIBDIR=
case "$TARGET" in
    x86_64-unknown-linux-gnu)
        CC=${CC:-cc}; SIZE=size ;;
    aarch64-none-none-elf)
        CC=aarch64-linux-gnu-gcc; SIZE=aarch64-linux-gnu-size
        PC_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig
        RUNNER=(qemu-aarch64 -L /usr/aarch64-linux-gnu -E LD_LIBRARY_PATH=/usr/lib/aarch64-linux-gnu) ;;
    armv7-none-none-eabi)
        CC=arm-linux-gnueabihf-gcc; SIZE=arm-linux-gnueabihf-size
        PC_LIBDIR=/usr/lib/arm-linux-gnueabihf/pkgconfig
        RUNNER=(qemu-arm -L /usr/arm-linux-gnueabihf -E LD_LIBRARY_PATH=/usr/lib/arm-linux-gnueabihf) ;;
    *) die "unknown target '$TARGET' (x86_64-unknown-linux-gnu, aarch64-none-none-elf, armv7-none-none-eabi)" ;;
esac
for tool in "$CC" "$SIZE" pkg-config awk ${RUNNER[@]+"${RUNNER[0]}"}; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done
if ! command -v swift >/dev/null 2>&1; then
    export PATH=/opt/swift/usr/bin:$PATH
fi

OUT=$ROOT/out/firmware/$TARGET
GEN=$OUT/gen
PREFIX=$OUT/prefix
mkdir -p "$GEN"

# 1-2. The library for the target, installed the way a firmware project would.
if [ "$BUILD_LIB" = 1 ]; then
    "$ROOT/cross/build-lib.sh" --out "$LIBOUT" --target "$TARGET"
fi
"$ROOT/cross/install.sh" --prefix "$PREFIX" --target "$TARGET" --out "$LIBOUT"

# 3. The model as a C header, from the CLI.
if [ -z "$CLI" ]; then
    echo "== spikert CLI: swift build --scratch-path .build-firmware --product spikert"
    (cd "$ROOT" && swift build --scratch-path .build-firmware --product spikert)
    CLI=$ROOT/.build-firmware/debug/spikert
fi
[ -x "$CLI" ] || die "no spikert CLI at $CLI"
echo "== $CLI export-c $(basename "$MODEL") -> $GEN/motion.h"
"$CLI" export-c "$MODEL" --name motion --output "$GEN/motion.h"
sed -n 's/^#define \(MOTION_[A-Z_]*_SIZE\) \([0-9]*\)u$/   \1 = \2/p' "$GEN/motion.h"

# The recording the hosted platform replays, as a table: replay_first[t] is the index
# of tick t's first event in replay_channel[], replay_first[REPLAY_TICKS] the count.
# REPLAY_TICKS is the last event's tick + 1: `spikert run` also stops there.
echo "== $(basename "$EVENTS") -> $GEN/replay_table.h"
awk -F, -v source="$(basename "$EVENTS")" '
    BEGIN { n = 0; failed = 0 }
    function bad(msg) { printf "%s line %d: %s\n", source, NR, msg > "/dev/stderr"; failed = 1; exit 1 }
    { sub(/\r$/, ""); gsub(/ /, "") }
    /^$/ || /^#/ { next }
    NR == 1 && /^[A-Za-z]/ { next }
    {
        if (NF != 2) bad("only tick,channel spike events are replayed (no encoder values)")
        if ($1 !~ /^[0-9]+$/ || $2 !~ /^[0-9]+$/) bad("not a tick,channel line")
        if (n > 0 && $1 + 0 < tick[n - 1]) bad("ticks go backwards")
        if ($2 + 0 > 65535) bad("channel above 65535")
        tick[n] = $1 + 0; channel[n] = $2 + 0; n++
    }
    END {
        if (failed) exit 1
        ticks = (n > 0 ? tick[n - 1] + 1 : 0)
        printf "/* Generated by cross/firmware/build.sh from %s: %d events in %d ticks. */\n", source, n, ticks
        printf "#ifndef REPLAY_TABLE_H\n#define REPLAY_TABLE_H\n\n#include <stdint.h>\n\n"
        printf "#define REPLAY_TICKS %du\n\n", ticks
        printf "static const uint32_t replay_first[REPLAY_TICKS + 1u] = {"
        e = 0
        for (t = 0; t <= ticks; t++) {
            while (e < n && tick[e] < t) e++
            printf "%s%d,", (t % 12 == 0 ? "\n    " : " "), e
        }
        printf "\n};\n\nstatic const uint16_t replay_channel[%d] = {", (n > 0 ? n : 1)
        for (i = 0; i < n; i++) printf "%s%d,", (i % 16 == 0 ? "\n    " : " "), channel[i]
        if (n == 0) printf "0"
        printf "\n};\n\n#endif /* REPLAY_TABLE_H */\n"
    }' "$EVENTS" >"$GEN/replay_table.h.tmp"
mv "$GEN/replay_table.h.tmp" "$GEN/replay_table.h"

# 4. Compile against the installed library, flags from pkg-config.
export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
if [ -n "$PC_LIBDIR" ]; then
    export PKG_CONFIG_LIBDIR=$PC_LIBDIR
fi
read -r -a PC_CFLAGS <<<"$(pkg-config --cflags spikert)"
read -r -a PC_LIBS <<<"$(pkg-config --libs spikert)"
CFLAGS=(-std=c99 -Wall -Wextra -Werror -pedantic -Os -ffunction-sections -fdata-sections)
echo "== $CC ${CFLAGS[*]} ${PC_CFLAGS[*]} ... ${PC_LIBS[*]}"
"$CC" "${CFLAGS[@]}" -I "$GEN" -I "$HERE" "${PC_CFLAGS[@]}" -c "$HERE/firmware.c" -o "$OUT/firmware.o"
"$CC" "${CFLAGS[@]}" -I "$GEN" -I "$HERE" -c "$HERE/platform_hosted.c" -o "$OUT/platform_hosted.o"
"$CC" -Wl,--gc-sections "$OUT/firmware.o" "$OUT/platform_hosted.o" "${PC_LIBS[@]}" -o "$OUT/firmware"

# 5. What it costs.
echo "== $OUT/firmware"
"$SIZE" "$OUT/firmware.o" "$OUT/platform_hosted.o" "$OUT/firmware"
if [ "$TARGET" = x86_64-unknown-linux-gnu ]; then
    ldd "$OUT/firmware"
    if ldd "$OUT/firmware" | grep -q libswift; then
        echo "firmware/build: the executable needs a Swift runtime library" >&2
        exit 1
    fi
fi

[ "$RUN" = 1 ] || { echo "firmware/build: built $OUT/firmware"; exit 0; }

# 6. Run it on the recording and compare with the reference output.
echo "== run: ${RUNNER[*]+${RUNNER[*]} }$OUT/firmware"
status=0
${RUNNER[@]+"${RUNNER[@]}"} "$OUT/firmware" >"$OUT/spikes.csv" 2>"$OUT/firmware.log" || status=$?
cat "$OUT/firmware.log"
[ "$status" = 0 ] || { echo "firmware/build: the firmware exited with status $status" >&2; exit 1; }
if cmp -s "$OUT/spikes.csv" "$EXPECTED"; then
    echo "firmware/build: $TARGET: $(($(wc -l <"$EXPECTED") - 1)) output spikes identical to $(basename "$EXPECTED")"
else
    echo "firmware/build: $TARGET: output spikes differ from $EXPECTED" >&2
    diff "$OUT/spikes.csv" "$EXPECTED" | head -5 >&2
    exit 1
fi
# The same input through `spikert run` must end in the same state.
want=$("$CLI" run "$MODEL" --input "$EVENTS" | sed -n 's/^state  *hash \(0x[0-9a-f]*\) at tick \([0-9]*\)$/\1 at tick \2/p')
got=$(sed -n 's/^firmware: ran .* state hash \(0x[0-9a-f]*\) at tick \([0-9]*\)$/\1 at tick \2/p' "$OUT/firmware.log")
if [ -n "$want" ] && [ "$want" = "$got" ]; then
    echo "firmware/build: $TARGET: state hash $got, the same as spikert run"
else
    echo "firmware/build: $TARGET: state hash '$got', spikert run says '$want'" >&2
    exit 1
fi
