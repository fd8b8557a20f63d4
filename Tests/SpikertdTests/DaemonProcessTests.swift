import Foundation
import Glibc
import Testing

/// The spikertd executable as a child process with a real control socket, for what
/// cannot be checked in process: a request that brings the daemon down would bring the
/// test runner down with it.
@Suite(.serialized) struct DaemonProcessTests {
    /// The spikertd binary SwiftPM built next to the test bundle.
    static var executable: String? {
        let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                          Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL]
        return candidates.map { $0.appendingPathComponent("spikertd").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A running spikertd on motion.spkb with its socket in a temporary directory.
    final class Child {
        let directory: TemporaryDirectory
        let process = Process()
        let socketPath: String

        init(executable: String) throws {
            directory = try TemporaryDirectory()
            socketPath = directory.file("control.sock")
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["--model", Repo.motion, "--state-dir", directory.path, "--socket", socketPath]
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            while !FileManager.default.fileExists(atPath: socketPath) {
                guard process.isRunning, Date() < deadline else { throw FixtureError("spikertd did not open its socket") }
                usleep(10_000)
            }
        }

        deinit {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            directory.remove()
        }
    }

    /// A connected client of the control socket.
    final class Connection {
        let descriptor: Int32
        private var received: [UInt8] = []

        init(path: String) throws {
            descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (k, b) in bytes.enumerated() where k < raw.count - 1 { raw[k] = b }
            }
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard descriptor >= 0, connected == 0 else { throw FixtureError("connect \(path): errno \(errno)") }
        }

        deinit { close(descriptor) }

        func send(_ bytes: [UInt8]) throws {
            var sent = 0
            while sent < bytes.count {
                // MSG_NOSIGNAL: a daemon that died must fail this test, not kill the runner.
                let n = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { throw FixtureError("write: errno \(errno)") }
                sent += n
            }
        }

        /// The next answer line as an object, or nil when none comes within `seconds`
        /// or the daemon closed the connection.
        func line(within seconds: Int32 = 3) -> [String: Any]? {
            while true {
                if let newline = received.firstIndex(of: 10) {
                    let line = Array(received[..<newline])
                    received.removeFirst(newline + 1)
                    return (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
                }
                var p = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&p, 1, seconds * 1000) == 1 else { return nil }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = read(descriptor, &buffer, buffer.count)
                guard n > 0 else { return nil }
                received.append(contentsOf: buffer[0..<n])
            }
        }
    }

    @Test(.enabled(if: executable != nil, "the spikertd executable is built next to the tests"))
    func anOversizedLineDoesNotStopTheDaemon() throws {
        let child = try Child(executable: try #require(Self.executable))
        let connection = try Connection(path: child.socketPath)
        try connection.send(Array(#"{"id":1,"method":"status"}"#.utf8) + [10])
        #expect(connection.line()?.object("result") != nil, "the daemon answers before the long line")

        try connection.send(Array(repeating: UInt8(ascii: "x"), count: 70_000) + [10])
        let answer = connection.line()
        #expect(answer?.errorCode == -32600, "an error answer for the oversized line: \(answer ?? [:])")
        try connection.send(Array(#"{"id":2,"method":"status"}"#.utf8) + [10])
        #expect(connection.line()?.integer("id") == 2, "the connection still answers")
        #expect(child.process.isRunning, "spikertd is still running")
    }

    @Test(.enabled(if: executable != nil, "the spikertd executable is built next to the tests"))
    func aLongButAcceptableLineIsAnswered() throws {
        let child = try Child(executable: try #require(Self.executable))
        let connection = try Connection(path: child.socketPath)
        // A request padded with whitespace to just under the limit, sent in pieces.
        let request = Array(#"{"id":3,"method":"status"}"#.utf8)
        let padded = request + Array(repeating: UInt8(ascii: " "), count: 65_536 - request.count)
        for chunk in stride(from: 0, to: padded.count, by: 5000) {
            try connection.send(Array(padded[chunk..<min(chunk + 5000, padded.count)]))
        }
        try connection.send([10])
        let answer = connection.line()
        #expect(answer?.integer("id") == 3, "\(answer ?? [:])")
        #expect(child.process.isRunning)
    }
}
