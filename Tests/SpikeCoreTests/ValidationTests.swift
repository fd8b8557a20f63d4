import Testing
import SpikeCore
@testable import GoldenSupport

/// Bad descriptions and bad run-time arguments give a status naming the element and the
/// field, never a trap (SEMANTICS.md section 9).
@Suite("Validation and run-time errors")
struct ValidationTests {
    func build(_ pops: [PopulationSpec], _ projs: [ProjectionSpec] = [],
               _ tensors: [TestNetwork.Tensors] = [], encoders: [EncoderSpec] = [],
               decoders: [DecoderSpec] = []) -> SpikeError? {
        do {
            _ = try TestNetwork(populations: pops, projections: projs, tensors: tensors,
                                encoders: encoders, decoders: decoders)
            return nil
        } catch { return error }
    }

    static let input = PopulationSpec(size: 2, model: .input)
    static let lif = NetworkBuilder.population(.lif, size: 2)

    @Test("population parameters out of range")
    func populations() {
        func bad(_ f: (inout PopulationSpec) -> Void) -> SpikeError? {
            var p = Self.lif
            f(&p)
            return build([Self.input, p])
        }
        #expect(bad { $0.size = 0 } == SpikeError(.invalidPopulation, index: 1))
        #expect(bad { $0.size = 65536 }?.field.description == "size")
        #expect(bad { $0.beta = 65537 }?.field.description == "beta")
        #expect(bad { $0.alpha = -1 }?.field.description == "alpha")
        #expect(bad { $0.adaptDecay = 70000 }?.field.description == "adapt_decay")
        #expect(bad { $0.refractory = 65536 }?.field.description == "refractory")
        #expect(bad { $0.izhA = (1 << 20) + 1 }?.field.description == "izh_a")
        #expect(bad { $0.izhB = -(1 << 20) - 1 }?.field.description == "izh_b")
        #expect(build([]) == SpikeError(.limitExceeded, index: 0))
    }

    @Test("projection shapes and endpoints")
    func projections() {
        let p = NetworkBuilder.projection
        let w4 = TestNetwork.Tensors(weights: [1, 2, 3, 4])
        #expect(build([Self.input, Self.lif], [p(0, 1, .dense, 0, 0)], [.init(weights: [1, 2, 3])])
            == SpikeError(.invalidProjection, index: 0))
        #expect(build([Self.input, Self.lif], [p(0, 5, .dense, 0, 0)], [w4])?.field.description == "target")
        #expect(build([Self.input, Self.lif], [p(1, 0, .dense, 0, 0)], [w4])?.field.description == "target")
        #expect(build([Self.input, Self.lif], [p(0, 1, .dense, 256, 0)], [w4])?.field.description == "delay")
        #expect(build([Self.input, Self.lif], [p(0, 1, .dense, 0, 25)], [w4])?.field.description == "shift")
        #expect(build([Self.input, Self.lif], [p(1, 1, .dense, 0, 0)], [w4])?.status == .zeroDelayCycle)
        #expect(build([Self.input, Self.lif], [p(0, 1, .sparse, 0, 0)],
                      [.init(weights: [1], rowPointers: [0, 1, 2], columns: [0])])?.field.description == "row_ptr")
        #expect(build([Self.input, Self.lif], [p(0, 1, .sparse, 0, 0)],
                      [.init(weights: [1, 1], rowPointers: [0, 2, 2], columns: [1, 1])])?.field.description == "col")
        #expect(build([Self.input, Self.lif], [p(0, 1, .sparse, 0, 0)],
                      [.init(weights: [1], rowPointers: [0, 1, 1], columns: [2])])?.field.description == "col")
        var conv = p(0, 1, .conv2d, 0, 0)
        conv.conv = Conv2DGeometry(inHeight: 1, inWidth: 2, inChannels: 1, outChannels: 1,
                                   kernelHeight: 1, kernelWidth: 1, padY: 1)
        #expect(build([Self.input, Self.lif], [conv], [.init(weights: [1])])?.field.description == "conv")
    }

    @Test("a zero-delay cycle is found; the same loop with a delay is fine")
    func cycles() {
        let p = NetworkBuilder.projection
        let w = TestNetwork.Tensors(weights: [1, 1, 1, 1])
        #expect(build([Self.input, Self.lif, Self.lif], [p(0, 1, .dense, 0, 0), p(1, 2, .dense, 0, 0),
                                                          p(2, 1, .dense, 0, 0)], [w, w, w])
            == SpikeError(.zeroDelayCycle, index: 1))
        #expect(build([Self.input, Self.lif, Self.lif], [p(0, 1, .dense, 0, 0), p(1, 2, .dense, 0, 0),
                                                          p(2, 1, .dense, 1, 0)], [w, w, w]) == nil)
    }

    @Test("encoders and decoders")
    func encodersDecoders() {
        let odd = PopulationSpec(size: 3, model: .input)
        #expect(build([odd], encoders: [EncoderSpec(population: 0, kind: .delta, parameter: 5)])?
            .field.description == "threshold")
        #expect(build([Self.input], encoders: [EncoderSpec(population: 0, kind: .latency, parameter: 0)])?
            .field.description == "window")
        #expect(build([Self.input, Self.lif], [NetworkBuilder.projection(0, 1)], [.init(weights: [1, 1, 1, 1])],
                      encoders: [EncoderSpec(population: 1, kind: .rate)])?.status == .invalidEncoder)
        #expect(build([Self.input], encoders: [EncoderSpec(population: 0, kind: .rate),
                                                EncoderSpec(population: 0, kind: .rate)])
            == SpikeError(.invalidEncoder, index: 1))
        #expect(build([Self.input], decoders: [DecoderSpec(population: 0, kind: .membrane)])?.status
            == .invalidDecoder)
        #expect(build([Self.input], decoders: [DecoderSpec(population: 3, kind: .count)])?.status
            == .invalidDecoder)
    }

    @Test("run-time indices out of range are errors, not traps")
    func runtime() throws {
        let t = try NetworkBuilder.chain(inputs: 2, target: Self.lif, weights: [1, 2, 3, 4])
        #expect(throws: SpikeError(.outOfRange, index: 2)) { try t.net.injectSpike(population: 0, neuron: 2) }
        #expect(throws: SpikeError(.outOfRange, index: -1)) { try t.net.injectSpike(population: 0, neuron: -1) }
        #expect(throws: SpikeError(.wrongState, index: 1)) { try t.net.injectSpike(population: 1, neuron: 0) }
        #expect(throws: SpikeError(.outOfRange, index: 9)) { _ = try t.net.spikes(population: 9) }
        #expect(throws: SpikeError(.wrongState, index: 0)) { _ = try t.net.membrane(population: 0, neuron: 0) }
        #expect(throws: SpikeError(.outOfRange, index: 0)) { try t.net.setEncoderValue(encoder: 0, channel: 0, value: 1) }
        #expect(throws: SpikeError(.outOfRange, index: 0)) { _ = try t.net.decoderValue(0, neuron: 0) }
    }
}
