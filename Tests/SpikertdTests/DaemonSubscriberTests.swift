import Foundation
import SpikeGPIO
import SpikeIO
import Testing
@testable import spikertd

/// What reaches the outside as the loop turns: event notifications to a subscriber on
/// the daemon's real control socket (accepted and served by `iterate`), and output
/// spikes on GPIO lines from the loop's very first turn.
@Suite(.serialized) struct DaemonSubscriberTests {
    /// Turn the loop until `count` lines arrived on `connection` (or 5 s passed).
    static func lines(_ count: Int, from connection: DaemonProcessTests.Connection,
                      turning harness: DaemonHarness) -> [[String: Any]] {
        var lines: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(5)
        while lines.count < count && Date() < deadline {
            _ = harness.daemon.iterate(maximumWaitMilliseconds: 10)
            while lines.count < count, let line = connection.line(within: 0) { lines.append(line) }
        }
        return lines
    }

    @Test func aSubscriberHearsLostEdgesCheckpointsAndPauses() throws {
        let socketDirectory = try TemporaryDirectory()
        defer { socketDirectory.remove() }
        let socket = socketDirectory.file("control.sock")
        let harness = try DaemonHarness(model: Repo.motion, ["--paused", "--gpio-in", "GPIO17=0", "--socket", socket])
        let connection = try DaemonProcessTests.Connection(path: socket)
        try connection.send(Array(#"{"id":1,"method":"subscribe","params":{"spikes":false}}"#.utf8) + [10])
        let subscribed = Self.lines(1, from: connection, turning: harness)
        #expect(subscribed.first?.object("result")?.bool("events") == true, "\(subscribed)")
        #expect(subscribed.first?.object("result")?.bool("spikes") == false)

        harness.fake.inject(line: 0, rising: true, timestamp: harness.instant(inTick: 10))
        harness.fake.inject(line: 0, rising: true, timestamp: harness.instant(inTick: 11))
        let lost = Self.lines(1, from: connection, turning: harness)
        #expect(lost.first?.string("event") == "edges_lost", "\(lost)")
        #expect(lost.first?.integer("pairs") == 1)

        try connection.send(Array(#"{"id":2,"method":"checkpoint"}"#.utf8) + [10])
        let checkpoint = Self.lines(2, from: connection, turning: harness)
        let event = checkpoint.first { $0.string("event") == "checkpoint" }
        #expect(event?.string("reason") == "request", "\(checkpoint)")
        let answer = checkpoint.first { $0.integer("id") == 2 }
        #expect(event?.integer("bytes") != nil && event?.integer("bytes") == answer?.object("result")?.integer("bytes"))

        try connection.send(Array(#"{"id":3,"method":"resume"}"#.utf8) + [10])
        let resumed = Self.lines(2, from: connection, turning: harness)
        #expect(resumed.contains { $0.string("event") == "resumed" }, "\(resumed)")
        #expect(!resumed.contains { $0.string("event") == "edges_lost" }, "a loss is announced once")
    }

    /// A model that spikes by itself (bias), so the loop's first turn already runs
    /// ticks with output spikes: each must reach the output line.
    @Test func outputSpikesOfTheFirstTurnReachTheOutputLine() throws {
        let harness = try DaemonHarness(model: Repo.blob("bias_driven"), ["--gpio-out", "GPIO27=0,pulse=1000000"])
        // 30 ms of the model's 1 ms ticks pass before the loop first turns, as start-up
        // (socket, lines, profile) takes its time.
        usleep(30_000)
        harness.takeInputs()
        let spikes = try harness.writtenSpikes().filter { $0.channel == 0 }
        try #require(!spikes.isEmpty, "population 0 fires within the first turn's ticks")
        #expect(harness.fake.outputHistory(0).contains { $0.active },
                "output spikes at ticks \(spikes.map(\.tick)) never showed on the line")
    }
}
