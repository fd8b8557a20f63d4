import CSystem

/// sd_notify(3) without libsystemd: one datagram to $NOTIFY_SOCKET.
///
/// A Type=notify unit is "started" when the daemon says `READY=1` (after its model
/// loaded and its sockets listen), and `STOPPING=1` / `STATUS=...` keep systemctl
/// informed. The protocol is a single datagram of newline-separated KEY=VALUE lines to
/// the socket systemd names in the environment, so it needs no library; when the
/// variable is unset (run by hand, under another supervisor) nothing is sent.
public enum ServiceNotifier {
    /// Send `state` (e.g. "READY=1" or "STATUS=ticking\nWATCHDOG=1"). False, and nothing
    /// sent, when $NOTIFY_SOCKET is unset, empty, not an absolute path or '@' name, too
    /// long for sun_path, or when the datagram could not be sent whole.
    @discardableResult
    public static func notify(_ state: String) -> Bool {
        guard let variable = getenv("NOTIFY_SOCKET") else { return false }
        let name = UnsafeRawBufferPointer(start: variable, count: strlen(variable))
        guard let first = name.first else { return false }
        let address: UnixSocketAddress
        do {
            if first == UInt8(ascii: "@") {
                address = try UnixSocketAddress(abstractName: name.dropFirst())
            } else if first == UInt8(ascii: "/") {
                address = try UnixSocketAddress(path: name)
            } else {
                return false
            }
        } catch {
            return false
        }
        guard let raw = try? Syscall.socket(domain: AF_UNIX, type: Int32(SOCK_DGRAM.rawValue)) else {
            return false
        }
        let socket = FileDescriptor(owning: raw)
        let message = Array(state.utf8)
        let sent = message.withUnsafeBytes { bytes -> Int in
            let result = try? address.withSockaddr { (pointer, length) throws(SystemError) -> Int in
                try Syscall.send(socket.rawValue, bytes, to: pointer, length)
            }
            return result ?? -1
        }
        return sent == message.count
    }
}
