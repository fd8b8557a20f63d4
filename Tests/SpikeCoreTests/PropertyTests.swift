import Testing
import SpikeCore
@testable import GoldenSupport

/// A million ticks over random networks with extreme parameters and weights: nothing may
/// trap (a trap would kill the test process), results must be deterministic, and a
/// sampled subset must agree bit for bit with the independent numpy reference.
@Suite("Random networks")
struct PropertyTests {
    static let networks = 2040
    static let ticksPerNetwork = 500
    static let sampleEvery = 50
    static let sampledTicks = 200

    @Test("1,000,000 ticks without a trap; sampled networks match the reference")
    func millionTicks() throws {
        var generator = RandomCaseGenerator(seed: 0x5EED_0001)
        var sampled: [GoldenCase] = []
        var actual: [GoldenCase.Expected] = []
        var totalTicks = 0
        var totalSpikes: UInt64 = 0
        for n in 0..<Self.networks {
            var c = generator.network(name: "random_\(n)")
            let sample = n % Self.sampleEvery == 0
            c.ticks = sample ? Self.sampledTicks : Self.ticksPerNetwork
            c.inputs = generator.inputs(for: c, ticks: c.ticks)
            let result = try c.run()
            totalTicks += c.ticks
            totalSpikes += result.counters.spikes
            for (p, pop) in c.populations.enumerated() where pop.model == "li" {
                #expect(!result.spikes.contains { $0[1] == p }, "LI population spiked in \(c.name)")
            }
            if sample {
                let again = try c.run()
                #expect(again.finalHash == result.finalHash, "\(c.name) is not deterministic")
                sampled.append(c)
                actual.append(result)
            }
        }
        #expect(totalTicks >= 1_000_000, "only \(totalTicks) ticks")
        #expect(totalSpikes > 0)

        let reference = try ReferenceRunner.run(sampled)
        #expect(reference.count == sampled.count)
        for (c, (ref, got)) in zip(sampled, zip(reference, actual)) {
            let expected = try #require(ref.expected)
            let diffs = GoldenComparison.differences(expected: expected, actual: got)
            #expect(diffs.isEmpty, "\(c.name): \(diffs.joined(separator: "; "))")
        }
    }
}
