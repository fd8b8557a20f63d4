import TestSupport
import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel
import Testing

/// The driver on more than the demo: the demo's spike file read by `SpikeFileSource`
/// against the integer reference's output, and golden-case models with several input
/// populations, delays, CUBA/LI/ALIF neurons and learning rules against hand stepping.
@Suite struct TickDriverModelTests {
    @Test func theDemoFileThroughSpikeFileSourceGivesTheReferenceOutput() throws {
        let file = try Fixture.open(Fixture.motion)
        var source = try SpikeFileSource(path: Fixture.motionEvents)
        var driver = TickDriver(channels: try ChannelMap(file.model.network), stopsOnRejection: true)
        var sink = SpikeRecorder()
        try driver.run(&file.model.network, source: &source, sink: &sink, end: 600)
        let expected = try Fixture.events(Fixture.root.appendingPathComponent("docs/demo/motion-expected.csv").path)
            .map { OutputSpike(tick: $0.tick, channel: $0.channel) }
        #expect(!expected.isEmpty)
        #expect(sink.spikes == expected)
        #expect(driver.appliedEvents == (try Fixture.events(Fixture.motionEvents)).count)
    }

    /// Bursts of random input spikes on every input channel, separated by silences long
    /// enough for the network to come to rest.
    static func bursts(channels: Int, seed: UInt64) -> [SpikeEvent] {
        var rng = SplitMix64(seed: seed)
        var events: [SpikeEvent] = []
        for burst in 0..<4 {
            let start = UInt64(burst * 400 + rng.int(0...50))
            for tick in start..<(start + UInt64(rng.int(3...12))) {
                for channel in 0..<channels where rng.int(0...2) == 0 {
                    events.append(SpikeEvent(tick: tick, channel: channel))
                }
            }
        }
        return events
    }

    @Test(arguments: ["quiescence_idle", "stdp_nearest_soft", "rstdp_all_soft", "axonal_delays",
                      "cuba_synaptic", "alif_adaptation", "proj_sparse_csr", "recurrent_self_and_back"])
    func idleJumpsOnGoldenModelsGiveTheStateOfFullSteps(_ name: String) throws {
        let driven = try Fixture.open(Fixture.blob(name))
        try driven.model.network.setPower(PowerSettings(mode: .normal))
        let channels = try ChannelMap(driven.model.network)
        let events = Self.bursts(channels: channels.inputChannels, seed: 0xB0057)
        let end = try #require(events.last).tick + 300
        var driver = TickDriver(channels: channels, stopsOnRejection: true)
        var source = ArraySource(events)
        var sink = SpikeRecorder()
        try driver.run(&driven.model.network, source: &source, sink: &sink, end: end)
        #expect(driven.model.network.tick == end)
        #expect(driver.appliedEvents == events.count)

        let stepped = try Fixture.open(Fixture.blob(name))
        try stepped.model.network.setPower(PowerSettings(mode: .full))
        let expected = try ReferenceStepper(stepped.model.network).run(&stepped.model.network, events: events, until: end)
        #expect(sink.spikes == expected)
        #expect(driven.model.network.stateHash() == stepped.model.network.stateHash())
        if driven.model.network.isQuiescent {
            #expect(driven.model.network.counters.skippedTicks > 0, "a network at rest was jumped over")
        }
    }

    @Test func aSinkPairFeedsBothSinksEverySpikeInOrder() throws {
        let file = try Fixture.open(Fixture.motion)
        let events = try Fixture.events(Fixture.motionEvents).filter { $0.tick < 200 }
        var driver = TickDriver(channels: try ChannelMap(file.model.network), stopsOnRejection: true)
        var source = ArraySource(events)
        var pair = SinkPair(SpikeRecorder(), SpikeRecorder())
        try driver.run(&file.model.network, source: &source, sink: &pair, end: 200)

        let alone = try Fixture.open(Fixture.motion)
        var single = TickDriver(channels: try ChannelMap(alone.model.network), stopsOnRejection: true)
        var again = ArraySource(events)
        var sink = SpikeRecorder()
        try single.run(&alone.model.network, source: &again, sink: &sink, end: 200)
        #expect(!sink.spikes.isEmpty)
        #expect(pair.first.spikes == sink.spikes)
        #expect(pair.second.spikes == sink.spikes)
    }
}
