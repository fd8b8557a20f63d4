import TestSupport
import Testing
import SpikeCore
@testable import GoldenSupport

/// Every projection kind delivers exactly the weights docs/SEMANTICS.md 2.3 names, at the
/// tick its delay says, in topological order within a tick. Targets are IF neurons with an
/// unreachable threshold, so their membrane is simply the sum of what arrived.
@Suite("Projections")
struct ProjectionTests {
    static let sink = NetworkBuilder.population(.integrateAndFire, threshold: Int32.max)

    func sink(_ n: Int) -> PopulationSpec {
        var p = Self.sink
        p.size = n
        return p
    }

    @Test("dense: a spike of input i adds row i, shifted")
    func dense() throws {
        let t = try TestNetwork(
            populations: [PopulationSpec(size: 2, model: .input), sink(3)],
            projections: [NetworkBuilder.projection(0, 1, shift: 2)],
            tensors: [.init(weights: [1, 2, 3, 10, -20, 127])])
        try t.net.injectSpike(population: 0, neuron: 1)
        t.net.step()
        #expect(try t.membranes(1) == [40, -80, 508])
        try t.net.injectSpike(population: 0, neuron: 0)
        try t.net.injectSpike(population: 0, neuron: 1)
        t.net.step()
        #expect(try t.membranes(1) == [40 + 44, -80 - 72, 508 + 520])
        #expect(t.net.counters.synapticEvents == 9)
    }

    @Test("sparse CSR: only the stored entries of the row, empty rows add nothing")
    func sparse() throws {
        let t = try TestNetwork(
            populations: [PopulationSpec(size: 3, model: .input), sink(4)],
            projections: [NetworkBuilder.projection(0, 1, .sparse)],
            tensors: [.init(weights: [5, -7, 9], rowPointers: [0, 1, 1, 3], columns: [3, 0, 2])])
        for i in 0..<3 { try t.net.injectSpike(population: 0, neuron: i) }
        t.net.step()
        #expect(try t.membranes(1) == [-7, 0, 9, 5])
        #expect(t.net.counters.synapticEvents == 3)
    }

    @Test("one-to-one: neuron i to neuron i with its own weight")
    func oneToOne() throws {
        let t = try TestNetwork(
            populations: [PopulationSpec(size: 3, model: .input), sink(3)],
            projections: [NetworkBuilder.projection(0, 1, .oneToOne, shift: 1)],
            tensors: [.init(weights: [3, -4, 5])])
        try t.net.injectSpike(population: 0, neuron: 2)
        try t.net.injectSpike(population: 0, neuron: 1)
        t.net.step()
        #expect(try t.membranes(1) == [0, -8, 10])
    }

    @Test("conv2d scatter equals a direct channel-last cross-correlation", arguments: [
        Conv2DGeometry(inHeight: 6, inWidth: 5, inChannels: 2, outChannels: 3,
                       kernelHeight: 3, kernelWidth: 3, strideY: 1, strideX: 1, padY: 1, padX: 1),
        Conv2DGeometry(inHeight: 8, inWidth: 8, inChannels: 2, outChannels: 4,
                       kernelHeight: 3, kernelWidth: 2, strideY: 2, strideX: 2, padY: 1, padX: 0),
        Conv2DGeometry(inHeight: 7, inWidth: 4, inChannels: 1, outChannels: 2,
                       kernelHeight: 5, kernelWidth: 1, strideY: 3, strideX: 1, padY: 2, padX: 0),
    ])
    func conv(_ g: Conv2DGeometry) throws {
        var rng = SplitMix64(seed: 42)
        let taps = g.kernelHeight * g.kernelWidth * g.inChannels * g.outChannels
        let w = (0..<taps).map { _ in Int8.random(in: -128...127, using: &rng) }
        let nIn = g.inHeight * g.inWidth * g.inChannels
        let nOut = g.outHeight * g.outWidth * g.outChannels
        var projection = NetworkBuilder.projection(0, 1, .conv2d)
        projection.conv = g
        let t = try TestNetwork(populations: [PopulationSpec(size: nIn, model: .input), sink(nOut)],
                                projections: [projection], tensors: [.init(weights: w)])
        let frame = (0..<nIn).map { _ in rng.chance(0.4) }
        for i in 0..<nIn where frame[i] { try t.net.injectSpike(population: 0, neuron: i) }
        t.net.step()
        // out[oy][ox][o] = Σ_{ky,kx,c} in[oy·s − p + ky][ox·s − p + kx][c] · w[ky][kx][c][o]
        var expected = [Int32](repeating: 0, count: nOut)
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                for o in 0..<g.outChannels {
                    var sum: Int32 = 0
                    for ky in 0..<g.kernelHeight {
                        for kx in 0..<g.kernelWidth {
                            let y = oy * g.strideY - g.padY + ky, x = ox * g.strideX - g.padX + kx
                            guard y >= 0, y < g.inHeight, x >= 0, x < g.inWidth else { continue }
                            for c in 0..<g.inChannels where frame[(y * g.inWidth + x) * g.inChannels + c] {
                                sum += Int32(w[((ky * g.kernelWidth + kx) * g.inChannels + c) * g.outChannels + o])
                            }
                        }
                    }
                    expected[(oy * g.outWidth + ox) * g.outChannels + o] = sum
                }
            }
        }
        #expect(try t.membranes(1) == expected)
    }

    @Test("axonal delay D delivers a spike exactly D ticks later", arguments: [1, 3, 7, 255])
    func delay(_ d: Int) throws {
        let t = try NetworkBuilder.chain(target: Self.sink, weights: [9], delay: d)
        let r = try NetworkBuilder.trace(t, ticks: d + 2, drive: [0])
        #expect(r.v[d - 1] == 0)
        #expect(r.v[d] == 9)
        #expect(r.v[d + 1] == 9)
    }

    @Test("recurrent self-projection sees the previous tick's spikes")
    func recurrence() throws {
        // A neuron that fires once keeps itself firing through a delay-1 self loop.
        let lif = NetworkBuilder.population(.lif, threshold: 50) { $0.reset = .zero; $0.resetTiming = .immediate }
        let t = try TestNetwork(
            populations: [PopulationSpec(size: 1, model: .input), lif],
            projections: [NetworkBuilder.projection(0, 1), NetworkBuilder.projection(1, 1, delay: 1)],
            tensors: [.init(weights: [100]), .init(weights: [60])])
        let r = try NetworkBuilder.trace(t, ticks: 6, drive: [0])
        #expect(r.spikes == [0, 1, 2, 3, 4, 5])
    }

    @Test("zero-delay chains run in topological order whatever the population order")
    func topologicalOrder() throws {
        // input 0 → 3 → 1 → 2, all delay 0: the spike crosses all three in one tick.
        let relay = NetworkBuilder.population(.lif, threshold: 10) { $0.resetTiming = .immediate }
        let t = try TestNetwork(
            populations: [PopulationSpec(size: 1, model: .input), relay, relay, relay],
            projections: [NetworkBuilder.projection(1, 2), NetworkBuilder.projection(3, 1),
                          NetworkBuilder.projection(0, 3)],
            tensors: [.init(weights: [50]), .init(weights: [50]), .init(weights: [50])])
        try t.net.injectSpike(population: 0, neuron: 0)
        t.net.step()
        #expect(try t.spikes(3) == [0] && t.spikes(1) == [0] && t.spikes(2) == [0])
    }

    @Test("several projections are summed exactly before saturating")
    func exactSumBeforeSaturation() throws {
        // 127·2^24 + (−128)·2^24 = −2^24: each term alone is beyond Int32, the sum is not.
        let t = try TestNetwork(
            populations: [PopulationSpec(size: 1, model: .input), Self.sink],
            projections: [NetworkBuilder.projection(0, 1, shift: 24), NetworkBuilder.projection(0, 1, shift: 24),
                          NetworkBuilder.projection(0, 1, shift: 24)],
            tensors: [.init(weights: [127]), .init(weights: [127]), .init(weights: [-128])])
        try t.net.injectSpike(population: 0, neuron: 0)
        t.net.step()
        #expect(try t.membranes(1) == [126 << 24])
        let big = try NetworkBuilder.chain(inputs: 2, target: Self.sink, weights: [127, 127], shift: 24)
        try big.net.injectSpike(population: 0, neuron: 0)
        try big.net.injectSpike(population: 0, neuron: 1)
        big.net.step()
        #expect(try big.membranes(1) == [Int32.max])
    }
}
