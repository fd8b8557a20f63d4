import Testing
import SpikeCore
@testable import GoldenSupport

/// Encoders (SEMANTICS.md 5) and decoders (6) as a user sees them: analog values in,
/// spikes, counts, latencies and membranes out.
@Suite("Encoders and decoders")
struct EncoderDecoderTests {
    func inputOnly(size: Int, encoder: EncoderKind, parameter: Int32 = 0,
                   decoders: [DecoderKind] = [], seed: UInt64 = 1) throws -> TestNetwork {
        try TestNetwork(
            populations: [PopulationSpec(size: size, model: .input)], projections: [], tensors: [],
            encoders: [EncoderSpec(population: 0, kind: encoder, parameter: parameter)],
            decoders: decoders.map { DecoderSpec(population: 0, kind: $0) }, seed: seed)
    }

    @Test("rate: never at 0, always at 65536, about half at 32768")
    func rate() throws {
        let t = try inputOnly(size: 3, encoder: .rate, decoders: [.count])
        try t.net.setEncoderValue(encoder: 0, channel: 0, value: 0)
        try t.net.setEncoderValue(encoder: 0, channel: 1, value: 65536)
        try t.net.setEncoderValue(encoder: 0, channel: 2, value: 32768)
        t.net.step(count: 4000)
        #expect(try t.net.decoderValue(0, neuron: 0) == 0)
        #expect(try t.net.decoderValue(0, neuron: 1) == 4000)
        let half = try t.net.decoderValue(0, neuron: 2)
        #expect(abs(half - 2000) < 160, "\(half) of 4000 (5 sigma is 158)")
    }

    @Test("rate: the same seed gives the same spikes, another seed others")
    func rateDeterminism() throws {
        func train(_ seed: UInt64) throws -> [Int] {
            let t = try inputOnly(size: 1, encoder: .rate, seed: seed)
            try t.net.setEncoderValue(encoder: 0, channel: 0, value: 20000)
            var ticks: [Int] = []
            for tick in 0..<200 { t.net.step(); if try t.spikes(0) == [0] { ticks.append(tick) } }
            return ticks
        }
        #expect(try train(5) == train(5))
        #expect(try train(5) != train(6))
    }

    @Test("latency: stronger values fire earlier, once per presentation")
    func latency() throws {
        let t = try inputOnly(size: 4, encoder: .latency, parameter: 11, decoders: [.firstSpike, .count])
        for (k, v) in [65536, 32768, 6554, 0].enumerated() {
            try t.net.setEncoderValue(encoder: 0, channel: k, value: Int32(v))
        }
        t.net.step(count: 20)
        // delay = floor((65536 − x)·(T − 1) / 65536) with T = 11
        #expect(try (0..<4).map { try t.net.decoderValue(0, neuron: $0) } == [0, 5, 8, 0xFFFF_FFFF])
        #expect(try (0..<4).map { try t.net.decoderValue(1, neuron: $0) } == [1, 1, 1, 0])
        t.net.resetDecoders()
        try t.net.setEncoderValue(encoder: 0, channel: 3, value: 65536)
        t.net.step(count: 3)
        #expect(try t.net.decoderValue(0, neuron: 3) == 0)
        #expect(try t.net.decoderValue(1, neuron: 0) == 0)
    }

    @Test("delta: ON spikes while the value rises by ≥ δ, OFF while it falls")
    func delta() throws {
        let t = try inputOnly(size: 2, encoder: .delta, parameter: 100)
        var events: [String] = []
        for x: Int32 in [0, 150, 200, 300, 300, 120, 30] {
            try t.net.setEncoderValue(encoder: 0, channel: 0, value: x)
            t.net.step()
            let s = try t.spikes(0)
            events.append(s == [0] ? "on" : s == [1] ? "off" : "-")
        }
        #expect(events == ["-", "on", "-", "on", "-", "off", "-"])
    }

    @Test("decoders: counts, first-spike ticks relative to the window, membrane")
    func decoders() throws {
        let lif = NetworkBuilder.population(.lif, threshold: 250) { $0.resetTiming = .immediate }
        var target = lif
        target.size = 2
        let t = try TestNetwork(
            populations: [PopulationSpec(size: 1, model: .input), target],
            projections: [NetworkBuilder.projection(0, 1)], tensors: [.init(weights: [100, 0])],
            decoders: [DecoderSpec(population: 1, kind: .count), DecoderSpec(population: 1, kind: .firstSpike),
                       DecoderSpec(population: 1, kind: .membrane)])
        for _ in 0..<9 { try t.net.injectSpike(population: 0, neuron: 0); t.net.step() }
        // v: 100 200 300→50 150 250 350→100 200 300→50 150: spikes at ticks 2, 5, 7
        #expect(try t.net.decoderValue(0, neuron: 0) == 3)
        #expect(try t.net.decoderValue(1, neuron: 0) == 2)
        #expect(try t.net.decoderValue(1, neuron: 1) == 0xFFFF_FFFF)
        #expect(try t.net.decoderValue(2, neuron: 0) == 150)
        t.net.resetDecoders()
        for _ in 0..<4 { try t.net.injectSpike(population: 0, neuron: 0); t.net.step() }
        // window starts at tick 9; v: 250 350→100 200 300→50: spikes at ticks 10 and 12
        #expect(try t.net.decoderValue(0, neuron: 0) == 2)
        #expect(try t.net.decoderValue(1, neuron: 0) == 1)
    }
}
