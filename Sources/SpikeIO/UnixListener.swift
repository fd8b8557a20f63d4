import CSystem

/// A listening Unix stream socket at a filesystem path: the daemon's control socket.
///
/// The file is created with `mode` (0660: the daemon's user and group) before the
/// socket listens, so no connection is accepted under looser permissions. A stale
/// socket left by a crashed daemon is replaced; a live one (something accepts
/// connections there) is not, and nothing that is not a socket is ever removed. The
/// socket is nonblocking: poll `descriptor` for `PollSet.readable`, then `accept()`.
/// Dropping the listener closes it and removes its file, if the file is still the one
/// it bound (not one a newer daemon created since).
public struct UnixListener: ~Copyable {
    private let socket: FileDescriptor
    private let path: CString
    /// The bound socket file's identity, so deinit removes only that file.
    private let device: dev_t
    private let inode: ino_t

    /// Bind and listen at `path` with file mode `mode` and `backlog` pending
    /// connections. Errors: ENAMETOOLONG for a path that does not fit sun_path,
    /// EEXIST when a file that is not a socket is at `path`, EADDRINUSE when another
    /// process listens there, otherwise the failing call's errno.
    public init(path: String, mode: mode_t, backlog: Int32) throws(SystemError) {
        let address = try UnixSocketAddress(path: path.utf8)
        let cPath = CString(path)
        try UnixListener.removeStaleSocket(at: cPath.pointer, address)
        let socket = FileDescriptor(owning: try Syscall.socket(
            domain: AF_UNIX, type: Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)))
        try address.withSockaddr { (pointer, length) throws(SystemError) in
            try Syscall.bind(socket.rawValue, pointer, length, path: cPath.pointer)
        }
        let bound: stat
        do throws(SystemError) {
            try Syscall.chmod(cPath.pointer, mode: mode)
            guard let info = try Syscall.lstat(cPath.pointer) else {
                throw SystemError(code: ENOENT, operation: "socket file vanished after bind", path: path)
            }
            bound = info
            try Syscall.listen(socket.rawValue, backlog: backlog)
        } catch {
            try? Syscall.unlink(cPath.pointer)
            throw error
        }
        self.socket = socket
        self.path = cPath
        device = bound.st_dev
        inode = bound.st_ino
    }

    deinit {
        if let info = try? Syscall.lstat(path.pointer), info.st_dev == device, info.st_ino == inode {
            try? Syscall.unlink(path.pointer)
        }
    }

    /// The descriptor to poll for `PollSet.readable` (a connection is waiting).
    public var descriptor: Int32 { socket.rawValue }

    /// The next waiting connection, nonblocking and close-on-exec, with its peer's
    /// credentials; nil when none is waiting (EAGAIN) or the one waiting gave up
    /// before it was taken (ECONNABORTED). Other failures (EMFILE...) are thrown.
    public func accept() throws(SystemError) -> AcceptedConnection? {
        let raw: Int32
        do {
            raw = try Syscall.accept(socket.rawValue, flags: Int32(SOCK_NONBLOCK.rawValue))
        } catch {
            if error.isWouldBlock || error.code == ECONNABORTED { return nil }
            throw error
        }
        let connection = FileDescriptor(owning: raw)
        let peer = try Syscall.peerCredentials(connection.rawValue)
        return AcceptedConnection(descriptor: connection, peer: peer)
    }

    /// Remove a socket file nobody listens on. Refuses (EEXIST) to remove anything that
    /// is not a socket, and (EADDRINUSE) a socket a live process accepts on.
    private static func removeStaleSocket(at path: UnsafePointer<CChar>, _ address: UnixSocketAddress)
        throws(SystemError)
    {
        guard let kind = try FileKind.at(path) else { return }
        guard kind == .socket else {
            throw SystemError(code: EEXIST, operation: "refusing to remove a file that is not a socket",
                              path: String(cString: path))
        }
        let probe = FileDescriptor(owning: try Syscall.socket(
            domain: AF_UNIX, type: Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)))
        do throws(SystemError) {
            try address.withSockaddr { (pointer, length) throws(SystemError) in
                try Syscall.connect(probe.rawValue, pointer, length, path: path)
            }
        } catch {
            // Refused: the file outlived its listener. Gone already: another starter
            // removed it. Anything else (EAGAIN: a full backlog) means someone is there.
            if error.code == ECONNREFUSED || error.code == ENOENT {
                do { try Syscall.unlink(path) } catch { if error.code != ENOENT { throw error } }
                return
            }
            if !error.isWouldBlock { throw error }
        }
        throw SystemError(code: EADDRINUSE, operation: "another process is listening on the socket",
                          path: String(cString: path))
    }
}
