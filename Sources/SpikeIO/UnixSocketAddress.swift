import CSystem

/// A sockaddr_un built from bytes, with sun_path's limit checked instead of silently
/// truncated (a truncated path would bind somewhere else than configured).
struct UnixSocketAddress {
    private var storage = sockaddr_un()
    /// The address length to pass to bind/connect/sendto.
    private(set) var length: socklen_t = 0

    /// sun_path's size: 108 bytes on Linux, the terminating NUL included.
    static var pathCapacity: Int { MemoryLayout.size(ofValue: sockaddr_un().sun_path) }
    private static var pathOffset: Int { MemoryLayout.size(ofValue: sockaddr_un().sun_family) }

    /// A filesystem socket at `path` (at most `pathCapacity - 1` bytes, no NUL).
    init<Bytes: Collection>(path: Bytes) throws(SystemError) where Bytes.Element == UInt8 {
        guard !path.isEmpty, !path.contains(0) else {
            throw SystemError(code: EINVAL, operation: "socket path empty or with a NUL byte")
        }
        guard path.count < UnixSocketAddress.pathCapacity else {
            throw SystemError(code: ENAMETOOLONG, operation: "socket path longer than sun_path (107 bytes)",
                              path: String(decoding: path, as: UTF8.self))
        }
        fill(leadingNul: false, path)
    }

    /// An abstract-namespace socket (Linux): `name` without the leading NUL, at most
    /// `pathCapacity - 1` bytes; the length counts only the name's bytes.
    init<Bytes: Collection>(abstractName name: Bytes) throws(SystemError) where Bytes.Element == UInt8 {
        guard name.count < UnixSocketAddress.pathCapacity else {
            throw SystemError(code: ENAMETOOLONG, operation: "abstract socket name longer than sun_path",
                              path: String(decoding: name, as: UTF8.self))
        }
        fill(leadingNul: true, name)
    }

    private mutating func fill<Bytes: Collection>(leadingNul: Bool, _ bytes: Bytes)
        where Bytes.Element == UInt8
    {
        storage.sun_family = sa_family_t(AF_UNIX)
        var used = 0
        withUnsafeMutableBytes(of: &storage.sun_path) { path in
            if leadingNul { path[0] = 0; used = 1 }
            for byte in bytes {
                path[used] = byte
                used += 1
            }
        }
        // A filesystem path keeps its NUL in the length; an abstract name must not.
        let counted = leadingNul ? used : used + 1
        length = socklen_t(truncatingIfNeeded: UnixSocketAddress.pathOffset + counted)
    }

    /// Call `body` with the address as the generic sockaddr the socket calls take.
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemError) -> Result)
        throws(SystemError) -> Result
    {
        var copy = storage
        let size = length
        return try withUnsafePointer(to: &copy) { (pointer) throws(SystemError) -> Result in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(SystemError) -> Result in
                try body(address, size)
            }
        }
    }
}
