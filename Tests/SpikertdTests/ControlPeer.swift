import Foundation
import SpikeControl
import SpikeGPIO
import SpikeIO
import Testing
@testable import spikertd

/// A control connection without a listening socket: a `ControlClient` on one end of a
/// socketpair, as the server would have accepted it, and the test on the other end.
/// Request bytes go through the client's own line assembler into `Daemon.answer`, as
/// `ControlServer` hands them over; answers are read back from the test's end.
final class ControlPeer {
    let client: ControlClient
    /// The test's end of the pair (nonblocking).
    private let theirs: Int32
    private var received: [UInt8] = []

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw FixtureError("socketpair: errno \(errno)")
        }
        for end in ends { _ = fcntl(end, F_SETFL, O_NONBLOCK) }
        client = ControlClient(descriptor: FileDescriptor(owning: ends[0]),
                               peer: PeerCredentials(processID: getpid(), userID: getuid(), groupID: getgid()))
        theirs = ends[1]
    }

    deinit { close(theirs) }

    /// Feed raw bytes to the daemon as if read from the socket, then write its answers.
    func send(_ bytes: [UInt8], to daemon: Daemon<FakeGPIOBackend>) {
        bytes.withUnsafeBytes { raw in
            client.assembler.feed(raw) { line in daemon.answer(client, line) }
        }
        client.flush()
    }

    /// One request line (the newline is added) and its answer as a JSON object.
    func request(_ json: String, to daemon: Daemon<FakeGPIOBackend>) throws -> [String: Any] {
        send(Array((json + "\n").utf8), to: daemon)
        let lines = try readLines(count: 1)
        return lines[0]
    }

    /// `count` lines read from the test's end (waiting up to a second for each).
    func readLines(count: Int) throws -> [[String: Any]] {
        var lines: [[String: Any]] = []
        while lines.count < count {
            if let newline = received.firstIndex(of: 10) {
                let line = Array(received[..<newline])
                received.removeFirst(newline + 1)
                guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                    throw FixtureError("not a JSON object: \(String(decoding: line, as: UTF8.self))")
                }
                lines.append(object)
                continue
            }
            var descriptor = pollfd(fd: theirs, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 1000) == 1 else {
                throw FixtureError("no answer line within a second (got \(lines.count) of \(count))")
            }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = read(theirs, &buffer, buffer.count)
            guard n > 0 else { throw FixtureError("the daemon's end closed") }
            received.append(contentsOf: buffer[0..<n])
        }
        return lines
    }

    /// Lines already waiting, without blocking.
    func pendingLines() throws -> [[String: Any]] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(theirs, &buffer, buffer.count)
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
        }
        let complete = received.filter { $0 == 10 }.count
        return complete > 0 ? try readLines(count: complete) : []
    }
}

/// Reading members of an answer.
extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
    func integer(_ key: String) -> Int64? { (self[key] as? NSNumber)?.int64Value }
    func string(_ key: String) -> String? { self[key] as? String }
    func bool(_ key: String) -> Bool? { self[key] as? Bool }
    /// The `error` member's code and message, if this is an error answer.
    var errorCode: Int64? { object("error")?.integer("code") }
    var errorMessage: String? { object("error")?.string("message") }
    var result: [String: Any]? { object("result") }
}
