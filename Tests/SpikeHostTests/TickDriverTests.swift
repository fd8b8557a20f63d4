import TestSupport
import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel
import Testing

/// The driver against the network stepped by hand (`ReferenceStepper`): idle jumps and
/// chunked runs must not change a bit of the state or a single output spike.
@Suite struct TickDriverTests {
    /// Which part of the motion demo's input a test replays.
    enum EventSet: String, CaseIterable, CustomTestStringConvertible {
        /// All 15,663 events of docs/demo/motion-events.csv.
        case all
        /// Only the events in the first 4 ticks of every 200: long silences in which the
        /// network falls quiescent and the driver jumps.
        case sparse

        var testDescription: String { rawValue }

        func events() throws -> [SpikeEvent] {
            let all = try Fixture.events(Fixture.motionEvents)
            switch self {
            case .all: return all
            case .sparse: return all.filter { $0.tick % 200 < 4 }
            }
        }
    }

    static func openMotion(power mode: PowerMode) throws -> ModelFile {
        var file = try Fixture.open(Fixture.motion)
        try file.model.network.setPower(PowerSettings(mode: mode))
        return file
    }

    @Test(arguments: EventSet.allCases)
    func quiescentJumpsGiveTheSpikesAndStateOfFullSteps(_ set: EventSet) throws {
        let events = try set.events()
        let last = try #require(events.last).tick

        let driven = try Self.openMotion(power: .normal)
        var driver = TickDriver(channels: try ChannelMap(driven.model.network), stopsOnRejection: true)
        var source = ArraySource(events)
        var sink = SpikeRecorder()
        try driver.run(&driven.model.network, source: &source, sink: &sink, end: nil)

        #expect(source.remaining == 0)
        #expect(driver.appliedEvents == events.count)
        #expect(driver.lastEventTick == last)
        #expect(driver.lateEvents == 0)
        #expect(driven.model.network.tick == last + 1, "the run ends after the step holding the last event")

        let stepped = try Self.openMotion(power: .full)
        let reference = try ReferenceStepper(stepped.model.network)
        let expected = try reference.run(&stepped.model.network, events: events, until: last + 1)

        #expect(!expected.isEmpty, "the replay makes the network spike")
        #expect(sink.spikes == expected)
        #expect(driven.model.network.stateHash() == stepped.model.network.stateHash())
        #expect(stepped.model.network.counters.skippedTicks == 0)
        if set == .sparse {
            #expect(driven.model.network.counters.skippedTicks > 0, "the driver jumped over silences")
        }
    }

    /// The daemon's pattern: events trickle into an EventQueue, and run is called again
    /// and again with `end` = the wall clock's tick. Any chunking gives the result of one
    /// run over all events.
    @Test(arguments: EventSet.allCases, [UInt64(1), 9, 0xC4A5])
    func chunkedRunsWithGrowingEndGiveTheSameResultAsOneRun(_ set: EventSet, seed: UInt64) throws {
        let events = try set.events()
        let end = try #require(events.last).tick + 1

        let whole = try Self.openMotion(power: .normal)
        var wholeDriver = TickDriver(channels: try ChannelMap(whole.model.network), stopsOnRejection: true)
        var all = ArraySource(events)
        var wholeSink = SpikeRecorder()
        try wholeDriver.run(&whole.model.network, source: &all, sink: &wholeSink, end: nil)

        let chunked = try Self.openMotion(power: .normal)
        var driver = TickDriver(channels: try ChannelMap(chunked.model.network), stopsOnRejection: true)
        // Room for the busiest 64 ticks of the demo (about 50 events a tick).
        var queue = EventQueue(capacity: 4096)
        var sink = SpikeRecorder()
        var rng = SplitMix64(seed: seed)
        var pushed = 0
        var wallTick: UInt64 = 0
        var runs = 0
        while wallTick < end {
            wallTick = min(wallTick + UInt64(rng.int(1...60)), end)
            // Events up to the wall tick have arrived, a few of the next ticks' too.
            let horizon = wallTick + UInt64(rng.int(0...3))
            while pushed < events.count, events[pushed].tick < horizon {
                queue.push(events[pushed])
                pushed += 1
            }
            try driver.run(&chunked.model.network, source: &queue, sink: &sink, end: wallTick)
            runs += 1
            #expect(chunked.model.network.tick == wallTick, "run \(runs) stops at its end")
            if let first = queue.firstTick { #expect(first >= wallTick, "only future events wait") }
        }

        #expect(runs > 10)
        #expect(queue.dropped == 0)
        #expect(driver.appliedEvents == events.count)
        #expect(driver.lateEvents == 0)
        #expect(sink.spikes == wholeSink.spikes)
        #expect(chunked.model.network.stateHash() == whole.model.network.stateHash())
        #expect(chunked.model.network.tick == whole.model.network.tick)
    }

    /// In the low-power mode a step spans `fold` ticks. A run to `end` must not start a
    /// step that reaches past `end`: its last ticks have not happened yet on the wall
    /// clock, and the events the daemon receives for them afterwards would be applied
    /// late, in the next step, instead of in their own.
    @Test(arguments: [UInt64(3), 0x51DE])
    func lowPowerChunksGiveTheSameResultAsOneRun(seed: UInt64) throws {
        let events = try EventSet.all.events()
        let fold: UInt64 = 4
        let lastTick = try #require(events.last).tick
        let end = (lastTick / fold + 1) * fold
        let low = PowerSettings(mode: .low, fold: Int(fold))

        var whole = try Self.openMotion(power: .normal)
        try whole.model.network.setPower(low)
        var wholeDriver = TickDriver(channels: try ChannelMap(whole.model.network), stopsOnRejection: true)
        var all = ArraySource(events)
        var wholeSink = SpikeRecorder()
        try wholeDriver.run(&whole.model.network, source: &all, sink: &wholeSink, end: end)
        #expect(whole.model.network.tick == end)
        #expect(wholeDriver.lateEvents == 0)

        var chunked = try Self.openMotion(power: .normal)
        try chunked.model.network.setPower(low)
        var driver = TickDriver(channels: try ChannelMap(chunked.model.network), stopsOnRejection: true)
        var queue = EventQueue(capacity: 4096)
        var sink = SpikeRecorder()
        var rng = SplitMix64(seed: seed)
        var pushed = 0
        var wallTick: UInt64 = 0
        var overruns: [(end: UInt64, reached: UInt64)] = []
        while wallTick < end {
            wallTick = min(wallTick + UInt64(rng.int(1...30)), end)
            while pushed < events.count, events[pushed].tick < wallTick {
                queue.push(events[pushed])
                pushed += 1
            }
            // The daemon's way: a step that crosses the wall tick waits for the rest of
            // its events (the last run finishes it, as one run does).
            try driver.run(&chunked.model.network, source: &queue, sink: &sink, end: wallTick,
                           finishesLastStep: wallTick == end)
            if chunked.model.network.tick > wallTick { overruns.append((wallTick, chunked.model.network.tick)) }
        }
        #expect(queue.dropped == 0)
        #expect(overruns.isEmpty, "runs that stepped past their end (end, network tick): \(overruns.prefix(5))")
        #expect(driver.lateEvents == 0)
        #expect(sink.spikes == wholeSink.spikes)
        #expect(chunked.model.network.stateHash() == whole.model.network.stateHash())
    }
}
