import CSystem

/// The client side of a Unix stream socket (the daemon's control client, tests).
public enum UnixConnector {
    /// Connect to the socket at `path`; the descriptor is blocking and close-on-exec.
    /// ENOENT/ECONNREFUSED mean no daemon is there; ENAMETOOLONG, a path that does not
    /// fit sun_path.
    public static func connect(path: String) throws(SystemError) -> FileDescriptor {
        let address = try UnixSocketAddress(path: path.utf8)
        let cPath = CString(path)
        let socket = FileDescriptor(owning: try Syscall.socket(domain: AF_UNIX, type: Int32(SOCK_STREAM.rawValue)))
        try address.withSockaddr { (pointer, length) throws(SystemError) in
            try Syscall.connect(socket.rawValue, pointer, length, path: cPath.pointer)
        }
        return socket
    }
}
