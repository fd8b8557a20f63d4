import TestSupport
import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel
import Testing

/// How the driver treats single events: late ones, ones that do not fit the model, and
/// rewards.
@Suite struct TickDriverEventTests {
    static func motion() throws -> ModelFile {
        var file = try Fixture.open(Fixture.motion)
        try file.model.network.setPower(PowerSettings(mode: .normal))
        return file
    }

    static func motionEvents(before tick: UInt64) throws -> [SpikeEvent] {
        try Fixture.events(Fixture.motionEvents).filter { $0.tick < tick }
    }

    @Test func aLateEventIsAppliedInTheCurrentStepAndCounted() throws {
        let early = try Self.motionEvents(before: 20)
        let atTwenty = try Fixture.events(Fixture.motionEvents).filter { $0.tick == 20 }
        let busy = Set(atTwenty.map(\.channel))
        let channel = try #require((0..<100).first { !busy.contains($0) })
        let late = SpikeEvent(tick: 5, channel: channel, line: 4242)

        let file = try Self.motion()
        var driver = TickDriver(channels: try ChannelMap(file.model.network), stopsOnRejection: true)
        var queue = EventQueue(capacity: 256)
        var sink = SpikeRecorder()
        for event in early { queue.push(event) }
        try driver.run(&file.model.network, source: &queue, sink: &sink, end: 20)
        #expect(file.model.network.tick == 20)
        #expect(driver.lateEvents == 0)

        // The edge of tick 5 is read only now, after tick 19 has run.
        queue.push(late)
        for event in atTwenty { queue.push(event) }
        try driver.run(&file.model.network, source: &queue, sink: &sink, end: 21)
        #expect(driver.lateEvents == 1)
        #expect(driver.appliedEvents == early.count + atTwenty.count + 1)
        #expect(queue.isEmpty)

        let withLate = try Self.motion()
        var retagged = late
        retagged.tick = 20
        let stepper = try ReferenceStepper(withLate.model.network)
        let expected = try stepper.run(&withLate.model.network, events: early + [retagged] + atTwenty, until: 21)
        #expect(sink.spikes == expected)
        #expect(file.model.network.stateHash() == withLate.model.network.stateHash(),
                "the late event went into the step of tick 20")

        let without = try Self.motion()
        _ = try stepper.run(&without.model.network, events: early + atTwenty, until: 21)
        #expect(file.model.network.stateHash() != without.model.network.stateHash(),
                "the late event was applied, not dropped")
    }

    /// A channel past the inputs, a negative one, and a reward line without a value.
    static func badEvents(inputChannels: Int) -> [SpikeEvent] {
        [SpikeEvent(tick: 12, channel: inputChannels, line: 777),
         SpikeEvent(tick: 14, channel: -5, line: 778),
         SpikeEvent(tick: 16, channel: SpikeEvent.rewardChannel, value: nil, line: 779)]
    }

    static func merged(_ good: [SpikeEvent], _ bad: [SpikeEvent]) -> [SpikeEvent] {
        // Each bad event first in its tick.
        var out = good
        for event in bad {
            let index = out.firstIndex { $0.tick >= event.tick } ?? out.count
            out.insert(event, at: index)
        }
        return out
    }

    @Test func rejectedEventsAreCountedAndSkippedWhenTheRunGoesOn() throws {
        let good = try Self.motionEvents(before: 30)
        let file = try Self.motion()
        let channels = try ChannelMap(file.model.network)
        let bad = Self.badEvents(inputChannels: channels.inputChannels)
        var driver = TickDriver(channels: channels, stopsOnRejection: false)
        var source = ArraySource(Self.merged(good, bad))
        var sink = SpikeRecorder()
        try driver.run(&file.model.network, source: &source, sink: &sink, end: nil)

        #expect(driver.rejectedEvents == bad.count)
        #expect(driver.appliedEvents == good.count)
        #expect(file.model.network.tick == 30)
        guard case .notAnInput(let channel, let inputs, let line)? = driver.lastRejection else {
            Issue.record("last rejection: \(String(describing: driver.lastRejection))")
            return
        }
        #expect(channel == SpikeEvent.rewardChannel)
        #expect(inputs == channels.inputChannels)
        #expect(line == 779)

        let clean = try Self.motion()
        let expected = try ReferenceStepper(clean.model.network).run(&clean.model.network, events: good, until: 30)
        #expect(sink.spikes == expected)
        #expect(file.model.network.stateHash() == clean.model.network.stateHash())
    }

    @Test func aRejectedEventEndsTheRunWhenTheDriverStopsOnRejection() throws {
        let good = try Self.motionEvents(before: 30)
        let file = try Self.motion()
        let channels = try ChannelMap(file.model.network)
        let bad = Self.badEvents(inputChannels: channels.inputChannels)[0]
        var driver = TickDriver(channels: channels, stopsOnRejection: true)
        var source = ArraySource(Self.merged(good, [bad]))
        var sink = SpikeRecorder()
        do {
            try driver.run(&file.model.network, source: &source, sink: &sink, end: nil)
            Issue.record("channel \(bad.channel) was accepted")
        } catch .event(let rejection) {
            guard case .notAnInput(let channel, let inputs, let line) = rejection else {
                Issue.record("rejection: \(rejection)")
                return
            }
            #expect(channel == bad.channel)
            #expect(inputs == channels.inputChannels)
            #expect(line == bad.line)
            #expect(rejection.message.contains("channel \(bad.channel) "))
            #expect(rejection.message.contains("\(channels.inputChannels) input channels"))
        } catch {
            Issue.record("unexpected failure: \(error)")
        }
        #expect(file.model.network.tick == bad.tick, "no step ran after the bad event")
        #expect(driver.appliedEvents == good.filter { $0.tick < bad.tick }.count)
        #expect(driver.rejectedEvents == 0)
    }

    /// A spike file may name any tick up to UInt64.max (the parser accepts it). The step
    /// holding such an event would end past the last tick; whatever the driver does
    /// with it (apply it or reject it), the run must end, and time must not wrap.
    @Test(arguments: [(PowerMode.normal, UInt64.max), (.low, UInt64.max), (.low, UInt64.max - 2)])
    func anEventAtTheLastTicksEndsTheRun(mode: PowerMode, tick: UInt64) throws {
        var file = try Self.motion()
        try file.model.network.setPower(PowerSettings(mode: mode, fold: 4))
        var driver = TickDriver(channels: try ChannelMap(file.model.network), stopsOnRejection: false)
        var source = BoundedSource([SpikeEvent(tick: 3, channel: 1), SpikeEvent(tick: tick, channel: 0, line: 3)],
                                   limit: 100_000)
        var sink = SpikeRecorder()
        try driver.run(&file.model.network, source: &source, sink: &sink, end: nil)
        #expect(!source.exhausted, "the run kept going after \(source.peeks) looks at the source")
        #expect(driver.appliedEvents + driver.rejectedEvents == 2)
        #expect(file.model.network.tick >= 3, "the tick wrapped around to \(file.model.network.tick)")
    }

    /// Random input spikes into a reward-modulated model, with or without rewards.
    static func rewardRun(_ model: String, rewards: Bool, seed: UInt64)
        throws -> (spikes: [OutputSpike], hash: UInt64, events: [SpikeEvent], weights: [Int8])
    {
        let file = try Fixture.open(Fixture.blob(model))
        try file.model.network.setPower(PowerSettings(mode: .normal))
        let channels = try ChannelMap(file.model.network)
        var rng = SplitMix64(seed: seed)
        var events: [SpikeEvent] = []
        for tick in UInt64(0)..<300 {
            if tick % 100 < 40 {
                for channel in 0..<channels.inputChannels where rng.int(0...2) == 0 {
                    events.append(SpikeEvent(tick: tick, channel: channel))
                }
            }
            if rewards && tick % 25 == 10 {
                let value = Int32(tick % 50 == 10 ? 65536 : -32768)
                events.append(SpikeEvent(tick: tick, channel: SpikeEvent.rewardChannel, value: value))
            }
        }
        var driver = TickDriver(channels: channels, stopsOnRejection: true)
        var source = ArraySource(events)
        var sink = SpikeRecorder()
        try driver.run(&file.model.network, source: &source, sink: &sink, end: 300)
        #expect(driver.appliedEvents == events.count)
        var weights: [Int8] = []
        for j in 0..<file.model.network.projectionCount {
            weights += Array(try file.model.network.projectionSpec(j).weights)
        }
        return (sink.spikes, file.model.network.stateHash(), events, weights)
    }

    @Test(arguments: ["rstdp_nearest", "rstdp_all_soft"])
    func rewardsReachARewardModulatedRule(_ model: String) throws {
        let plain = try Self.rewardRun(model, rewards: false, seed: 5)
        let rewarded = try Self.rewardRun(model, rewards: true, seed: 5)
        #expect(rewarded.hash != plain.hash)
        #expect(rewarded.weights != plain.weights, "the rewards moved weights")

        let stepped = try Fixture.open(Fixture.blob(model))
        try stepped.model.network.setPower(PowerSettings(mode: .full))
        let expected = try ReferenceStepper(stepped.model.network)
            .run(&stepped.model.network, events: rewarded.events, until: 300)
        #expect(rewarded.spikes == expected)
        #expect(rewarded.hash == stepped.model.network.stateHash(),
                "the driver applied each reward where the hand-stepped run did")
    }
}
