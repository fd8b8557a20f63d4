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
            plasticity: try (plasticity ?? []).map { try $0.spec },
            power: try power?.settings ?? PowerSettings(),
            seed: seedValue)
    }

    /// Projections with a learning rule, whose final weights the reference records.
    var plasticProjections: [Int] { (plasticity ?? []).map(\.projection).sorted() }

    /// Populations whose membranes are traced: non-input, at most 64 neurons.
    var tracedPopulations: [Int] {
        populations.indices.filter { populations[$0].model != "input" && populations[$0].size <= 64 }
    }

    /// Step the case through SpikeCore and record what the reference records.
    func run() throws -> Expected {
        let t = try makeNetwork()
        return try run(on: &t.net)
    }

    /// Step the case on `net` (built from this case, directly or from a blob), from
    /// tick `from` to tick `to` (default: all ticks), recording into `record`.
    func run(on net: inout Network) throws -> Expected {
        var record = Recording()
        try run(on: &net, from: 0, to: ticks, into: &record)
        return try record.finish(self, net)
    }

    /// What a run has recorded so far (spikes and membrane traces).
    struct Recording {
        var spikes: [[Int]] = []
        var membrane: [String: [[Int32]]] = [:]
        var quiescent = ""

        func finish(_ c: GoldenCase, _ net: borrowing Network) throws -> Expected {
            var decoderValues: [[Int64]] = []
            for (d, dec) in c.decoders.enumerated() {
                let n = c.populations[dec.population].size
                var row: [Int64] = []
                for j in 0..<n { row.append(try net.decoderValue(d, neuron: j)) }
                decoderValues.append(row)
            }
            let counters = net.counters
            var weights: [String: [Int8]] = [:]
            for j in c.plasticProjections {
                weights[String(j)] = Array(try net.projectionSpec(j).weights)
            }
            return Expected(
                spikes: spikes, membrane: membrane, decoders: decoderValues,
                counters: Counters(synapticEvents: counters.synapticEvents,
                                   neuronUpdates: counters.neuronUpdates, spikes: counters.spikes,
                                   inputSpikes: counters.inputSpikes,
                                   skippedTicks: counters.skippedTicks,
                                   plasticityUpdates: counters.plasticityUpdates),
                finalHash: "0x" + String(net.stateHash(), radix: 16).leftPadded(to: 16),
                weights: c.plasticProjections.isEmpty ? nil : weights,
                quiescent: quiescent)
        }
    }

    func run(on net: inout Network, from: Int, to: Int, into record: inout Recording) throws {
        let spikesByTick = Dictionary(grouping: inputs.spikes, by: { $0[0] })
        let valuesByTick = Dictionary(grouping: inputs.values, by: { Int($0[0]) })
        var actionsByStep: [Int: [[GoldenScalar]]] = [:]
        for a in inputs.actions ?? [] { actionsByStep[Int(try a[0].int), default: []].append(a) }
        let traced = tracedPopulations
        for step in from..<to {
            for a in actionsByStep[step] ?? [] { try apply(a, to: &net) }
            for s in spikesByTick[step] ?? [] {
                try net.injectSpike(population: s[1], neuron: s[2])
            }
            for v in valuesByTick[step] ?? [] {
                try net.setEncoderValue(encoder: Int(v[1]), channel: Int(v[2]), value: Int32(v[3]))
            }
            let tick = Int(net.tick)
            net.step()
            for p in populations.indices {
                for j in try net.spikes(population: p) { record.spikes.append([tick, p, Int(j)]) }
            }
            record.quiescent.append(net.isQuiescent ? "1" : "0")
            for p in traced {
                let n = try net.populationSize(p)
                var row: [Int32] = []
                for j in 0..<n { row.append(try net.membrane(population: p, neuron: j)) }
                record.membrane[String(p), default: []].append(row)
            }
        }
    }
}

extension GoldenCase {
    /// One `actions` entry of Golden/README.md.
    func apply(_ action: [GoldenScalar], to net: inout Network) throws {
        let name = try action[1].text
        func int(_ k: Int) throws -> Int64 { try action[k].int }
        switch name {
        case "reward": try net.reward(Int32(try int(2)))
        case "idle": net.idle(steps: UInt64(try int(2)))
        case "power":
            var settings = net.power
            settings.mode = try GoldenCase.Power.mode(try action[2].text)
            if settings.mode == .low { settings.fold = Int(try int(3)) }
            try net.setPower(settings)
        case "threshold_scale":
            var settings = net.power
            settings.thresholdScale = Int32(try int(2))
            try net.setPower(settings)
        case "learning": try net.setLearning(rule: Int(try int(2)), enabled: try int(3) != 0)
        case "param":
            try net.setPlasticityParameter(
                rule: Int(try int(2)), try GoldenCase.Plasticity.parameter(try action[3].text),
                to: Int32(try int(4)))
        case "reset_decoders": net.resetDecoders()
        default: throw GoldenFormatError.unknown("action", name)
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
