import SpikeCore

/// The SpikeRT network of a workload: population 0 is INPUT, every layer a LIF
/// population (delayed subtract reset, no refractory period, no bias) fed by one DENSE
/// projection from the layer before, zero delay, PRNG seed 0. With `learning`, every
/// projection also learns: the "W-A+STDP" row of WORKLOADS.md.
extension Workload {
    /// Bytes of arena the network needs.
    func arenaSize(learning: Bool = false) throws(BenchError) -> Int {
        try withSpec(learning) { spec throws(SpikeError) in try Network.arenaSize(for: spec) }
    }

    /// The network placed in `arena` (weights copied into it, as a RAM-resident model).
    func makeNetwork(arena: UnsafeMutableRawBufferPointer, learning: Bool = false)
        throws(BenchError) -> Network
    {
        try withSpec(learning) { spec throws(SpikeError) in try Network(spec: spec, arena: arena) }
    }

    /// The benchmark's learning rule: pair STDP with nearest-spike traces, τ = 20 ticks
    /// both ways (decay round(e^(-1/20)·65536)), additive steps of 1/16 weight step
    /// potentiation and slightly more depression, hard bounds at the int8 limits (so
    /// the workloads' inhibitory weights stay possible).
    static func benchmarkRule(projection: Int) -> PlasticitySpec {
        var r = PlasticitySpec(projection: projection, rule: .stdpNearest)
        r.aPlus = 4096
        r.aMinus = 4300
        r.decayPre = 62339
        r.decayPost = 62339
        r.wMin = -128
        r.wMax = 127
        return r
    }

    /// Run `body` with the workload's description; the description's buffers live only
    /// for the call (the network copies the weights into its arena).
    private func withSpec<R: ~Copyable>(_ learning: Bool,
                                        _ body: (NetworkSpec) throws(SpikeError) -> R)
        throws(BenchError) -> R
    {
        let populations = populationSpecs()
        let projections = projectionSpecs()
        let rules = UnsafeMutableBufferPointer<PlasticitySpec>.allocate(
            capacity: learning ? layers.count : 0)
        if learning {
            for l in 0..<layers.count {
                (rules.baseAddress! + l).initialize(to: Workload.benchmarkRule(projection: l))
            }
        }
        defer {
            populations.deallocate()
            projections.deallocate()
            rules.deallocate()
        }
        var spec = NetworkSpec(populations: UnsafeBufferPointer(populations),
                               projections: UnsafeBufferPointer(projections))
        spec.plasticity = UnsafeBufferPointer(rules)
        do throws(SpikeError) {
            return try body(spec)
        } catch {
            throw Workload.describe(error)
        }
    }

    static func describe(_ error: SpikeError) -> BenchError {
        BenchError("SpikeCore status \(error.status.rawValue), index \(error.index), field \(error.field)")
    }

    private func populationSpecs() -> UnsafeMutableBufferPointer<PopulationSpec> {
        let specs = UnsafeMutableBufferPointer<PopulationSpec>.allocate(capacity: sizes.count)
        specs.baseAddress!.initialize(to: PopulationSpec(size: sizes[0], model: .input))
        for l in 1..<sizes.count {
            var p = PopulationSpec(size: sizes[l], model: .lif)
            p.threshold = layers[l - 1].threshold
            p.beta = layers[l - 1].beta
            p.reset = .subtract
            p.resetTiming = .delayed
            (specs.baseAddress! + l).initialize(to: p)
        }
        return specs
    }

    private func projectionSpecs() -> UnsafeMutableBufferPointer<ProjectionSpec> {
        let specs = UnsafeMutableBufferPointer<ProjectionSpec>.allocate(capacity: layers.count)
        for l in 1..<sizes.count {
            let w = UnsafeBufferPointer(start: weights[l - 1], count: sizes[l - 1] * sizes[l])
            var q = ProjectionSpec(source: l - 1, target: l, kind: .dense, weights: w)
            q.shift = layers[l - 1].shift
            (specs.baseAddress! + (l - 1)).initialize(to: q)
        }
        return specs
    }
}
