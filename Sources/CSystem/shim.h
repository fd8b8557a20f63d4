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

/* readdir64 and struct dirent64: on 32-bit ARM, plain readdir fails with EOVERFLOW in a
 * directory whose inode numbers do not fit 32 bits (large ext4 and btrfs volumes). */
#ifndef _LARGEFILE64_SOURCE
#define _LARGEFILE64_SOURCE 1
#endif

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

/* stat(2) shares its name with struct stat, which Swift then cannot call. */
static inline int spk_stat(const char *path, struct stat *info) {
    return stat(path, info);
}

/* errno is a macro (a thread-local lvalue). */
static inline int spk_errno(void) {
    return errno;
}

/* readdir(3) tells its end from a failure only by errno, which must be cleared first. */
static inline void spk_clear_errno(void) {
    errno = 0;
}

/* SIG_IGN is a cast of an integer to a function pointer, which Swift cannot import;
 * sigaction with it, for SIGPIPE. */
static inline int spk_ignore_signal(int signal_number) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_IGN;
    sigemptyset(&action.sa_mask);
    return sigaction(signal_number, &action, NULL);
}

/* accept4(2) is declared by <sys/socket.h> only under _GNU_SOURCE, which this module
 * does not define (it would change other declarations, e.g. strerror_r). glibc has
 * exported it since 2.10; declare it here so the listener gets nonblocking, cloexec
 * connections in one call, with no window where an exec could inherit them. */
#if !defined(__USE_GNU)
extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
#endif

/* struct ucred (SO_PEERCRED) is hidden behind _GNU_SOURCE as well; Linux defines it
 * as these three fields on every architecture, so getsockopt fills this copy the same
 * way. */
struct spk_peer_credentials {
    pid_t pid;
    uid_t uid;
    gid_t gid;
};

#endif /* SPIKERT_CSYSTEM_SHIM_H */
