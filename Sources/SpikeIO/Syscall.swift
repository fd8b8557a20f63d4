import CSystem

/// Every system call SpikeIO makes, in one place.
///
/// Each function retries EINTR (a signal arriving mid-call is not a failure) and turns
/// the -1/errno convention into a thrown `SystemError`; everything else (EAGAIN
/// included) is thrown as is, so callers decide what "would block" means for them.
/// File descriptors are raw `Int32`s here; `FileDescriptor` owns them.
///
/// Exceptions, each documented where it is: `close` never retries (Linux frees the
/// descriptor even when it reports EINTR, so a retry could close a stranger's), and
/// `poll` returns 0 on EINTR (its caller recomputes the timeout).
public enum Syscall {
    /// Run `call` until it does not fail with EINTR; -1 becomes a `SystemError`.
    @inline(__always)
    static func retrying<Result: SignedInteger & FixedWidthInteger>(
        _ operation: StaticString, path: UnsafePointer<CChar>? = nil, _ call: () -> Result
    ) throws(SystemError) -> Result {
        while true {
            let result = call()
            if result != -1 { return result }
            if spk_errno() != EINTR { throw SystemError.current(operation, path: path) }
        }
    }

    // MARK: Files

    /// open(2); O_CLOEXEC is always added (the daemon never hands descriptors to children).
    public static func open(_ path: UnsafePointer<CChar>, flags: Int32, mode: mode_t = 0)
        throws(SystemError) -> Int32
    {
        try retrying("open", path: path) { spk_open(path, flags | O_CLOEXEC, mode) }
    }

    /// close(2), errors ignored: Linux releases the descriptor whatever it reports, and
    /// durability is checked by `fsync`, not by close.
    public static func close(_ fd: Int32) {
        _ = CSystem.close(fd)
    }

    /// read(2): the byte count, 0 at the end.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        return try retrying("read") { CSystem.read(fd, base, buffer.count) }
    }

    /// write(2): the byte count written, possibly fewer than asked.
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        return try retrying("write") { CSystem.write(fd, base, bytes.count) }
    }

    /// write(2) until every byte is written (for blocking descriptors).
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = try write(fd, UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            guard written > 0 else { throw SystemError(code: EIO, operation: "write (no progress)") }
            offset += written
        }
    }

    public static func fsync(_ fd: Int32) throws(SystemError) {
        _ = try retrying("fsync") { CSystem.fsync(fd) }
    }

    public static func fstat(_ fd: Int32) throws(SystemError) -> stat {
        var info = stat()
        _ = try retrying("fstat") { CSystem.fstat(fd, &info) }
        return info
    }

    /// lstat(2) (the link itself, never its target); nil when nothing is at `path`.
    public static func lstat(_ path: UnsafePointer<CChar>) throws(SystemError) -> stat? {
        var info = stat()
        while CSystem.lstat(path, &info) != 0 {
            let code = spk_errno()
            if code == ENOENT { return nil }
            if code != EINTR { throw SystemError.current("lstat", path: path) }
        }
        return info
    }

    /// stat(2), following symlinks to what they name; nil when nothing is there (or a
    /// symlink dangles).
    public static func status(_ path: UnsafePointer<CChar>) throws(SystemError) -> stat? {
        var info = stat()
        while spk_stat(path, &info) != 0 {
            let code = spk_errno()
            if code == ENOENT { return nil }
            if code != EINTR { throw SystemError.current("stat", path: path) }
        }
        return info
    }

    /// realpath(3): the absolute path with every symlink, `.` and `..` resolved.
    public static func realPath(_ path: UnsafePointer<CChar>) throws(SystemError) -> CString {
        guard let resolved = CSystem.realpath(path, nil) else {
            throw SystemError.current("realpath", path: path)
        }
        defer { free(resolved) }
        return CString(bytes: UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
    }

    public static func fchmod(_ fd: Int32, mode: mode_t) throws(SystemError) {
        _ = try retrying("fchmod") { CSystem.fchmod(fd, mode) }
    }

    public static func rename(_ from: UnsafePointer<CChar>, to: UnsafePointer<CChar>) throws(SystemError) {
        _ = try retrying("rename", path: to) { CSystem.rename(from, to) }
    }

    /// link(2): a second name for the file at `existing`; fails with EEXIST if `new` exists.
    public static func link(_ existing: UnsafePointer<CChar>, to new: UnsafePointer<CChar>) throws(SystemError) {
        _ = try retrying("link", path: new) { CSystem.link(existing, new) }
    }

    public static func unlink(_ path: UnsafePointer<CChar>) throws(SystemError) {
        _ = try retrying("unlink", path: path) { CSystem.unlink(path) }
    }

    /// mkdir(2); an existing directory is not an error (EEXIST is returned as false).
    @discardableResult
    public static func makeDirectory(_ path: UnsafePointer<CChar>, mode: mode_t) throws(SystemError) -> Bool {
        do {
            _ = try retrying("mkdir", path: path) { CSystem.mkdir(path, mode) }
        } catch {
            if error.code == EEXIST { return false }
            throw error
        }
        return true
    }

    public static func chmod(_ path: UnsafePointer<CChar>, mode: mode_t) throws(SystemError) {
        _ = try retrying("chmod", path: path) { CSystem.chmod(path, mode) }
    }

    /// fcntl(2) with an int argument (F_GETFL, F_SETFL, F_SETFD...).
    public static func fcntl(_ fd: Int32, _ command: Int32, _ argument: Int32 = 0) throws(SystemError) -> Int32 {
        try retrying("fcntl") { spk_fcntl_int(fd, command, argument) }
    }

    // MARK: Waiting

    /// poll(2); the number of ready entries, 0 on timeout or when a signal interrupted
    /// the wait (a retry with the same timeout would wait too long).
    public static func poll(_ entries: UnsafeMutableBufferPointer<pollfd>, timeoutMilliseconds: Int32)
        throws(SystemError) -> Int
    {
        let result = CSystem.poll(entries.baseAddress, nfds_t(entries.count), timeoutMilliseconds)
        if result >= 0 { return Int(result) }
        if spk_errno() == EINTR { return 0 }
        throw SystemError.current("poll")
    }

    public static func timerfdCreate(flags: Int32) throws(SystemError) -> Int32 {
        try retrying("timerfd_create") { timerfd_create(CLOCK_MONOTONIC, flags) }
    }

    public static func timerfdSetTime(_ fd: Int32, flags: Int32, _ value: itimerspec) throws(SystemError) {
        var value = value
        _ = try retrying("timerfd_settime") { timerfd_settime(fd, flags, &value, nil) }
    }

    /// sigprocmask(2) for the calling thread; the mask that was in force before.
    public static func signalMask(_ how: Int32, _ set: sigset_t) throws(SystemError) -> sigset_t {
        var set = set
        var previous = sigset_t()
        _ = try retrying("sigprocmask") { sigprocmask(how, &set, &previous) }
        return previous
    }

    public static func signalfd(_ set: sigset_t, flags: Int32) throws(SystemError) -> Int32 {
        var set = set
        return try retrying("signalfd") { CSystem.signalfd(-1, &set, flags) }
    }

    /// Ignore `signal` (SIG_IGN) process-wide.
    public static func ignore(signal: Int32) throws(SystemError) {
        _ = try retrying("sigaction") { spk_ignore_signal(signal) }
    }
}
