/*
 * CSystem: the C library as one Swift module.
 *
 * Includes, plus static-inline wrappers only where Swift cannot call libc directly
 * (variadic functions). Used by the full-Swift build through
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

#include <sys/stat.h>

/* open(2) is variadic, which Swift cannot call; this fixed-arity wrapper can. */
static inline int spk_open(const char *path, int flags, mode_t mode) {
    return open(path, flags, mode);
}

#endif /* SPIKERT_CSYSTEM_SHIM_H */
