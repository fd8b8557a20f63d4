#!/usr/bin/env bash
# Build the golden-vector firmware for the Cortex-M4 of the Arm MPS2 AN386 board, run it
# under qemu-system-arm, run the same program on the host, and compare the two.
#
#   cross/firmware/mps2-an386/run.sh [--no-lib] [--libcbor-prefix DIR] [--no-host]
#                                    [--no-learning] [--timeout SECONDS] [CASE ...]
#
#   --no-lib             reuse out/m4/lib/<target>/libspikert.a (skip cross/build-lib.sh)
#   --libcbor-prefix DIR a libcbor for the Cortex-M4 already installed in DIR
#                        (DIR/lib/libcbor.a, DIR/include, DIR/lib/pkgconfig/libcbor.pc);
#                        default: build Debian's with cross/libcbor-source.sh into
#                        out/libcbor/armv7em-none-eabi (cached after the first run)
#   --no-host            skip the host counterpart (and so the comparison)
#   --no-learning        both libraries built without online learning
#                        (SPK_NO_LEARNING=1 cross/build-lib.sh, i.e. embedded-build.sh
#                        --no-learning) and the runner with -DGOLDEN_NO_LEARNING: the
#                        cases whose models have learning rules must be refused
#                        (SPK_E_UNSUPPORTED, field "plasticity"), every other case runs
#                        as always; everything goes to out/m4-no-learning instead
#   --timeout SECONDS    limit of the qemu run (default 600)
#   CASE ...             only these golden vectors (default: all)
#
# Steps, everything under out/m4/ (and out/libcbor/):
#   1. packages: gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm (and, for the
#      host run, libcbor-dev) are installed with apt-get when missing; the script says
#      which. Needs root then.
#   2. libcbor for the Cortex-M4: cross/libcbor-source.sh --cc arm-none-eabi-gcc
#      --system-name Generic (Debian's libcbor source package, built with CMake; the
#      script prints which version and from where, also kept in
#      out/libcbor/armv7em-none-eabi/share/libcbor-source.txt)
#   3. libspikert.a for armv7em-none-none-eabi with the hard-float ABI, compiled against
#      that libcbor's headers (SPK_EMBEDDED_FLAGS="-Xcc -mfloat-abi=hard"
#      SPK_CBOR_INCLUDE=<libcbor prefix>/include cross/build-lib.sh), and for the host
#      (against /usr/include: the host program links Debian's libcbor-dev), each
#      installed with cross/install.sh into out/m4/prefix-<target>. --no-lib reuses
#      them only if they were compiled against the same libcbor headers.
#   4. the golden vectors (python3 -m spikert_tools.cvectors) as C tables
#      (gen_cases.py): out/m4/gen/golden_cases.c
#   5. out/m4/golden.elf: golden_runner.c + startup_an386.c + the tables, linked with
#      an386.ld, --gc-sections, newlib-nano (libc only for mem*), libspikert.a, libcbor.a;
#      link map out/m4/golden.map
#   6. out/m4/golden-host: the same runner and tables for x86_64 Linux (host_main.c)
#   7. runs both (qemu: -M mps2-an386, semihosting console into a file, under `timeout`), writes
#      out/m4/m4.out and out/m4/host.out, and requires: both exit 0, and the two outputs
#      equal line for line except the "note" lines (arena sizes differ with the pointer
#      width). So every state hash and spike digest of the Cortex-M4 equals the host's.
#   8. sizes: arm-none-eabi-size of the ELF, code and read-only data per origin from the
#      link map (map_sizes.py), the .text of the archives' members, and the largest
#      libspikert functions in the image (nm --size-sort)
#
# Exit status: 0 when everything passed; 1 when a run or the comparison failed; 2 when a
# tool, package or input is missing.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT=$ROOT/out/m4
NO_LEARNING=0
LEARNING_NOTE=
TARGET=armv7em-none-none-eabi
HOST_TARGET=x86_64-unknown-linux-gnu
# -fno-short-enums: the Swift objects are tagged Tag_ABI_enum_size int (clang's importer
# sized libcbor's enum cbor_decoder_status, a field of the struct cbor_stream_decode
# returns, as 4 bytes); arm-none-eabi-gcc defaults to short enums. libcbor and the
# firmware are built with 32-bit enums to match.
MCU_FLAGS="-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -fno-short-enums"
CBOR_PREFIX=$ROOT/out/libcbor/armv7em-none-eabi
CBOR_GIVEN=0
BUILD_LIB=1
HOST=1
TIMEOUT=600
CASES=()

die() { echo "mps2-an386: $*" >&2; exit 2; }
fail() { echo "mps2-an386: FAILED: $*" >&2; exit 1; }
say() { echo "mps2-an386: $*"; }
run() { printf '+'; printf ' %q' "$@"; printf '\n'; "$@"; }
stamp() { date +%s; }

while [ $# -gt 0 ]; do
    case "$1" in
        --no-lib)   BUILD_LIB=0; shift ;;
        --libcbor-prefix) [ $# -ge 2 ] || die "--libcbor-prefix needs a directory"; CBOR_PREFIX=$(cd "$2" && pwd); CBOR_GIVEN=1; shift 2 ;;
        --no-host)  HOST=0; shift ;;
        --no-learning) NO_LEARNING=1; LEARNING_NOTE=", without learning"; OUT=$ROOT/out/m4-no-learning; shift ;;
        --timeout)  [ $# -ge 2 ] || die "--timeout needs seconds"; TIMEOUT=$2; shift 2 ;;
        -h|--help)  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*)         die "unknown argument: $1 (try --help)" ;;
        *)          CASES+=("$1"); shift ;;
    esac
done
T_START=$(stamp)
mkdir -p "$OUT"

# ------------------------------------------------------------------ 1. packages
missing=()
command -v arm-none-eabi-gcc >/dev/null 2>&1 || missing+=(gcc-arm-none-eabi)
if ! command -v arm-none-eabi-gcc >/dev/null 2>&1 ||
   [ ! -f "$(arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -print-file-name=libc_nano.a)" ]; then
    missing+=(libnewlib-arm-none-eabi)
fi
command -v qemu-system-arm >/dev/null 2>&1 || missing+=(qemu-system-arm)
for tool in python3 pkg-config; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "$HOST" = 1 ]; then
    command -v cc >/dev/null 2>&1 || missing+=(gcc)
    pkg-config --exists libcbor 2>/dev/null || missing+=(libcbor-dev)
fi
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]} (run as root, or: apt-get install ${missing[*]})"
    say "installing with apt-get: ${missing[*]}"
    if ! run apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"; then
        say "apt-get install failed; apt-get update (an error there is tolerated), then again"
        run apt-get -o DPkg::Lock::Timeout=600 update || echo "mps2-an386: warning: apt-get update reported an error" >&2
        run apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" \
            || die "apt-get install ${missing[*]} failed"
    fi
else
    say "packages present: gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm$([ "$HOST" = 1 ] && echo ', libcbor-dev')"
fi
say "$(arm-none-eabi-gcc --version | head -1); $(qemu-system-arm --version | head -1)"
if ! command -v swiftc >/dev/null 2>&1; then export PATH=/opt/swift/usr/bin:$PATH; fi

# ------------------------------------------------------------------ 2. libcbor
# First, so that the Cortex-M4 objects are compiled against this libcbor's own headers
# (step 3): libcbor 0.9 changed the length argument of the string and collection
# callbacks from size_t to uint64_t, which on a 32-bit Arm moves a collection length
# from r1 to r2:r3. Objects compiled against Debian 12's 0.8 headers (/usr/include) and
# linked with 0.10 would read garbage counts for every array and map.
T=$(stamp)
if [ "$CBOR_GIVEN" = 0 ]; then
    run nice "$ROOT/cross/libcbor-source.sh" --cc arm-none-eabi-gcc \
        --cflags "$MCU_FLAGS -Os -ffunction-sections -fdata-sections" \
        --system-name Generic --processor arm --prefix "$CBOR_PREFIX" \
        || die "no libcbor for the Cortex-M4 (cross/libcbor-source.sh failed; --libcbor-prefix DIR uses one built elsewhere)"
fi
if [ ! -f "$CBOR_PREFIX/lib/libcbor.a" ] || [ ! -f "$CBOR_PREFIX/lib/pkgconfig/libcbor.pc" ] ||
   [ ! -f "$CBOR_PREFIX/include/cbor.h" ]; then
    die "no libcbor in $CBOR_PREFIX (lib/libcbor.a, lib/pkgconfig/libcbor.pc, include/cbor.h)"
fi
cbor_version() { # include dir -> x.y.z from cbor/configuration.h
    sed -n 's/^#define CBOR_\(MAJOR\|MINOR\|PATCH\)_VERSION \([0-9]*\).*/\2/p' "$1/cbor/configuration.h" 2>/dev/null | paste -sd.
}
CBOR_VERSION=$(cbor_version "$CBOR_PREFIX/include")
CBOR_ORIGIN=$(sed -n 's/^summary=//p' "$CBOR_PREFIX/share/libcbor-source.txt" 2>/dev/null || true)
say "libcbor ${CBOR_VERSION:-?} for the Cortex-M4 in $CBOR_PREFIX: ${CBOR_ORIGIN:-origin unknown (no share/libcbor-source.txt: not built by cross/libcbor-source.sh)}"
T_CBOR=$(( $(stamp) - T ))

# ------------------------------------------------------------------ 3. libspikert.a
T=$(stamp)
# Which libcbor headers the Cortex-M4 objects were compiled against, kept next to them,
# so that --no-lib refuses objects built for another libcbor.
HEADERS_STAMP=$OUT/lib/$TARGET/libcbor-headers.txt
HEADERS_NOW="libcbor ${CBOR_VERSION:-?} headers from $CBOR_PREFIX/include$LEARNING_NOTE"
# A module cache of our own, emptied before each build: clang's module cache key leaves
# out the header search paths, so with the shared default cache the CCBOR module could
# come from another build's libcbor headers (another SPK_CBOR_INCLUDE, /usr/include) and
# be reused as long as those files are unchanged. It is what decides the callback types.
MODULE_CACHE=$OUT/lib/module-cache
if [ "$BUILD_LIB" = 1 ]; then
    say "libspikert.a for $TARGET, hard-float ABI, against libcbor ${CBOR_VERSION:-?}'s headers ($CBOR_PREFIX/include)$LEARNING_NOTE"
    rm -f "$HEADERS_STAMP"
    rm -rf "$MODULE_CACHE"
    if ! SPK_EMBEDDED_FLAGS="-Xcc -mfloat-abi=hard -module-cache-path $MODULE_CACHE" \
        SPK_CBOR_INCLUDE="$CBOR_PREFIX/include" SPK_NO_LEARNING=$NO_LEARNING \
        run nice "$ROOT/cross/build-lib.sh" --out "$OUT/lib" --target "$TARGET"; then
        case "$CBOR_VERSION" in
            0.[0-8].*) ;;
            *) echo "mps2-an386: note: from libcbor 0.9 on, the string and collection callbacks take" \
                    "uint64_t lengths (0.8: size_t); on a 32-bit target SpikeModel's callbacks must" \
                    "turn both into UInt64 without a generic integer conversion (-no-allocations)" >&2 ;;
        esac
        fail "cross/build-lib.sh --target $TARGET failed (against libcbor ${CBOR_VERSION:-?}'s headers)"
    fi
    echo "$HEADERS_NOW" >"$HEADERS_STAMP"
    if [ "$HOST" = 1 ]; then
        # the host program links Debian's libcbor (libcbor-dev), so Debian's headers
        say "libspikert.a for $HOST_TARGET (the host counterpart), against /usr/include's libcbor $(cbor_version /usr/include)"
        rm -rf "$MODULE_CACHE"
        SPK_EMBEDDED_FLAGS="-module-cache-path $MODULE_CACHE" SPK_NO_LEARNING=$NO_LEARNING \
            run nice "$ROOT/cross/build-lib.sh" --out "$OUT/lib" --target "$HOST_TARGET"
    fi
fi
[ -f "$OUT/lib/$TARGET/libspikert.a" ] || die "no $OUT/lib/$TARGET/libspikert.a (run without --no-lib)"
if [ "$(cat "$HEADERS_STAMP" 2>/dev/null)" != "$HEADERS_NOW" ]; then
    die "$OUT/lib/$TARGET/libspikert.a was not compiled against $HEADERS_NOW ($(cat "$HEADERS_STAMP" 2>/dev/null || echo 'no record')): run without --no-lib"
fi
"$ROOT/cross/install.sh" --prefix "$OUT/prefix-$TARGET" --target "$TARGET" --out "$OUT/lib" >/dev/null
if [ "$HOST" = 1 ]; then
    [ -f "$OUT/lib/$HOST_TARGET/libspikert.a" ] || die "no $OUT/lib/$HOST_TARGET/libspikert.a (run without --no-lib)"
    "$ROOT/cross/install.sh" --prefix "$OUT/prefix-$HOST_TARGET" --target "$HOST_TARGET" --out "$OUT/lib" >/dev/null
fi
# The linker refuses to mix VFP calling conventions, but say what the archive is.
vfp=$(arm-none-eabi-readelf -A "$OUT/lib/$TARGET/spikert.o" | sed -n 's/^ *Tag_ABI_VFP_args: *//p')
say "libspikert.a ($TARGET): Tag_ABI_VFP_args: ${vfp:-(not set: base/soft-float)}"
[ "$vfp" = "VFP registers" ] || fail "libspikert.a is not built for the hard-float ABI (SPK_EMBEDDED_FLAGS=\"-Xcc -mfloat-abi=hard\")"
T_LIB=$(( $(stamp) - T ))

# ------------------------------------------------------------------ 4. vectors -> C tables
T=$(stamp)
VEC=$OUT/vectors
GEN=$OUT/gen
rm -rf "$VEC"
mkdir -p "$GEN"
run env PYTHONPATH="$ROOT/tools/python${PYTHONPATH:+:$PYTHONPATH}" \
    python3 -m spikert_tools.cvectors --out "$VEC" ${CASES[@]+"${CASES[@]}"} >/dev/null
# The tables go to the 4 MB code SSRAM with the program: all 59 cases take about 0.9 MB,
# the program about 100 KB, so a 3.5 MB budget keeps every case (gen_cases.py drops the
# largest first if a future set does not fit, and says so).
run python3 "$HERE/gen_cases.py" --vectors "$VEC" --blobs "$ROOT/Tests/SpikeCoreTests/Blobs" \
    --out "$GEN/golden_cases.c" --max-bytes 3500000 ${CASES[@]+"${CASES[@]}"}
T_GEN=$(( $(stamp) - T ))

# ------------------------------------------------------------------ 5. the Cortex-M4 image
T=$(stamp)
read -r -a MCU <<<"$MCU_FLAGS"
WARN=(-std=c99 -Wall -Wextra -Werror -pedantic)
[ "$NO_LEARNING" = 0 ] || WARN+=(-DGOLDEN_NO_LEARNING)
OPT=(-Os -ffunction-sections -fdata-sections)
PCP_M4="$OUT/prefix-$TARGET/lib/pkgconfig:$CBOR_PREFIX/lib/pkgconfig"
M4_CFLAGS=$(PKG_CONFIG_PATH=$PCP_M4 PKG_CONFIG_LIBDIR=$PCP_M4 pkg-config --cflags spikert) \
    || die "pkg-config cannot resolve spikert with $PCP_M4"
M4_LIBS=$(PKG_CONFIG_PATH=$PCP_M4 PKG_CONFIG_LIBDIR=$PCP_M4 pkg-config --libs spikert)
read -r -a M4_PC_CFLAGS <<<"$M4_CFLAGS"
read -r -a M4_PC_LIBS <<<"$M4_LIBS"
say "Cortex-M4: arm-none-eabi-gcc ${MCU[*]} ${OPT[*]}; pkg-config spikert: $M4_CFLAGS $M4_LIBS"
objs=()
for src in "$HERE/golden_runner.c" "$HERE/startup_an386.c" "$GEN/golden_cases.c"; do
    o=$OUT/$(basename "${src%.c}").m4.o
    run arm-none-eabi-gcc "${MCU[@]}" "${WARN[@]}" "${OPT[@]}" -I "$HERE" "${M4_PC_CFLAGS[@]}" -c "$src" -o "$o"
    objs+=("$o")
done
# --no-enum-size-warning: newlib and libgcc are built with short enums; the calls into
# them (memcpy, memset, memmove, memcmp, the __aeabi_* helpers) pass no enum.
# --no-warn-execstack, --no-warn-rwx-segments: no stack or segment permissions on a
# Cortex-M4 without an MPU set up.
run arm-none-eabi-gcc "${MCU[@]}" -nostartfiles -T "$HERE/an386.ld" --specs=nano.specs \
    -Wl,--gc-sections -Wl,-Map="$OUT/golden.map" -Wl,--no-enum-size-warning \
    -Wl,--no-warn-rwx-segments -Wl,--no-warn-execstack -Wl,--fatal-warnings \
    "${objs[@]}" "${M4_PC_LIBS[@]}" -lm -lc -lgcc -o "$OUT/golden.elf"
T_M4=$(( $(stamp) - T ))

# ------------------------------------------------------------------ 6. the host program
T=$(stamp)
if [ "$HOST" = 1 ]; then
    PCP_H="$OUT/prefix-$HOST_TARGET/lib/pkgconfig"
    H_FLAGS=$(PKG_CONFIG_PATH=$PCP_H${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH} pkg-config --cflags --libs spikert) \
        || die "pkg-config cannot resolve spikert for the host (libcbor-dev?)"
    read -r -a H_PC <<<"$H_FLAGS"
    run cc "${WARN[@]}" -O2 -I "$HERE" "$HERE/golden_runner.c" "$HERE/host_main.c" "$GEN/golden_cases.c" \
        "${H_PC[@]}" -o "$OUT/golden-host"
fi
T_HOST=$(( $(stamp) - T ))

# ------------------------------------------------------------------ 7. run and compare
T=$(stamp)
# The semihosting console goes to a chardev of its own (a file), so that qemu's own
# messages (stderr) stay apart from the program's output.
rm -f "$OUT/m4.out"
# shellcheck disable=SC2054  # the commas are QEMU's option syntax
QEMU=(qemu-system-arm -M mps2-an386 -cpu cortex-m4 -display none -monitor none -serial none
      -chardev "file,id=semihosting,path=$OUT/m4.out"
      -semihosting-config enable=on,target=native,chardev=semihosting
      -kernel "$OUT/golden.elf")
say "run: timeout $TIMEOUT ${QEMU[*]}"
m4_status=0
timeout "$TIMEOUT" "${QEMU[@]}" </dev/null >"$OUT/m4.err" 2>&1 || m4_status=$?
touch "$OUT/m4.out"
T_QEMU=$(( $(stamp) - T ))
grep -v '^ok ' "$OUT/m4.out" || true
if [ -s "$OUT/m4.err" ]; then echo "qemu stdout/stderr:"; cat "$OUT/m4.err"; fi
case "$m4_status" in
    0)   say "Cortex-M4: exit status 0 (every check passed), ${T_QEMU}s under qemu" ;;
    124) fail "qemu did not finish within ${TIMEOUT}s ($OUT/m4.out has what it printed)" ;;
    *)   fail "the Cortex-M4 run exited with status $m4_status ($OUT/m4.out)" ;;
esac
if [ "$HOST" = 1 ]; then
    T=$(stamp)
    h_status=0
    "$OUT/golden-host" >"$OUT/host.out" || h_status=$?
    T_HRUN=$(( $(stamp) - T ))
    [ "$h_status" = 0 ] || { cat "$OUT/host.out"; fail "the host run exited with status $h_status ($OUT/host.out)"; }
    say "host: exit status 0, ${T_HRUN}s; $(grep '^note' "$OUT/host.out" | sed 's/^note: //')"
    if diff <(grep -v '^note' "$OUT/host.out") <(grep -v '^note' "$OUT/m4.out") >"$OUT/compare.diff"; then
        say "the Cortex-M4 output equals the host's: $(grep -c '^ok ' "$OUT/m4.out") case lines, every state hash and spike digest, and the checksums"
    else
        head -20 "$OUT/compare.diff" >&2
        fail "the Cortex-M4 output differs from the host's ($OUT/compare.diff)"
    fi
fi

# ------------------------------------------------------------------ 8. sizes
echo
say "sizes (arm-none-eabi-size, Berkeley):"
arm-none-eabi-size "$OUT/golden.elf"
echo
say "code and read-only data in golden.elf by origin (link map $OUT/golden.map):"
python3 "$HERE/map_sizes.py" "$OUT/golden.map"
echo
say "archive members, before the firmware link (.text = every .text* section):"
archive_text() { # archive -> "member text" lines
    local a=$1 d
    d=$(mktemp -d "$OUT/ar.XXXXXX")
    (cd "$d" && arm-none-eabi-ar x "$a")
    for m in "$d"/*; do
        arm-none-eabi-size -A "$m" | awk -v m="$(basename "$m")" '$1 ~ /^\.text/ { t += $2 } END { printf "    %-28s %8d\n", m, t }'
    done
    rm -rf "$d"
}
echo "  libspikert.a ($TARGET, -Osize):"
archive_text "$OUT/lib/$TARGET/libspikert.a"
echo "  libcbor.a (libcbor ${CBOR_VERSION:-?}, arm-none-eabi-gcc -Os):"
archive_text "$CBOR_PREFIX/lib/libcbor.a" | sort -k2 -n -r
archive_text "$CBOR_PREFIX/lib/libcbor.a" | awk '{ t += $2 } END { printf "    %-28s %8d\n", "(all members)", t }'
echo
say "largest libspikert.a functions kept in golden.elf (nm --size-sort, demangled):"
lib_syms=$(arm-none-eabi-nm "$OUT/lib/$TARGET/spikert.o" | awk '$2 ~ /^[tT]$/ { print $3 }' | sort -u)
arm-none-eabi-nm --size-sort -S "$OUT/golden.elf" | awk '$3 ~ /^[tT]$/' \
    | awk 'NR == FNR { keep[$1] = 1; next } ($4 in keep) { print }' <(echo "$lib_syms") - \
    | tail -20 | tac | while read -r _ size _ name; do
        printf '  %6d  %s\n' "$((16#$size))" "$(swift demangle --compact "$name" 2>/dev/null | cut -c1-120 || echo "$name")"
    done

echo
T_ALL=$(( $(stamp) - T_START ))
say "time: libcbor ${T_CBOR}s, libspikert ${T_LIB}s, tables ${T_GEN}s, Cortex-M4 build ${T_M4}s, host build ${T_HOST}s, qemu run ${T_QEMU}s; total ${T_ALL}s"
summary=$(grep '^golden: [0-9]' "$OUT/m4.out" | tail -1)
passed=$(sed -n 's/^golden: [0-9]* cases, \([0-9]*\) passed, \([0-9]*\) failed.*/\1 passed, \2 failed/p' <<<"$summary")
echo "mps2-an386: $passed"
