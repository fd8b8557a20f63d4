import Foundation
import Testing
import SpikeIO

/// The control socket's transport: listener and connector, peer credentials, stale
/// socket files, refusals, and the sd_notify datagram.
@Suite("Unix sockets")
struct UnixSocketTests {
    func send(_ text: String, _ fd: borrowing FileDescriptor) throws {
        try Array(text.utf8).withUnsafeBytes { try fd.writeAll($0) }
    }

    /// Read until `count` bytes arrived (polling a nonblocking descriptor).
    func receive(_ count: Int, _ fd: borrowing FileDescriptor) throws -> String {
        var got: [UInt8] = []
        var poll = PollSet()
        _ = poll.add(fd.rawValue, events: PollSet.readable)
        while got.count < count {
            _ = try poll.wait(timeoutMilliseconds: 2_000)
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = try buffer.withUnsafeMutableBytes { try fd.read(into: $0) }
            if n == 0 { break }
            if n > 0 { got += buffer[0..<n] }
        }
        return String(decoding: got, as: UTF8.self)
    }

    /// Whether `accept` returned a connection (an Optional of a non-copyable type
    /// cannot be compared with nil inside #expect).
    func accepted(_ connection: consuming AcceptedConnection?) -> Bool {
        switch consume connection {
        case .some: return true
        case .none: return false
        }
    }

    /// A socket file nobody listens on, as a crashed daemon leaves it.
    func makeStaleSocket(at path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(result == 0)
        close(fd)
    }

    @Test("connect, accept with the peer's credentials, talk both ways; mode 0660; file removed at the end")
    func roundTrip() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("control.sock")
        do {
            let listener = try UnixListener(path: path, mode: 0o660, backlog: 4)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o660)
            #expect((attributes[.type] as? FileAttributeType) == .typeSocket)
            #expect(!accepted(try listener.accept()))

            let client = try UnixConnector.connect(path: path)
            var poll = PollSet()
            let index = poll.add(listener.descriptor, events: PollSet.readable)
            #expect(try poll.wait(timeoutMilliseconds: 2_000) == 1)
            #expect(poll.has(PollSet.readable, at: index))
            guard let connection = try listener.accept() else {
                Issue.record("no connection after POLLIN")
                return
            }
            #expect(connection.peer == PeerCredentials(processID: getpid(), userID: getuid(), groupID: getgid()))
            let server = connection.descriptor
            #expect(fcntl(server.rawValue, F_GETFL) & O_NONBLOCK != 0)
            #expect(fcntl(server.rawValue, F_GETFD) & FD_CLOEXEC != 0)
            #expect(fcntl(client.rawValue, F_GETFD) & FD_CLOEXEC != 0)

            try send("{\"id\":1}\n", client)
            #expect(try receive(9, server) == "{\"id\":1}\n")
            try send("{\"ok\":true}\n", server)
            #expect(try receive(12, client) == "{\"ok\":true}\n")
            client.close()
            #expect(try receive(1, server) == "")  // end of stream
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a stale socket file is replaced; a live listener is not")
    func staleAndLive() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("stale.sock")
        try makeStaleSocket(at: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(throws: SystemError.self) { _ = try UnixConnector.connect(path: path) }

        let listener = try UnixListener(path: path, mode: 0o600, backlog: 1)
        do {
            _ = try UnixListener(path: path, mode: 0o600, backlog: 1)
            Issue.record("a second listener replaced a live one")
        } catch {
            #expect(error.code == EADDRINUSE)
        }
        // The first still owns the path and accepts.
        let client = try UnixConnector.connect(path: path)
        var poll = PollSet()
        _ = poll.add(listener.descriptor, events: PollSet.readable)
        _ = try poll.wait(timeoutMilliseconds: 2_000)
        #expect(accepted(try listener.accept()))
        client.close()
    }

    @Test("a regular file (or a symlink) at the socket path is never removed")
    func refusesNonSockets() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("precious")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try UnixListener(path: path, mode: 0o660, backlog: 1)
            Issue.record("listened over a regular file")
        } catch {
            #expect(error.code == EEXIST)
            #expect(error.path == path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("keep me".utf8))

        let link = dir.file("link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        #expect(throws: SystemError.self) { _ = try UnixListener(path: link, mode: 0o660, backlog: 1) }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == path)
    }

    @Test("a path longer than sun_path is refused with ENAMETOOLONG before anything is created")
    func tooLong() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file(String(repeating: "s", count: 120))
        do {
            _ = try UnixListener(path: path, mode: 0o660, backlog: 1)
            Issue.record("bound a \(path.utf8.count)-byte path")
        } catch {
            #expect(error.code == ENAMETOOLONG)
            #expect(error.message.contains("sun_path"))
        }
        #expect(try dir.listing().isEmpty)
        #expect(throws: SystemError.self) { _ = try UnixConnector.connect(path: path) }
    }

    @Test("connecting where nobody listens fails with ENOENT")
    func nobodyThere() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        do {
            _ = try UnixConnector.connect(path: dir.file("none.sock"))
            Issue.record("connected to nothing")
        } catch {
            #expect(error.code == ENOENT)
        }
    }
}
