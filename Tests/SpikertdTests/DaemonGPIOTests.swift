import TestSupport
import SpikeGPIO
import SpikeHost
import SpikeIO
import Testing
@testable import spikertd

/// The daemon in this process with the fake GPIO backend: kernel-timestamped edges
/// become input spikes in the ticks they happened in, and the run matches the tick
/// driver of `spikert run` on the same events; debounce, edge selection, lost edges and
/// output pulses as the lines see them.
///
/// Edges are injected while the daemon is paused (`--paused`), so that every edge is
/// queued before its tick runs however slowly the shared machine schedules the test;
/// a `resume` request then lets the loop run the ticks in real time.
@Suite(.serialized) struct DaemonGPIOTests {
    /// An edge pair (rising then falling) per spike, `rising` and `falling` in 1/1000
    /// of the tick.
    static func injectPress(_ harness: DaemonHarness, line: Int, tick: UInt64,
                            rising: UInt64 = 200, falling: UInt64 = 600) {
        harness.fake.inject(line: line, rising: true, timestamp: harness.instant(inTick: tick, permille: rising))
        harness.fake.inject(line: line, rising: false, timestamp: harness.instant(inTick: tick, permille: falling))
    }

    static func resume(_ harness: DaemonHarness) throws {
        let peer = try ControlPeer()
        let answer = try peer.request(#"{"id":1,"method":"resume"}"#, to: harness.daemon)
        #expect(answer.result != nil, "resume: \(answer)")
    }

    /// Twenty lines on channels 0, 5, 10... of the motion model, each pressed in a
    /// seeded random third of ticks 1-299.
    @Test func edgesBecomeInputSpikesInTheirTicksAsSpikertRunComputes() throws {
        let lines = 20
        let stop: UInt64 = 400
        let specs = (0..<lines).flatMap { ["--gpio-in", "GPIO\($0 + 2)=\($0 * 5)"] }
        let harness = try DaemonHarness(model: Repo.motion, ["--paused", "--ticks", "\(stop)"] + specs)
        #expect(harness.dt == 100_000)

        var random = SplitMix64(seed: 0x5eed_0001)
        var expected: [OutputSpike] = []
        for tick in UInt64(1)..<300 {
            for line in 0..<lines where random.next() % 3 == 0 {
                Self.injectPress(harness, line: line, tick: tick)
                expected.append(OutputSpike(tick: tick, channel: line * 5))
            }
            // The kernel keeps 16 events per line: read before any line could overflow.
            if tick % 7 == 0 { harness.takeInputs() }
        }
        harness.takeInputs()
        for line in 0..<lines { #expect(harness.fake.droppedEvents(input: line) == 0) }

        let queued = harness.queuedEvents
        #expect(queued.map { OutputSpike(tick: $0.tick, channel: $0.channel) }.sorted(by: Self.order)
                == expected.sorted(by: Self.order), "each edge binned into the tick of its timestamp")
        #expect(harness.tick == 0, "nothing ran while paused")

        try Self.resume(harness)
        #expect(harness.iterate(until: { harness.daemon.stopping }), "the daemon did not reach --ticks in time")
        #expect(harness.tick == stop)

        let reference = try ReferenceRun(model: Repo.motion, events: queued, end: stop)
        let written = try harness.writtenSpikes()
        #expect(!reference.spikes.isEmpty, "the input drives the output neuron (else the comparison is empty)")
        #expect(written == reference.spikes)
        #expect(harness.stateHash == reference.stateHash)
        #expect(harness.daemon.driver.lateEvents == 0)
        #expect(harness.daemon.driver.appliedEvents == expected.count)
        #expect(harness.daemon.model.model.network.counters.inputSpikes == reference.counters.inputSpikes)
    }

    static func order(_ a: OutputSpike, _ b: OutputSpike) -> Bool {
        (a.tick, a.channel) < (b.tick, b.channel)
    }

    /// The bounce of a switch closing: five rising and four falling edges within 80 µs,
    /// ending high.
    static func injectBouncyPress(_ harness: DaemonHarness, line: Int, tick: UInt64) {
        for k in UInt64(0)..<9 {
            harness.fake.inject(line: line, rising: k % 2 == 0,
                                timestamp: harness.instant(inTick: tick, permille: 100) + k * 10_000)
        }
    }

    @Test func debounceCollapsesABounceBurstIntoOneSpike() throws {
        // Line 0 debounced by 5 ms (50 ticks), line 1 the same switch without debounce.
        let harness = try DaemonHarness(model: Repo.motion,
                                        ["--paused", "--gpio-in", "GPIO17=0,debounce=5", "--gpio-in", "GPIO22=1"])
        for line in 0..<2 {
            Self.injectBouncyPress(harness, line: line, tick: 100)
            // Released cleanly long after, pressed again with bounce.
            harness.fake.inject(line: line, rising: false, timestamp: harness.instant(inTick: 200))
        }
        harness.takeInputs()
        for line in 0..<2 { Self.injectBouncyPress(harness, line: line, tick: 300) }
        harness.takeInputs()

        let queued = harness.queuedEvents
        let debounced = queued.filter { $0.channel == 0 }.map(\.tick)
        let raw = queued.filter { $0.channel == 1 }.map(\.tick)
        #expect(debounced == [100, 300])
        #expect(raw.count == 10, "without debounce every rising edge of the bounce is a spike")
        #expect(Set(raw) == [100, 300])
    }

    @Test func edgeSelectionDecidesWhichEdgesSpike() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused", "--gpio-in", "GPIO17=0",
                                                             "--gpio-in", "GPIO22=1,edge=falling",
                                                             "--gpio-in", "GPIO23=2,edge=both"])
        let risingTicks: [UInt64] = [10, 30, 55]
        let fallingTicks: [UInt64] = [20, 41, 70]
        for line in 0..<3 {
            for (up, down) in zip(risingTicks, fallingTicks) {
                harness.fake.inject(line: line, rising: true, timestamp: harness.instant(inTick: up))
                harness.fake.inject(line: line, rising: false, timestamp: harness.instant(inTick: down))
            }
            // Every line was requested for both edges, whatever spikes on it.
            #expect(harness.fake.inputConfig(line)?.edges == .both)
        }
        harness.takeInputs()
        let queued = harness.queuedEvents
        #expect(queued.filter { $0.channel == 0 }.map(\.tick) == risingTicks)
        #expect(queued.filter { $0.channel == 1 }.map(\.tick) == fallingTicks)
        #expect(queued.filter { $0.channel == 2 }.map(\.tick) == (risingTicks + fallingTicks).sorted())
        #expect(harness.daemon.gpio?.lostPairs == 0)
    }

    @Test func activeLowInvertsTheLineAsRequested() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused", "--gpio-in", "GPIO17=0,active-low,bias=pull-up"])
        let config = try #require(harness.fake.inputConfig(0))
        #expect(config.activeLow)
        #expect(config.bias == .pullUp)
        #expect(config.address == LineAddress(chipLabel: "pinctrl-bcm2711", offset: 17))
    }

    @Test func twoRisingEdgesInARowAreCountedAsALostPair() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused", "--gpio-in", "GPIO17=0"])
        harness.fake.inject(line: 0, rising: true, timestamp: harness.instant(inTick: 10))
        harness.fake.inject(line: 0, rising: true, timestamp: harness.instant(inTick: 12))
        harness.takeInputs()
        #expect(harness.daemon.gpio?.lostPairs == 1)
        // Both edges still count: the lost falling edge does not cost the second spike.
        #expect(harness.queuedEvents.map(\.tick) == [10, 12])
        // Alternating edges afterwards add no more.
        harness.fake.inject(line: 0, rising: false, timestamp: harness.instant(inTick: 13))
        harness.fake.inject(line: 0, rising: true, timestamp: harness.instant(inTick: 14))
        harness.takeInputs()
        #expect(harness.daemon.gpio?.lostPairs == 1)
    }

    @Test func aKernelQueueOverflowShowsAsLostEdges() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused", "--gpio-in", "GPIO17=0"])
        // 17 alternating edges while the daemon does not read: the kernel keeps 16.
        for k in UInt64(0)..<17 {
            harness.fake.inject(line: 0, rising: k % 2 == 0, timestamp: harness.instant(inTick: 10 + k))
        }
        #expect(harness.fake.droppedEvents(input: 0) == 1)
        harness.takeInputs()
        #expect(harness.daemon.gpio?.lostPairs == 0, "nothing is provable before the next edge")
        // The dropped edge was rising; the next one is falling, after a falling one.
        harness.fake.inject(line: 0, rising: false, timestamp: harness.instant(inTick: 40))
        harness.takeInputs()
        #expect(harness.daemon.gpio?.lostPairs == 1)
    }
}

