import SpikeCore

/// Running a golden case through SpikeCore and producing the same `expected` record the
/// numpy reference writes, so the two can be compared field by field.
extension GoldenCase {
    func makeNetwork() throws -> TestNetwork {
        var projectionSpecs: [ProjectionSpec] = []
        var tensors: [TestNetwork.Tensors] = []
        for p in projections {
            var spec = ProjectionSpec(source: p.source, target: p.target,
                                      kind: try p.projectionKind,
                                      weights: UnsafeBufferPointer(start: nil, count: 0))
            spec.delay = p.delay
            spec.shift = p.shift
            spec.conv = p.geometry
            projectionSpecs.append(spec)
            tensors.append(.init(weights: p.weights, rowPointers: p.rowPtr, columns: p.col))
        }
        return try TestNetwork(
            populations: try populations.map { try $0.spec },
            projections: projectionSpecs, tensors: tensors,
            encoders: try encoders.map { try $0.spec },
            decoders: try decoders.map { try $0.spec },
            seed: seedValue)
    }

    /// Populations whose membranes are traced: non-input, at most 64 neurons.
    var tracedPopulations: [Int] {
        populations.indices.filter { populations[$0].model != "input" && populations[$0].size <= 64 }
    }

    /// Step the case through SpikeCore and record what the reference records.
    func run() throws -> Expected {
        let t = try makeNetwork()
        let spikesByTick = Dictionary(grouping: inputs.spikes, by: { $0[0] })
        let valuesByTick = Dictionary(grouping: inputs.values, by: { Int($0[0]) })
        var spikes: [[Int]] = []
        var membrane: [String: [[Int32]]] = [:]
        let traced = tracedPopulations
        for tick in 0..<ticks {
            for s in spikesByTick[tick] ?? [] {
                try t.net.injectSpike(population: s[1], neuron: s[2])
            }
            for v in valuesByTick[tick] ?? [] {
                try t.net.setEncoderValue(encoder: Int(v[1]), channel: Int(v[2]),
                                          value: Int32(v[3]))
            }
            t.net.step()
            for p in populations.indices {
                for j in try t.spikes(p) { spikes.append([tick, p, j]) }
            }
            for p in traced {
                membrane[String(p), default: []].append(try t.membranes(p))
            }
        }
        var decoderValues: [[Int64]] = []
        for (d, dec) in decoders.enumerated() {
            let n = populations[dec.population].size
            var row: [Int64] = []
            for j in 0..<n { row.append(try t.net.decoderValue(d, neuron: j)) }
            decoderValues.append(row)
        }
        let c = t.net.counters
        return Expected(
            spikes: spikes, membrane: membrane, decoders: decoderValues,
            counters: Counters(synapticEvents: c.synapticEvents,
                               neuronUpdates: c.neuronUpdates, spikes: c.spikes),
            finalHash: "0x" + String(t.net.stateHash(), radix: 16).leftPadded(to: 16))
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
