#!/usr/bin/env bash
# What the README's commands need, in one place: the Debian packages and the Python
# packages, installed when missing. The README's first command, the test script
# (tools/test.sh) and CI (.ci/run) call it; a second run finds everything and changes
# nothing.
#
#   tools/setup.sh [--test | --ci] [--print-venv-bin]
#
#   (no option)       build and run: what `swift build` and `swift run spikert` need
#   --test            and the tests': python3 and the Python packages of
#                     tools/requirements.txt, in the venv .venv/ of this checkout
#   --ci              and everything .ci/run uses: cross compilers, qemu, the
#                     foreign architectures' libraries, the VM test's kernel
#   --print-venv-bin  when done, print the venv's bin directory on stdout, for
#                     callers to put first on PATH (its python3 is the one with the
#                     packages): bin=$(tools/setup.sh --test --print-venv-bin)
#
# Debian packages: dpkg-query says which are missing; as root those are installed
# with apt-get from the machine's own apt sources (`apt-get update` first; foreign
# architectures added with `dpkg --add-architecture`). As any other user the script
# installs nothing: it stops at once, naming the missing packages and the exact command
# to run as root.
#
# Python packages: Debian 12's python3 refuses pip installs into the system (PEP 668),
# so they go into a venv, .venv/ at the top of this checkout (ignored by git), made
# with --system-site-packages (packages python3 already has, from Debian or elsewhere,
# count; pip adds only what is missing or too old). pip runs again only when
# tools/requirements.txt changes (a copy of it is kept in the venv). No root needed.
#
# Everything it says goes to stderr: the README's first command prints the main job's
# output alone on stdout. Exits 1 when something is missing that it may not install,
# or an install fails; 2 on a usage error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=$ROOT/.venv
REQUIREMENTS=$ROOT/tools/requirements.txt

# --------------------------------------------------------------- the package lists
# Build and run. The Swift toolchain compiles and links through the C toolchain of
# the system (clang in the toolchain, but the system's linker, C library, start files
# and libstdc++ headers), and its driver and SwiftPM load libncurses, libsqlite3, and
# (through Foundation) libcurl and libxml2: `ldd` of swift-driver and swift-package
# names nothing else a minimal Debian lacks. SwiftPM finds the C libraries of
# Sources/C* with pkg-config: libcbor for the blob loader, libgpiod (1.6 on Debian 12)
# for the daemon's GPIO backend.
RUN_PACKAGES=(binutils libc6-dev libgcc-12-dev libstdc++-12-dev libncurses6 libsqlite3-0
              libcurl4 libxml2 pkg-config libcbor-dev libgpiod-dev)
# The tests: the numpy reference, the Python tools and their tests (tools/test.sh), in
# a venv (python3-venv brings ensurepip, so the venv has pip).
TEST_PACKAGES=(python3 python3-venv)
# CI (.ci/run), beyond the above: valgrind for the allocation and instruction-count
# checks; g++ for the C ABI tests; for running them on 64- and 32-bit ARM Linux,
# Debian's cross compilers, qemu-user and libcbor for arm64/armhf from Debian's
# multiarch archive (the machine's own apt sources; `dpkg --add-architecture` only).
# The Embedded builds use the Swift toolchain's own LLVM tools.
# The Cortex-M4 firmware needs the bare-metal compiler, newlib, qemu-system-arm, and
# cmake + dpkg-dev to build libcbor from Debian's source package (cross/libcbor-source.sh).
# The board profiles (boards/, cross/check-boards.sh) add the Pi Zero's armel ABI (ARMv6:
# soft-float, what Debian has that runs on the ARM1176) and riscv64, whose libcbor comes
# from Debian's source package too (bookworm has no riscv64 port).
# The daemon links libgpiod (1.6, host and every ARM board); its package is checked with
# systemd-analyze and man.
# The VM test (tools/vm) boots Debian's own kernel under qemu-system-x86 with gpio-sim and
# the IIO dummy built out of tree from linux-source-6.1 against linux-headers-amd64.
CI_FOREIGN_ARCHES=(arm64 armhf armel)
CI_PACKAGES=(valgrind g++ gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf
             qemu-user libcbor-dev:arm64 libcbor-dev:armhf
             gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm cmake make dpkg-dev
             gcc-arm-linux-gnueabi libc6-dev-armel-cross libcbor-dev:armel
             gcc-riscv64-linux-gnu libc6-dev-riscv64-cross libc6-dev-arm64-cross
             libc6-dev-armhf-cross
             libgpiod-dev:arm64 libgpiod-dev:armhf libgpiod-dev:armel
             systemd man-db
             qemu-system-x86 linux-image-amd64 linux-headers-amd64 linux-source-6.1 busybox-static cpio xz-utils)

say() { echo "setup: $*" >&2; }
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

LEVEL=run
PRINT_BIN=0
while [ $# -gt 0 ]; do
    case "$1" in
        --test|--ci)      LEVEL=${1#--}; shift ;;
        --print-venv-bin) PRINT_BIN=1; shift ;;
        -h|--help)        usage; exit 0 ;;
        *)                say "unknown argument: $1 (try --help)"; exit 2 ;;
    esac
done
[ "$PRINT_BIN" = 0 ] || [ "$LEVEL" != run ] || { say "--print-venv-bin goes with --test or --ci (the venv is the tests')"; exit 2; }

packages=("${RUN_PACKAGES[@]}")
arches=()
case "$LEVEL" in
    test) packages+=("${TEST_PACKAGES[@]}") ;;
    ci)   packages+=("${TEST_PACKAGES[@]}" "${CI_PACKAGES[@]}"); arches=("${CI_FOREIGN_ARCHES[@]}") ;;
esac
# The command that would be shown to a user, with each word quoted only if it must be.
show() { local w out=; for w in "$@"; do out+=" $(printf '%q' "$w")"; done; echo "${out# }"; }

# --------------------------------------------------------------- Debian packages
if ! command -v dpkg-query >/dev/null 2>&1; then
    say "not a Debian system (no dpkg-query): make sure the equivalents of these are installed: ${packages[*]}"
else
    missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    new_arches=()
    for a in ${arches[@]+"${arches[@]}"}; do
        dpkg --print-foreign-architectures | grep -qx "$a" || new_arches+=("$a")
    done
    if [ ${#missing[@]} = 0 ]; then
        say "all ${#packages[@]} Debian packages present"
    else
        install=(apt-get install -y --no-install-recommends "${missing[@]}")
        if [ "$(id -u)" != 0 ]; then
            say "missing Debian packages: ${missing[*]}"
            cmd=
            for a in ${new_arches[@]+"${new_arches[@]}"}; do cmd+="dpkg --add-architecture $a && "; done
            say "run as root:  ${cmd}apt-get update && $(show "${install[@]}")"
            level_arg=()
            [ "$LEVEL" = run ] || level_arg=(--"$LEVEL")
            say "(or this set-up as root: sudo $(show "$ROOT/tools/setup.sh" ${level_arg[@]+"${level_arg[@]}"}))"
            exit 1
        fi
        export DEBIAN_FRONTEND=noninteractive
        for a in ${new_arches[@]+"${new_arches[@]}"}; do
            say "dpkg --add-architecture $a"
            dpkg --add-architecture "$a"
        done
        say "installing with apt-get: ${missing[*]}"
        # A mirror caught mid-sync can fail one index (seen: bookworm-security armhf);
        # the packages needed are in the main suite, so carry on and let apt-get
        # install say if something is really missing.
        apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 \
            || say "warning: apt-get update reported errors; trying the install anyway"
        apt-get -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 -qq "${install[@]:1}" >&2 \
            || { say "apt-get install failed (above): ${missing[*]}"; exit 1; }
    fi
fi
[ "$LEVEL" != run ] || exit 0

# --------------------------------------------------------------- Python packages
mkdir -p "$VENV"
# One run at a time makes and fills the venv (a test run and CI in one checkout).
exec 9>"$VENV/.lock"
flock 9
if [ ! -x "$VENV/bin/python3" ]; then
    say "making the venv $VENV (python3 -m venv --system-site-packages)"
    python3 -m venv --system-site-packages "$VENV" >&2 \
        || { say "python3 -m venv failed (above); on Debian it needs python3-venv"; exit 1; }
fi
if ! cmp -s "$REQUIREMENTS" "$VENV/requirements.txt"; then
    say "installing the Python requirements (tools/requirements.txt) into $VENV"
    "$VENV/bin/python3" -m pip install -q --disable-pip-version-check -r "$REQUIREMENTS" >&2 \
        || { say "pip install -r tools/requirements.txt failed (above)"; exit 1; }
    cp "$REQUIREMENTS" "$VENV/requirements.txt"
else
    say "Python requirements present in $VENV"
fi
[ "$PRINT_BIN" = 0 ] || echo "$VENV/bin"
