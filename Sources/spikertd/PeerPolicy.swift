import CSystem
import SpikeIO

/// Who may use the control socket, checked on every connection from the kernel's
/// SO_PEERCRED record: root, the daemon's own user, and members of the daemon's group
/// (primary or supplementary, read from /proc/PID/status). The socket's mode 0660
/// already keeps others out; this check holds even if the file mode is loosened.
enum PeerPolicy {
    /// Why `peer` is refused, or nil when it may connect.
    static func refusal(_ peer: PeerCredentials) -> String? {
        if peer.userID == 0 || peer.userID == geteuid() { return nil }
        let group = getegid()
        if peer.groupID == group { return nil }
        if supplementaryGroups(of: peer.processID).contains(group) { return nil }
        return "uid \(peer.userID) is neither root, the daemon's user, nor in its group \(group)"
    }

    /// The `Groups:` line of /proc/PID/status (empty when unreadable).
    private static func supplementaryGroups(of pid: pid_t) -> [gid_t] {
        let bytes = procFile("/proc/\(pid)/status")
        for line in bytes.split(separator: 10) {
            let key: [UInt8] = Array("Groups:".utf8)
            guard line.count >= key.count, line.prefix(key.count).elementsEqual(key) else { continue }
            var groups: [gid_t] = []
            for word in line.dropFirst(key.count).split(whereSeparator: { $0 == 32 || $0 == 9 }) {
                var value: UInt32 = 0
                var valid = !word.isEmpty && word.count <= 9
                for b in word {
                    guard b >= 48, b <= 57 else { valid = false; break }
                    value = value &* 10 &+ UInt32(b - 48)
                }
                if valid { groups.append(gid_t(value)) }
            }
            return groups
        }
        return []
    }

    /// A /proc file read to its end (its size says 0, so `ByteFile` cannot be used).
    private static func procFile(_ path: String) -> [UInt8] {
        let cPath = CString(path)
        guard let file = try? FileDescriptor(path: cPath.pointer, flags: O_RDONLY | O_CLOEXEC) else { return [] }
        var bytes: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)
        defer { buffer.deallocate() }
        while bytes.count < 1 << 16 {
            guard let n = try? file.read(into: buffer), n > 0 else { break }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return bytes
    }
}
