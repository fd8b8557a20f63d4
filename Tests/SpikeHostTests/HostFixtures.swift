import TestSupport
import Foundation
import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel
import Testing

/// Model blobs and event files of the source tree, read from where they are checked in
/// (test targets cannot share helpers, so these few lines are this target's own).
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// docs/demo/motion.spkb: 100 inputs → 64 LIF → 1 LIF, no learning rules.
    static var motion: String { root.appendingPathComponent("docs/demo/motion.spkb").path }
    static var motionEvents: String { root.appendingPathComponent("docs/demo/motion-events.csv").path }

    /// A golden case's blob, Tests/SpikeCoreTests/Blobs/NAME.spkb.
    static func blob(_ name: String) -> String {
        root.appendingPathComponent("Tests/SpikeCoreTests/Blobs/\(name).spkb").path
    }

    /// Load a model (or checkpoint) file as the CLI and the daemon do.
    static func open(_ path: String) throws -> ModelFile {
        switch ModelFile.open(path, copyTensors: true) {
        case .success(let file): return file
        case .failure(let failure): throw FixtureError(failure.message)
        }
    }

    /// The `tick,channel` events of a spike file without values or rewards (the header
    /// line is skipped), with their 1-based line numbers.
    static func events(_ path: String) throws -> [SpikeEvent] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var events: [SpikeEvent] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(separator: ",")
            guard fields.count == 2, let tick = UInt64(fields[0]), let channel = Int(fields[1]) else { continue }
            events.append(SpikeEvent(tick: tick, channel: channel, line: index + 1))
        }
        return events
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}


/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("spikehost-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}


/// A source that gives up after `limit` looks: a run that would loop forever on its
/// events ends instead, and `exhausted` tells the test so.
struct BoundedSource: EventSource {
    var inner: ArraySource
    let limit: Int
    private(set) var peeks = 0

    init(_ events: [SpikeEvent], limit: Int) {
        inner = ArraySource(events)
        self.limit = limit
    }

    var exhausted: Bool { peeks > limit }

    mutating func peek() throws(FileError) -> SpikeEvent? {
        peeks += 1
        return exhausted ? nil : try inner.peek()
    }

    mutating func removeFirst() { inner.removeFirst() }
}
