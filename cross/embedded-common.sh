# Shared by the cross/ scripts (sourced, not run): the Embedded targets SpikeCore must
# build for, the targets of libspikert.a, and the repository paths.
# shellcheck shell=bash
# shellcheck disable=SC2034  # used by the scripts that source this file
TARGETS=(
    x86_64-unknown-linux-gnu
    aarch64-none-none-elf
    armv7-none-none-eabi
    armv7em-none-none-eabi
    armv6m-none-none-eabi
)
# Targets libspikert.a is built for (cross/build-lib.sh): the host, 64- and 32-bit
# ARM Linux boards (Pi-class; armv7 with the hard-float ABI) and Cortex-M4/M0 firmware.
LIB_TARGETS=(
    x86_64-unknown-linux-gnu
    aarch64-none-none-elf
    armv7-none-none-eabi
    armv7em-none-none-eabi
    armv6m-none-none-eabi
)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/out/embedded
SRC=$ROOT/Sources/SpikeCore
# Every module the Embedded builds compile (cross/embedded-build.sh), in dependency
# order as in Package.swift, each from every .swift file under Sources/<name>, one a
# line: name, kind, and its log in the folder it is built in.
#   library  SpikeCore, SpikeModel (libcbor) and SpikeRT (the C ABI): -no-allocations,
#            at the target's optimisation; built for every target, they make libspikert.a
#   host     the Linux side the executables link (built -O, they may allocate): SpikeIO
#            (libc), SpikeControl (nothing), SpikeHost (SpikeCore, SpikeModel, SpikeIO),
#            SpikeGPIO (SpikeIO, libgpiod; the daemon only)
MODULES=(
    "SpikeCore    library build.log"
    "SpikeModel   library model.log"
    "SpikeRT      library abi.log"
    "SpikeIO      host    SpikeIO.log"
    "SpikeControl host    SpikeControl.log"
    "SpikeHost    host    SpikeHost.log"
    "SpikeGPIO    host    SpikeGPIO.log"
)
# modules_of KIND: the names of that kind's modules, in order, one a line.
modules_of() { printf '%s\n' "${MODULES[@]}" | awk -v kind="$1" '$2 == kind { print $1 }'; }

# The link command, one word a line, of an executable linked with LLVM full LTO
# (embedded-build.sh: spikert, spikertd) in place of the C compiler CC that would link
# it: the Swift toolchain's clang and lld, which read the bitcode objects swiftc
# writes with -lto=llvm-full (GCC's linker cannot). CC gives the operating system and
# ABI of the target triple (`CC -dumpmachine`: linux-gnueabihf, the dynamic linker)
# and the GCC installation (the directory of `CC -print-libgcc-file-name`: its start
# files and libgcc, whatever GCC version) and so the C library; the Swift target
# gives the architecture (armv7, not the arm of arm-linux-gnueabihf, whose default CPU
# would be an ARMv6's), and CPU_FLAGS (the -mcpu=... of the board's Swift flags) the
# CPU the code generated at link time is for. The flags:
#  -Os                    the LTO optimisation (level 2; code from -O modules is not
#                         made smaller: the size attribute is per function)
#  -static-libgcc         libgcc's helpers (the 128-bit division of the IIO code) linked
#                         in, not libgcc_s.so.1 added to the libraries needed
#  -z max-page-size=16384 (aarch64) segments aligned for 16 KiB pages, as Raspberry Pi
#                         5 kernels use, instead of the 64 KiB padding of the aarch64
#                         default; never 4096, which 16 KiB-page kernels cannot load
# Fails, with the reason on stderr, when a piece is missing.
# Usage: lto_link_command CC SWIFT_TARGET [CPU_FLAGS...]
lto_link_command() {
    local cc=$1 target=$2 bin triple libgcc
    shift 2
    bin=$(dirname "$(command -v swiftc)")
    [ -x "$bin/clang" ] && [ -x "$bin/ld.lld" ] || { echo "no clang and ld.lld next to swiftc in $bin" >&2; return 1; }
    triple=$("$cc" -dumpmachine 2>/dev/null) && [[ $triple == *-* ]] \
        || { echo "'$cc -dumpmachine' gives no target triple" >&2; return 1; }
    libgcc=$("$cc" -print-libgcc-file-name 2>/dev/null) && [ -f "$libgcc" ] \
        || { echo "'$cc -print-libgcc-file-name' names no libgcc (no GCC installation for clang)" >&2; return 1; }
    printf '%s\n' "$bin/clang" --target="${target%%-*}-${triple#*-}" --gcc-install-dir="$(dirname "$libgcc")" \
        --sysroot=/ -fuse-ld=lld -flto -Os -static-libgcc "$@"
    case "$target" in
        aarch64*) printf '%s\n' -Wl,-z,max-page-size=16384 ;;
    esac
    # RISC-V: clang does not hand -march to the link-time code generator, which then
    # lacks the A extension (the Swift runtime's atomics become __atomic_* calls that
    # only libatomic has) and D (the lp64d ABI); its features given as -mattr.
    local flag
    for flag in "$@"; do
        case "$flag" in
            -march=rv32*|-march=rv64*) printf '%s\n' -Xlinker "-plugin-opt=-mattr=$(riscv_march_features "${flag#-march=}")" ;;
        esac
    done
}

# The LLVM features of a RISC-V -march string: rv64gc_zba_zbb -> +m,+a,+f,+d,+c,+zba,+zbb
# (g is imafd; the base i is implied).
# Usage: riscv_march_features MARCH
riscv_march_features() {
    local march=${1#rv[36][24]} single extensions=() i letter
    single=${march%%_*}
    for ((i = 0; i < ${#single}; i++)); do
        letter=${single:i:1}
        case "$letter" in
            i) ;;
            g) extensions+=(+m +a +f +d) ;;
            *) extensions+=("+$letter") ;;
        esac
    done
    local IFS=_
    [ "$single" = "$march" ] || for letter in ${march#*_}; do extensions+=("+$letter"); done
    IFS=,
    echo "${extensions[*]}"
}
