import CSystem

/// The socket calls: Unix stream sockets for the control socket, a datagram for
/// sd_notify. Same conventions as the rest of `Syscall` (EINTR retried, -1 thrown).
extension Syscall {
    /// socket(2); SOCK_CLOEXEC is always added.
    public static func socket(domain: Int32, type: Int32) throws(SystemError) -> Int32 {
        try retrying("socket") { CSystem.socket(domain, type | Int32(SOCK_CLOEXEC.rawValue), 0) }
    }

    public static func bind(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t,
                            path: UnsafePointer<CChar>? = nil) throws(SystemError)
    {
        _ = try retrying("bind", path: path) { CSystem.bind(fd, address, length) }
    }

    public static func listen(_ fd: Int32, backlog: Int32) throws(SystemError) {
        _ = try retrying("listen") { CSystem.listen(fd, backlog) }
    }

    /// accept4(2) with `flags` (SOCK_NONBLOCK...) plus SOCK_CLOEXEC; the peer's address
    /// is not asked for (a Unix peer has none worth having; credentials say who it is).
    public static func accept(_ fd: Int32, flags: Int32) throws(SystemError) -> Int32 {
        try retrying("accept") { accept4(fd, nil, nil, flags | Int32(SOCK_CLOEXEC.rawValue)) }
    }

    /// connect(2). A blocking connect interrupted by a signal goes on in the kernel, so
    /// the retry may report EISCONN: that is success.
    public static func connect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t,
                               path: UnsafePointer<CChar>? = nil) throws(SystemError)
    {
        var interrupted = false
        while CSystem.connect(fd, address, length) != 0 {
            let code = spk_errno()
            if code == EINTR { interrupted = true; continue }
            if interrupted && code == EISCONN { return }
            throw SystemError.current("connect", path: path)
        }
    }

    /// sendto(2) with MSG_NOSIGNAL (a vanished peer is EPIPE, not a SIGPIPE).
    public static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer,
                            to address: UnsafePointer<sockaddr>?, _ length: socklen_t) throws(SystemError) -> Int
    {
        try retrying("sendto") {
            CSystem.sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), address, length)
        }
    }

    /// SO_PEERCRED: who is at the other end of a connected Unix socket, as the kernel
    /// recorded it at connect time (not forgeable by the peer).
    public static func peerCredentials(_ fd: Int32) throws(SystemError) -> PeerCredentials {
        var raw = spk_peer_credentials()
        var size = socklen_t(MemoryLayout<spk_peer_credentials>.size)
        _ = try retrying("getsockopt SO_PEERCRED") { getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &raw, &size) }
        return PeerCredentials(processID: raw.pid, userID: raw.uid, groupID: raw.gid)
    }
}
