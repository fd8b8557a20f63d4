import CSystem

/// An open file descriptor that is closed exactly once: when its owner drops it, or
/// by `close()`. `release()` hands the raw number to a new owner (libgpiod, a C API)
/// without closing it.
///
/// Non-copyable, so two owners can never close the same number (the second close
/// would hit whatever file reused it). @frozen because Embedded Swift only allows
/// `discard self` in a frozen type.
@frozen
public struct FileDescriptor: ~Copyable {
    /// The descriptor number, for poll(2) and the C calls `Syscall` does not wrap.
    public let rawValue: Int32

    /// What `read(into:)` returns when a nonblocking descriptor has nothing to read
    /// now (EAGAIN): not an error, and distinct from 0, the end of the stream.
    public static var wouldBlock: Int { -1 }

    /// Take ownership of `rawValue` (an open descriptor nobody else will close).
    public init(owning rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// open(2) `path` with `flags` (O_CLOEXEC is always added); `mode` for O_CREAT.
    public init(path: UnsafePointer<CChar>, flags: Int32, mode: mode_t = 0o644) throws(SystemError) {
        rawValue = try Syscall.open(path, flags: flags, mode: mode)
    }

    /// open(2) by String path.
    public init(path: String, flags: Int32, mode: mode_t = 0o644) throws(SystemError) {
        let cPath = CString(path)
        rawValue = try Syscall.open(cPath.pointer, flags: flags, mode: mode)
    }

    deinit {
        Syscall.close(rawValue)
    }

    /// Close now. Errors are not reported: Linux frees the number whatever close says,
    /// and whether written data is durable is `sync()`'s to tell.
    public consuming func close() {
        let raw = rawValue
        discard self
        Syscall.close(raw)
    }

    /// Give up ownership: the number is returned open, and this value no longer
    /// closes it.
    public consuming func release() -> Int32 {
        let raw = rawValue
        discard self
        return raw
    }

    /// Read at most `buffer.count` bytes. Returns the count read, 0 at the end of the
    /// file (or when the peer closed), and `wouldBlock` (-1) when a nonblocking
    /// descriptor has nothing now (EAGAIN: wait for POLLIN). EINTR is retried; other
    /// failures are thrown.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        do {
            return try Syscall.read(rawValue, into: buffer)
        } catch {
            if error.isWouldBlock { return FileDescriptor.wouldBlock }
            throw error
        }
    }

    /// Write some of `bytes`: the count written, which may be fewer than asked on a
    /// nonblocking descriptor, and 0 when it cannot take any now (EAGAIN: wait for
    /// POLLOUT). A peer that vanished is EPIPE, thrown, provided SIGPIPE is ignored
    /// (`Signals.ignoreBrokenPipe()`, which the daemon calls first); write(2) has no
    /// MSG_NOSIGNAL, and this type serves pipes and files as well as sockets.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int {
        do {
            return try Syscall.write(rawValue, bytes)
        } catch {
            if error.isWouldBlock { return 0 }
            throw error
        }
    }

    /// Write every byte of `bytes` (for blocking descriptors; on a nonblocking one
    /// EAGAIN is thrown).
    public func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        try Syscall.writeAll(rawValue, bytes)
    }

    /// Make reads and writes return at once instead of waiting (O_NONBLOCK).
    public func setNonBlocking() throws(SystemError) {
        let flags = try Syscall.fcntl(rawValue, F_GETFL)
        if flags & O_NONBLOCK == 0 {
            _ = try Syscall.fcntl(rawValue, F_SETFL, flags | O_NONBLOCK)
        }
    }

    /// fsync(2): the data and metadata written so far are on the storage.
    public func sync() throws(SystemError) {
        try Syscall.fsync(rawValue)
    }

    /// fstat(2).
    public func status() throws(SystemError) -> stat {
        try Syscall.fstat(rawValue)
    }
}
