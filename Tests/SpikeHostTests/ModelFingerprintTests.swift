import TestSupport
import Foundation
import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel
import Testing

@Suite struct ModelFingerprintTests {
    static func weights(_ net: borrowing Network) throws -> [Int8] {
        var all: [Int8] = []
        for j in 0..<net.projectionCount { all += Array(try net.projectionSpec(j).weights) }
        return all
    }

    /// A model with STDP, run on random input until its weights changed, is saved and
    /// read back: the checkpoint belongs to the model it came from.
    @Test(arguments: ["stdp_nearest_soft", "stdp_all_hard", "rstdp_nearest"])
    func aModelAndItsOwnCheckpointAfterLearningShareTheFingerprint(_ name: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pristine = try Fixture.open(Fixture.blob(name))
        let file = try Fixture.open(Fixture.blob(name))
        let before = try Self.weights(file.model.network)
        for r in 0..<file.model.network.plasticityCount {
            try file.model.network.setLearning(rule: r, enabled: true)
        }
        let channels = try ChannelMap(file.model.network)
        var rng = SplitMix64(seed: 0xF1A9)
        var events: [SpikeEvent] = []
        for tick in UInt64(0)..<400 {
            for channel in 0..<channels.inputChannels where rng.int(0...3) == 0 {
                events.append(SpikeEvent(tick: tick, channel: channel))
            }
            if name.hasPrefix("rstdp") && tick % 20 == 19 {
                events.append(SpikeEvent(tick: tick, channel: SpikeEvent.rewardChannel, value: 65536))
            }
        }
        var driver = TickDriver(channels: channels, stopsOnRejection: true)
        var source = ArraySource(events)
        var sink = SpikeRecorder()
        try driver.run(&file.model.network, source: &source, sink: &sink, end: nil)
        #expect(try Self.weights(file.model.network) != before, "learning changed the weights")

        var checkpointer = Checkpointer(path: directory.path + "/checkpoint.spkb")
        if case .failure(let failure) = checkpointer.save(file.model) { throw FixtureError(failure.message) }
        let checkpoint = try Fixture.open(checkpointer.path)
        #expect(checkpoint.model.restoredState == true)
        #expect(try Self.weights(checkpoint.model.network) != before)
        #expect(ModelFingerprint.of(checkpoint.model) == ModelFingerprint.of(pristine.model))
        #expect(ModelFingerprint.of(file.model) == ModelFingerprint.of(pristine.model))
    }

    @Test func differentModelsHaveDifferentFingerprints() throws {
        let names = ["stdp_nearest_soft", "stdp_all_hard", "rstdp_nearest", "lif_zero_immediate",
                     "proj_dense_two_layer", "medium_dense_64_128_10"]
        var prints: [UInt64] = [ModelFingerprint.of(try Fixture.open(Fixture.motion).model)]
        for name in names { prints.append(ModelFingerprint.of(try Fixture.open(Fixture.blob(name)).model)) }
        #expect(Set(prints).count == prints.count, "\(zip(["motion"] + names, prints).map { "\($0)=\($1)" })")
    }

    @Test func theFingerprintIsTheSameForEveryLoadOfAFile() throws {
        let a = ModelFingerprint.of(try Fixture.open(Fixture.motion).model)
        let b = ModelFingerprint.of(try Fixture.open(Fixture.motion).model)
        #expect(a == b)
    }
}
