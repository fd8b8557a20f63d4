/// The tick (docs/SEMANTICS.md section 3): inputs, populations in topological order,
/// decoders, then the tick counter.
extension Network {
    /// Run one tick.
    public mutating func step() {
        guard let populations = layout.populations, let order = layout.order else { return }
        let t = tick
        runEncoders()
        for i in 0..<layout.populationCount where populations[i].spec.model == .input {
            latchInputs(populations[i], tick: t)
        }
        for k in 0..<layout.orderCount {
            let i = Int(order[k])
            deliverIncoming(populations[i], tick: t)
            gatherCurrent(populations[i])
            updateNeurons(populations[i], tick: t)
            counters.neuronUpdates &+= UInt64(truncatingIfNeeded: populations[i].size)
        }
        updateDecoders(tick: t)
        tick = t &+ 1
    }

    /// Run `count` ticks.
    public mutating func step(count: Int) {
        var k = 0
        while k < count { step(); k += 1 }
    }

    /// Phase 1 for one INPUT population: the injected (and encoded) spikes become the
    /// spikes of tick `t`, as flags and as an ascending index list.
    private func latchInputs(_ p: PopulationRuntime, tick t: UInt64) {
        guard let pending = p.pending, let spiked = p.spiked, let lists = p.spikeLists,
              let counts = p.spikeCounts else { return }
        let slot = p.slot(ofTick: t)
        let list = lists + slot &* p.size
        var count = 0
        for j in 0..<p.size {
            let s = pending[j]
            spiked[j] = s
            pending[j] = 0
            list[count] = UInt16(truncatingIfNeeded: j)
            count &+= Int(s)
        }
        counts[slot] = Int32(truncatingIfNeeded: count)
    }

    /// Phase 2.2: turn the accumulators of `p`'s projections into its input current,
    /// `I = sat32(Σ acc·2^shift)`, left in `p.current`; the other accumulators are
    /// cleared for the next tick (`current` itself is cleared by the neuron update).
    private func gatherCurrent(_ p: PopulationRuntime) {
        guard p.incomingCount > 0, let current = p.current,
              let projections = layout.projections, let incoming = layout.incoming
        else { return }
        let first = projections[Int(incoming[p.incomingStart])]
        let n = p.size
        if p.incomingCount == 1 {
            let s = Int64(first.shift)
            if s == 0 { return }
            // One straight-line expression per neuron so the loop vectorizes.
            for j in 0..<n { current[j] = FixedPoint.sat32(Int64(current[j]) &<< s) }
            return
        }
        guard let wide = layout.wideScratch else { return }
        let s0 = Int64(first.shift)
        for j in 0..<n { wide[j] = Int64(current[j]) &<< s0 }
        for k in (p.incomingStart + 1)..<(p.incomingStart + p.incomingCount) {
            let q = projections[Int(incoming[k])]
            guard let acc = q.accumulator else { continue }
            let s = Int64(q.shift)
            for j in 0..<n {
                wide[j] = wide[j] &+ (Int64(acc[j]) &<< s)
                acc[j] = 0
            }
        }
        for j in 0..<n { current[j] = FixedPoint.sat32(wide[j]) }
    }

    /// Dispatch phase 2.3 on the population's model.
    private mutating func updateNeurons(_ p: PopulationRuntime, tick t: UInt64) {
        let emitted: Int
        switch p.spec.model {
        case .input:
            return
        case .lif, .cuba, .integrateAndFire, .adaptiveLIF:
            emitted = updateLIFFamily(p, tick: t)
        case .leakyIntegrator:
            emitted = updateLeakyIntegrator(p, tick: t)
        case .izhikevich:
            emitted = updateIzhikevich(p, tick: t)
        }
        counters.spikes &+= UInt64(truncatingIfNeeded: emitted)
    }

    /// Where `p`'s spike list of tick `t` goes, and the slot's count cell.
    @inline(__always)
    func spikeListSlot(_ p: PopulationRuntime, tick t: UInt64)
        -> (list: UnsafeMutablePointer<UInt16>, count: UnsafeMutablePointer<Int32>)?
    {
        guard let lists = p.spikeLists, let counts = p.spikeCounts else { return nil }
        let slot = p.slot(ofTick: t)
        return (lists + slot &* p.size, counts + slot)
    }
}
