/*
 * CSystem: the C library as one Swift module.
 *
 * Includes only; no declarations of our own. Used by the full-Swift build through
 * SwiftPM (systemLibrary target) and by the Embedded build through
 * `swiftc -I Sources/CSystem`, so it must stay plain C that both accept.
 */
#ifndef SPIKERT_CSYSTEM_SHIM_H
#define SPIKERT_CSYSTEM_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>

#endif /* SPIKERT_CSYSTEM_SHIM_H */
