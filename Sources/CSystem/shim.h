/*
 * CSystem: the C library as one Swift module.
 *
 * Includes, plus static-inline wrappers only where Swift cannot call libc directly
 * (variadic functions, macros). Used by the full-Swift build through
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
#include <signal.h>
#include <poll.h>
#include <dirent.h>

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/resource.h>

/* open(2) is variadic, which Swift cannot call; this fixed-arity wrapper can. */
static inline int spk_open(const char *path, int flags, mode_t mode) {
    return open(path, flags, mode);
}

/* fcntl(2) is variadic too. */
static inline int spk_fcntl_int(int fd, int command, int argument) {
    return fcntl(fd, command, argument);
}

/* errno is a macro (a thread-local lvalue). */
static inline int spk_errno(void) {
    return errno;
}

#endif /* SPIKERT_CSYSTEM_SHIM_H */
