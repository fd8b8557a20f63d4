import TestSupport
import Testing
import SpikeCore
@testable import GoldenSupport

/// Exact quiescence (docs/SEMANTICS.md 12.1): a 10,000-tick run with long silences gives
/// the same spikes, weights, traces, thresholds, state hash and counters whether every
/// tick is computed (FULL), resting work is skipped tick by tick (NORMAL), or the
/// silences are jumped over with `idle` — and the skipping runs update far fewer neurons.
@Suite struct QuiescenceTests {
    static let ticks = 10_000
    static let bursts = [0, 2_100, 4_300, 6_200, 8_400]
    static let burstLength = 40

    /// Input 16 → ALIF 32 (adaptive thresholds, STDP + normalization on its input) →
    /// LIF 8 (all-to-all STDP, soft bounds, delay 3), and lateral inhibition inside the
    /// ALIF population (delay 1).
    static func makeNetwork(_ mode: PowerMode) throws -> TestNetwork {
        var rng = SplitMix64(seed: 7)
        let hidden = NetworkBuilder.population(.adaptiveLIF, size: 32, threshold: 900, beta: 52_000) {
            $0.adaptIncrement = 300
            $0.adaptDecay = 58_000
            $0.refractory = 2
        }
        let output = NetworkBuilder.population(.lif, size: 8, threshold: 1_500, beta: 55_000)
        let w0 = (0..<(16 * 32)).map { _ in Int8(rng.int(0...90)) }
        let inhibit = (0..<(32 * 32)).map { k in Int8(k / 32 == k % 32 ? 0 : -40) }
        let w1 = (0..<(32 * 8)).map { _ in Int8(rng.int(0...100)) }
        var stdp = PlasticitySpec(projection: 0, rule: .stdpNearest)
        stdp.aPlus = 20_000; stdp.aMinus = 12_000
        stdp.decayPre = 61_000; stdp.decayPost = 60_000
        stdp.wMin = 0; stdp.wMax = 110; stdp.normTarget = 700
        var soft = PlasticitySpec(projection: 2, rule: .stdpAllToAll)
        soft.aPlus = 30_000; soft.aMinus = 25_000
        soft.decayPre = 62_000; soft.decayPost = 61_000
        soft.wMin = 0; soft.wMax = 127; soft.bounds = .soft
        return try TestNetwork(
            populations: [PopulationSpec(size: 16, model: .input), hidden, output],
            projections: [NetworkBuilder.projection(0, 1, shift: 2),
                          NetworkBuilder.projection(1, 1, delay: 1, shift: 2),
                          NetworkBuilder.projection(1, 2, delay: 3, shift: 2)],
            tensors: [.init(weights: w0), .init(weights: inhibit), .init(weights: w1)],
            plasticity: [stdp, soft], power: PowerSettings(mode: mode), seed: 11)
    }

    struct Outcome: Equatable {
        var spikes: [[Int]] = []
        var weights: [[Int8]] = []
        var hash: UInt64 = 0
        var counters = NetworkCounters()
        var quiescentTicks = 0
    }

    /// Bursts of random input spikes; between them either step every tick or, with
    /// `jump`, idle over the rest of a silence in one call once the network is
    /// quiescent (as a host that sleeps until its next input would).
    static func run(_ mode: PowerMode, jump: Bool) throws -> Outcome {
        let t = try makeNetwork(mode)
        var rng = SplitMix64(seed: 99)
        var out = Outcome()
        while Int(t.net.tick) < ticks {
            let tick = Int(t.net.tick)
            let inBurst = bursts.contains { tick >= $0 && tick < $0 + burstLength }
            if !inBurst && jump && t.net.isQuiescent {
                let next = bursts.first { $0 > tick } ?? ticks
                t.net.idle(steps: UInt64(next - tick))
                continue
            }
            if inBurst {
                for j in 0..<16 where rng.chance(0.3) { try t.net.injectSpike(population: 0, neuron: j) }
            }
            t.net.step()
            if t.net.isQuiescent { out.quiescentTicks += 1 }
            for p in 0..<3 {
                for j in try t.net.spikes(population: p) { out.spikes.append([tick, p, Int(j)]) }
            }
        }
        out.weights = try [0, 2].map { Array(try t.net.projectionSpec($0).weights) }
        out.hash = t.net.stateHash()
        out.counters = t.net.counters
        return out
    }

    @Test func skippingIsBitIdenticalAndSavesNeuronUpdates() throws {
        let full = try Self.run(.full, jump: false)
        let normal = try Self.run(.normal, jump: false)
        let jumped = try Self.run(.normal, jump: true)

        // The run must actually learn and actually fall silent, or the test proves nothing.
        let initial = try Self.makeNetwork(.full)
        #expect(full.weights[0] != Array(try initial.net.projectionSpec(0).weights))
        #expect(full.weights[1] != Array(try initial.net.projectionSpec(2).weights))
        #expect(full.counters.plasticityUpdates > 0)
        #expect(full.spikes.count > 100)
        #expect(normal.quiescentTicks > Self.ticks / 2)

        for other in [normal, jumped] {
            let k = GoldenComparison.firstDifference(full.spikes, other.spikes)
            #expect(k == full.spikes.count && k == other.spikes.count,
                    "spikes differ at entry \(k) of \(full.spikes.count)")
            #expect(other.weights == full.weights)
            #expect(other.hash == full.hash)
            #expect(other.counters.synapticEvents == full.counters.synapticEvents)
            #expect(other.counters.spikes == full.counters.spikes)
            #expect(other.counters.inputSpikes == full.counters.inputSpikes)
            #expect(other.counters.plasticityUpdates == full.counters.plasticityUpdates)
            // ≥ 90 % fewer neuron updates than computing every tick.
            #expect(other.counters.neuronUpdates * 10 <= full.counters.neuronUpdates)
        }
        #expect(full.counters.skippedTicks == 0)
        #expect(full.counters.neuronUpdates == UInt64(Self.ticks * 40))
        #expect(normal.counters.skippedTicks == jumped.counters.skippedTicks)
        #expect(normal.counters.skippedTicks > 0)
        #expect(normal.counters.neuronUpdates == jumped.counters.neuronUpdates)
        // The numbers docs/BENCHMARKS.md reports, in the test log.
        print("quiescence: \(full.spikes.count) spikes, plasticity updates "
            + "\(full.counters.plasticityUpdates); neuron updates FULL "
            + "\(full.counters.neuronUpdates), NORMAL \(normal.counters.neuronUpdates); "
            + "skipped ticks \(normal.counters.skippedTicks) of \(Self.ticks)")
    }

    @Test func idleOnAQuiescentNetworkIsOneJump() throws {
        let t = try Self.makeNetwork(.normal)
        let quiescent = t.net.isQuiescent
        #expect(quiescent)
        let before = t.net.stateHash()
        t.net.idle(steps: 1 << 40)
        let tick = t.net.tick, counters = t.net.counters, after = t.net.stateHash()
        #expect(tick == 1 << 40)
        #expect(counters.skippedTicks == 1 << 40)
        #expect(counters.neuronUpdates == 0)
        #expect(after != before)  // the tick is hashed
        try t.net.injectSpike(population: 0, neuron: 3)
        let stillQuiescent = t.net.isQuiescent
        #expect(!stillQuiescent)
    }
}
