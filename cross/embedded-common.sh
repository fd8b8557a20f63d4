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
# The host-side modules the executables link (Linux only; built -O, they may
# allocate), each compiled from every .swift file under Sources/<name>, in dependency
# order as in Package.swift: SpikeIO (libc), SpikeControl (nothing), SpikeHost
# (SpikeCore, SpikeModel, SpikeIO), SpikeGPIO (SpikeIO, libgpiod; the daemon only).
HOST_MODULES=(
    SpikeIO
    SpikeControl
    SpikeHost
    SpikeGPIO
)
