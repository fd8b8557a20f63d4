# Shared by embedded-build.sh and check-symbols.sh (sourced, not run): the Embedded
# targets SpikeCore must build for, and the repository paths.
# shellcheck shell=bash
# shellcheck disable=SC2034  # used by the scripts that source this file
TARGETS=(
    x86_64-unknown-linux-gnu
    aarch64-none-none-elf
    armv7em-none-none-eabi
    armv6m-none-none-eabi
)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/out/embedded
SRC=$ROOT/Sources/SpikeCore
