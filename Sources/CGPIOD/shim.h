// libgpiod as SpikeGPIO's backends use it: 1.6 (Debian 12, Raspberry Pi OS bookworm)
// or 2.x (Debian 13, bookworm-backports, Raspberry Pi OS on trixie), whichever gpiod.h
// the build finds. The two APIs are incompatible, and Swift cannot test a C header's
// version, so the build says which one it is (SPIKERT_LIBGPIOD2, from the library's
// pkg-config version: Package.swift, cross/embedded-build.sh) and only the matching
// backend is compiled. Nothing else belongs here.
#include <gpiod.h>
