import SpikeCore
@testable import GoldenSupport

/// Small fixtures for behaviour tests: an input population feeding one population
/// through one projection, built in a line.
enum NetworkBuilder {
    static func population(_ model: NeuronModel, size: Int = 1, threshold: Int32 = 1000,
                           beta: Int32 = 65536, configure: (inout PopulationSpec) -> Void = { _ in })
        -> PopulationSpec
    {
        var p = PopulationSpec(size: size, model: model)
        p.threshold = threshold
        p.beta = beta
        configure(&p)
        return p
    }

    static func projection(_ source: Int, _ target: Int, _ kind: ProjectionKind = .dense,
                           delay: Int = 0, shift: Int = 0) -> ProjectionSpec {
        var p = ProjectionSpec(source: source, target: target, kind: kind,
                               weights: UnsafeBufferPointer(start: nil, count: 0))
        p.delay = delay
        p.shift = shift
        return p
    }

    /// Input (`inputs` neurons) → `target` through a dense projection of `weights`.
    static func chain(inputs: Int = 1, target: PopulationSpec, weights: [Int8], shift: Int = 0,
                      delay: Int = 0) throws(SpikeError) -> TestNetwork {
        try TestNetwork(
            populations: [PopulationSpec(size: inputs, model: .input), target],
            projections: [projection(0, 1, delay: delay, shift: shift)],
            tensors: [.init(weights: weights)])
    }

    /// Membrane trace and spike ticks of neuron 0 of population 1 over `ticks`, with
    /// input neuron 0 spiking at the ticks in `drive`.
    static func trace(_ t: TestNetwork, ticks: Int, drive: Set<Int> = [])
        throws(SpikeError) -> (v: [Int32], spikes: [Int])
    {
        var v: [Int32] = [], spikes: [Int] = []
        for tick in 0..<ticks {
            if drive.contains(tick) { try t.net.injectSpike(population: 0, neuron: 0) }
            t.net.step()
            v.append(try t.net.membrane(population: 1, neuron: 0))
            if try t.spikes(1).contains(0) { spikes.append(tick) }
        }
        return (v, spikes)
    }
}
