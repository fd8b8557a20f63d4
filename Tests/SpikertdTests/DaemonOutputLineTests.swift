import TestSupport
import SpikeGPIO
import SpikeHost
import SpikeIO
import Testing
@testable import spikertd

/// Output spikes on GPIO lines: what the fake's output history records, with its clock
/// set to the network's tick at each write, against the output spikes the daemon wrote
/// to its spike file.
///
/// The daemon runs paused and is stepped one tick per turn as the loop does when it is
/// on time (run the due tick, then publish), so the history's times are exact ticks.
@Suite(.serialized) struct DaemonOutputLineTests {
    /// Input that makes the motion model's output neuron fire now and then: every
    /// channel at once in a few ticks, some of them back to back (pulses that extend).
    static let burstTicks: [UInt64] = [10, 60, 61, 110, 112, 114, 170, 230, 231, 232, 233]

    static func drive(_ harness: DaemonHarness) {
        for tick in burstTicks {
            for channel in 0..<100 { harness.daemon.queue.push(SpikeEvent(tick: tick, channel: channel)) }
        }
    }

    /// Step `ticks` ticks one per turn, the fake's clock at the network's tick when the
    /// outputs are written.
    static func step(_ harness: DaemonHarness, through end: UInt64) {
        // The turn before: the loop publishes before it runs the next ticks, which is
        // when it decides to collect spikes for the output lines.
        harness.daemon.publish()
        while harness.tick < end {
            harness.daemon.runDriver(end: harness.tick + 1)
            harness.fake.now = harness.tick
            harness.daemon.publish()
        }
    }

    /// The stretches (first tick, end tick) an output line should be high for, from
    /// the spike ticks: `pulse` adds `width` ticks of high time per spike; `level`
    /// holds high until `width` ticks after the last spike.
    static func stretches(_ spikes: [UInt64], width: UInt64, pulse: Bool) -> [(UInt64, UInt64)] {
        var result: [(UInt64, UInt64)] = []
        for s in spikes {
            if let last = result.last, s < last.1 {
                result[result.count - 1].1 = pulse ? last.1 + width : max(last.1, s + width)
            } else {
                result.append((s, s + width))
            }
        }
        return result
    }

    /// The history the line should show: it goes high once a stretch's first spike is
    /// known (the write after that tick's step, one tick later) and stays high for the
    /// stretch's length.
    static func expectedHistory(_ stretches: [(UInt64, UInt64)]) -> [FakeOutputChange] {
        var history = [FakeOutputChange(active: false, timestampNanoseconds: 0)]
        for (from, until) in stretches {
            // A stretch that starts as the previous one ends continues it: no write.
            if let last = history.last, !last.active, last.timestampNanoseconds == from + 1 {
                history[history.count - 1].timestampNanoseconds = until + 1
                continue
            }
            history.append(FakeOutputChange(active: true, timestampNanoseconds: from + 1))
            history.append(FakeOutputChange(active: false, timestampNanoseconds: until + 1))
        }
        return history
    }

    static func run(width: UInt64, pulse: Bool) throws -> (spikes: [UInt64], history: [FakeOutputChange]) {
        let mode = pulse ? "pulse" : "level"
        let harness = try DaemonHarness(model: Repo.motion, ["--paused", "--gpio-out", "GPIO27=0,\(mode)=\(width)"])
        #expect(harness.fake.outputHistory(0) == [FakeOutputChange(active: false, timestampNanoseconds: 0)],
                "the line starts inactive")
        drive(harness)
        step(harness, through: 420)
        let spikes = try harness.writtenSpikes().map(\.tick)
        return (spikes, harness.fake.outputHistory(0))
    }

    /// High time summed over the history (the run ends with the line low).
    static func highTime(_ history: [FakeOutputChange]) -> UInt64 {
        zip(history, history.dropFirst()).reduce(UInt64(0)) { sum, pair in
            pair.0.active && !pair.1.active ? sum + pair.1.timestampNanoseconds - pair.0.timestampNanoseconds : sum
        }
    }

    /// Writes alternate and move forward in time: only changes reach the line.
    static func expectOnlyChanges(_ history: [FakeOutputChange]) {
        for (before, after) in zip(history, history.dropFirst()) {
            #expect(before.active != after.active, "only changes are written")
            #expect(before.timestampNanoseconds < after.timestampNanoseconds)
        }
        #expect(history.last?.active == false, "every stretch ended within the run")
    }

    @Test(arguments: [2, 3, 10])
    func eachOutputSpikeAddsThePulseWidthOfHighTime(_ width: UInt64) throws {
        let (spikes, history) = try Self.run(width: width, pulse: true)
        let stretches = Self.stretches(spikes, width: width, pulse: true)
        try #require(stretches.count >= 3, "the input makes separate pulses (spikes at \(spikes))")
        #expect(Self.highTime(history) == width * UInt64(spikes.count),
                "pulse= promises \(width) ticks of high time per spike")
        #expect(history == Self.expectedHistory(stretches))
        Self.expectOnlyChanges(history)
    }

    @Test func aOneTickPulseIsStillVisible() throws {
        let (spikes, history) = try Self.run(width: 1, pulse: true)
        try #require(!spikes.isEmpty)
        #expect(history.contains { $0.active }, "pulse=1 must show each spike")
        #expect(Self.highTime(history) == UInt64(spikes.count))
        #expect(history == Self.expectedHistory(Self.stretches(spikes, width: 1, pulse: true)))
    }

    @Test func levelModeHoldsWhileTheChannelFiresWithinTheWindow() throws {
        let window: UInt64 = 12
        let (spikes, history) = try Self.run(width: window, pulse: false)
        let stretches = Self.stretches(spikes, width: window, pulse: false)
        try #require(stretches.count >= 3, "the input makes separate stretches (spikes at \(spikes))")
        #expect(history == Self.expectedHistory(stretches))
        #expect(Self.highTime(history) < window * UInt64(spikes.count), "a burst holds the line without growing it")
        Self.expectOnlyChanges(history)
    }
}
