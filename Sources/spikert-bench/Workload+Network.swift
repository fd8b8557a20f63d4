import SpikeCore

/// The SpikeRT network of a workload: its populations (INPUT, LIF with delayed subtract
/// reset, or Izhikevich; no refractory period, no bias) and projections as the file
/// gives them, PRNG seed 0, no encoders (the runner injects the input frames). With
/// `learning`, every projection also learns: the "W-A+STDP" row of WORKLOADS.md.
extension Workload {
    /// Bytes of arena the network needs (SpikeCore's own size query). `tensorsInPlace`
    /// asks for a network that reads its weight and CSR tensors where they are instead
    /// of copying them (read-only flash); learned weights are copied all the same.
    func arenaSize(learning: Bool = false, tensorsInPlace: Bool = false) throws(BenchError) -> Int {
        try withSpec(learning, tensorsInPlace: tensorsInPlace) { spec throws(SpikeError) in
            try Network.arenaSize(for: spec)
        }
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
    private func withSpec<R: ~Copyable>(_ learning: Bool, tensorsInPlace: Bool = false,
                                        _ body: (NetworkSpec) throws(SpikeError) -> R)
        throws(BenchError) -> R
    {
        let populationSpecs = UnsafeMutableBufferPointer<PopulationSpec>.allocate(
            capacity: populations.count)
        for (k, p) in populations.enumerated() {
            (populationSpecs.baseAddress! + k).initialize(to: p.spec)
        }
        let projectionSpecs = UnsafeMutableBufferPointer<ProjectionSpec>.allocate(
            capacity: projections.count)
        for (j, q) in projections.enumerated() {
            (projectionSpecs.baseAddress! + j).initialize(to: q.spec)
        }
        let rules = UnsafeMutableBufferPointer<PlasticitySpec>.allocate(
            capacity: learning ? projections.count : 0)
        if learning {
            for j in 0..<projections.count {
                (rules.baseAddress! + j).initialize(to: Workload.benchmarkRule(projection: j))
            }
        }
        defer {
            populationSpecs.deallocate()
            projectionSpecs.deallocate()
            rules.deallocate()
        }
        var spec = NetworkSpec(populations: UnsafeBufferPointer(populationSpecs),
                               projections: UnsafeBufferPointer(projectionSpecs))
        spec.plasticity = UnsafeBufferPointer(rules)
        spec.tensorsInPlace = tensorsInPlace
        do throws(SpikeError) {
            return try body(spec)
        } catch {
            throw Workload.describe(error)
        }
    }

    static func describe(_ error: SpikeError) -> BenchError {
        BenchError("SpikeCore status \(error.status.rawValue), index \(error.index), field \(error.field)")
    }
}
