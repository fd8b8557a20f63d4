import Foundation
import Testing
import SpikeIO

/// sd_notify without libsystemd: one datagram to $NOTIFY_SOCKET, by path or abstract
/// name; nothing when the variable is unset. One test, since it sets the environment.
@Suite("Service notifier")
struct ServiceNotifierTests {
    /// A bound datagram socket (`name` starting with NUL = abstract), nonblocking.
    func datagramSocket(_ name: [UInt8]) throws -> FileDescriptor {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw SystemError(code: errno, operation: "socket") }
        let socket = FileDescriptor(owning: fd)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in name.enumerated() { raw[i] = byte }
        }
        let isAbstract = name.first == 0
        let length = socklen_t(MemoryLayout<sa_family_t>.size + name.count + (isAbstract ? 0 : 1))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard result == 0 else { throw SystemError(code: errno, operation: "bind") }
        try socket.setNonBlocking()
        return socket
    }

    func receive(_ socket: borrowing FileDescriptor) throws -> String? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = try buffer.withUnsafeMutableBytes { try socket.read(into: $0) }
        return n < 0 ? nil : String(decoding: buffer[0..<n], as: UTF8.self)
    }

    @Test("unset: false and nothing sent; a path and an abstract name each get one datagram")
    func notify() throws {
        let saved = ProcessInfo.processInfo.environment["NOTIFY_SOCKET"]
        defer {
            if let saved { setenv("NOTIFY_SOCKET", saved, 1) } else { unsetenv("NOTIFY_SOCKET") }
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("notify")
        let byPath = try datagramSocket(Array(path.utf8))

        unsetenv("NOTIFY_SOCKET")
        #expect(ServiceNotifier.notify("READY=1") == false)
        setenv("NOTIFY_SOCKET", "", 1)
        #expect(ServiceNotifier.notify("READY=1") == false)
        #expect(try receive(byPath) == nil)

        setenv("NOTIFY_SOCKET", path, 1)
        #expect(ServiceNotifier.notify("READY=1\nSTATUS=ticking"))
        #expect(try receive(byPath) == "READY=1\nSTATUS=ticking")
        #expect(try receive(byPath) == nil)

        let name = "spikeio-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let abstract = try datagramSocket([0] + Array(name.utf8))
        setenv("NOTIFY_SOCKET", "@" + name, 1)
        #expect(ServiceNotifier.notify("STOPPING=1"))
        #expect(try receive(abstract) == "STOPPING=1")

        setenv("NOTIFY_SOCKET", dir.file("nobody"), 1)
        #expect(ServiceNotifier.notify("READY=1") == false)
    }
}
