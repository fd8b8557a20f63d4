import TestSupport
import CSystem
import Foundation
import SpikeCore
import SpikeGPIO
import SpikeHost
import SpikeIO
import SpikeModel
import Testing
@testable import spikertd

/// Files of the source tree the daemon tests read where they are checked in (test
/// targets cannot share helpers, so these few lines are this target's own).
enum Repo {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// docs/demo/motion.spkb: 100 inputs → 64 LIF → 1 LIF, dt 100 µs, no learning rules.
    static var motion: String { root.appendingPathComponent("docs/demo/motion.spkb").path }
    /// boards/: real board profiles (rpi4 among them).
    static var boards: String { root.appendingPathComponent("boards").path }

    /// A golden case's blob, Tests/SpikeCoreTests/Blobs/NAME.spkb.
    static func blob(_ name: String) -> String {
        root.appendingPathComponent("Tests/SpikeCoreTests/Blobs/\(name).spkb").path
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A fresh directory under the system's temporary directory; `remove()` deletes it.
struct TemporaryDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("spikertd-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Write `text` to `name` in the directory; returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let target = file(name)
        try text.write(toFile: target, atomically: false, encoding: .utf8)
        return target
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}


/// What `spikert run` computes for a model and its events: the same tick driver on a
/// second copy of the model, run to `end`.
struct ReferenceRun {
    var spikes: [OutputSpike]
    var stateHash: UInt64
    var counters: NetworkCounters

    init(model path: String, events: [SpikeEvent], end: UInt64,
         prepare: (inout Network) throws -> Void = { _ in }) throws {
        var file: ModelFile
        switch ModelFile.open(path, copyTensors: false) {
        case .success(let opened): file = opened
        case .failure(let failure): throw FixtureError(failure.message)
        }
        try prepare(&file.model.network)
        var driver = TickDriver(channels: try ChannelMap(file.model.network), stopsOnRejection: true)
        var source = ArraySource(events.sorted { $0.tick < $1.tick })
        var sink = SpikeRecorder()
        try driver.run(&file.model.network, source: &source, sink: &sink, end: end)
        spikes = sink.spikes
        stateHash = file.model.network.stateHash()
        counters = file.model.network.counters
    }
}

/// The fake of a Raspberry Pi 4's header chip, as boards/rpi4 describes it.
enum FakeBoard {
    static func rpi4() -> FakeGPIOBackend {
        FakeGPIOBackend(chips: [FakeGPIOChip(label: "pinctrl-bcm2711", lines: 58, namePrefix: "GPIO")])
    }
}

/// Parse a daemon command line; a failure is a test error carrying its message.
func parseOptions(_ words: [String]) throws -> DaemonOptions {
    switch DaemonCommandLine.parse(Arguments(words)) {
    case .success(.run(let options)): return options
    case .success(.exit): throw FixtureError("\(words) asked to exit")
    case .failure(let failure): throw FixtureError(failure.message)
    }
}

/// The message of a command line that must fail (nil when it parsed).
func parseFailure(_ words: [String]) -> String? {
    switch DaemonCommandLine.parse(Arguments(words)) {
    case .success: return nil
    case .failure(let failure): return failure.message
    }
}

/// A daemon in this process over the fake GPIO backend, with its state directory in a
/// temporary directory and no control socket; tests drive it with `iterate` or turn by
/// turn, and talk to it through `ControlPeer`.
final class DaemonHarness {
    let directory: TemporaryDirectory
    let fake: FakeGPIOBackend
    let daemon: Daemon<FakeGPIOBackend>
    /// The `--output` spike file.
    let outputPath: String

    /// `arguments` are flags besides --model, --state-dir, --socket, --output,
    /// --board and --boards-dir (which the harness sets); `fake` the GPIO backend (a v1
    /// kernel's Pi 4 unless a test wants another).
    init(model: String, _ arguments: [String] = [], fake: FakeGPIOBackend = FakeBoard.rpi4()) throws {
        directory = try TemporaryDirectory()
        self.fake = fake
        outputPath = directory.file("out.csv")
        let options = try parseOptions(["--model", model, "--state-dir", directory.path, "--socket", "none",
                                         "--output", outputPath, "--board", "rpi4", "--boards-dir", Repo.boards]
                                        + arguments)
        switch Daemon<FakeGPIOBackend>.start(options, backend: fake) {
        case .success(let started): daemon = started
        case .failure(let failure):
            directory.remove()
            throw FixtureError(failure.message)
        }
    }

    deinit { directory.remove() }

    var tick: UInt64 { daemon.tick }
    var stateHash: UInt64 { daemon.model.model.network.stateHash() }
    var dt: UInt64 { daemon.clock.dt }

    /// A CLOCK_MONOTONIC instant inside tick `tick` (`fraction` of the way in, in
    /// 1/1000 of a tick), by the daemon's own clock.
    func instant(inTick tick: UInt64, permille fraction: UInt64 = 500) -> UInt64 {
        daemon.clock.start(of: tick) + dt * fraction / 1000
    }

    /// Loop turns of at most `waitMilliseconds` each until `done` or `seconds` passed;
    /// false on timeout.
    @discardableResult
    func iterate(until done: () -> Bool, waitMilliseconds: Int32 = 20, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !done() {
            guard Date() < deadline else { return false }
            guard daemon.iterate(maximumWaitMilliseconds: waitMilliseconds) else { return false }
        }
        return true
    }

    /// One loop turn that does not wait: reads whatever the fake GPIO lines hold.
    func takeInputs() {
        _ = daemon.iterate(maximumWaitMilliseconds: 0)
    }

    /// The events waiting in the daemon's queue, in order (the queue is left as is).
    var queuedEvents: [SpikeEvent] {
        var copy = daemon.queue
        var events: [SpikeEvent] = []
        while let event = try? copy.peek() {
            events.append(event)
            copy.removeFirst()
        }
        return events
    }

    /// The output spike file written so far (its `tick,channel` lines).
    func writtenSpikes() throws -> [OutputSpike] {
        let text = try String(contentsOfFile: outputPath, encoding: .utf8)
        var spikes: [OutputSpike] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            guard fields.count == 2, let tick = UInt64(fields[0]), let channel = Int(fields[1]) else {
                throw FixtureError("malformed output line '\(line)'")
            }
            spikes.append(OutputSpike(tick: tick, channel: channel))
        }
        return spikes
    }

    /// Whether the daemon's timer is armed (timerfd_gettime: a non-zero time left).
    var timerArmed: Bool {
        var value = itimerspec()
        guard timerfd_gettime(daemon.timer.descriptor, &value) == 0 else { return false }
        return value.it_value.tv_sec != 0 || value.it_value.tv_nsec != 0
    }
}
