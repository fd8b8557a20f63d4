/// The step (docs/SEMANTICS.md section 3): inputs, populations in topological order,
/// plasticity, decoders, then the tick and step counters — unless the network is
/// quiescent, when the step costs nothing (section 12.1).
extension Network {
    /// Run one step: one tick, or `fold` ticks in the low-power mode.
    public mutating func step() {
        guard let populations = layout.populations, let order = layout.order else { return }
        let skipping = power.mode != .full
        if skipping && isQuiescent {
            skipQuiescentSteps(1)
            return
        }
        let t = tick, h = stepIndex
        runEncoders()
        for i in 0..<layout.populationCount where populations[i].spec.model == .input {
            latchInputs(populations + i, step: h)
        }
        pendingInputs = false
        for k in 0..<layout.orderCount {
            let p = populations + Int(order[k])
            if skipping && p.pointee.restingNeurons && !receivesSpikes(p.pointee, step: h) {
                skipResting(p, step: h)
                continue
            }
            deliverIncoming(p.pointee, step: h)
            gatherCurrent(p.pointee)
            updateNeurons(p, step: h)
            counters.neuronUpdates &+= UInt64(truncatingIfNeeded: p.pointee.size)
        }
        if layout.ruleCount > 0 { runPlasticity(tick: t, step: h) }
        updateDecoders(tick: t, step: h)
        tick = t &+ UInt64(truncatingIfNeeded: power.ticksPerStep)
        stepIndex = h &+ 1
    }

    /// Run `count` steps.
    public mutating func step(count: Int) {
        var k = 0
        while k < count { step(); k += 1 }
    }

    /// Phase 1 for one INPUT population: the injected (and encoded) spikes become the
    /// spikes of step `h`, as flags and as an ascending index list.
    private mutating func latchInputs(_ pointer: UnsafeMutablePointer<PopulationRuntime>,
                                      step h: UInt64) {
        let p = pointer.pointee
        guard let pending = p.pending, let spiked = p.spiked, let lists = p.spikeLists,
              let counts = p.spikeCounts else { return }
        let slot = p.slot(ofStep: h)
        let count = FlagWords.latch(pending, into: spiked, p.size, list: lists + slot &* p.size)
        counts[slot] = Int32(truncatingIfNeeded: count)
        counters.inputSpikes &+= UInt64(truncatingIfNeeded: count)
        pointer.pointee.restingNeurons = count == 0
        pointer.pointee.noteSpikes(count)
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
            Network.shiftSaturating(current, n, shift: first.shift)
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

    /// `x[j] = sat32(x[j]·2^shift)` for `j < n` (`shift` in 0…24), in 32-bit lanes:
    /// c·2^s is exact for c in [low, high] = [Int32.min >> s, Int32.max >> s];
    /// low·2^s is Int32.min itself, and high·2^s lacks only the low s bits of
    /// Int32.max, which are ORed in when c was above `high`. Straight-line, no select,
    /// so the loop vectorizes (the 64-bit product and clamp did not, on SSE2).
    static func shiftSaturating(_ x: UnsafeMutablePointer<Int32>, _ n: Int, shift: Int) {
        let s = Int32(truncatingIfNeeded: shift)
        if s == 0 { return }
        let high = Int32.max &>> s, low = Int32.min &>> s
        let lowBits = (1 &<< s) &- 1
        for j in 0..<n {
            let c = x[j]
            let clamped = c < low ? low : (c > high ? high : c)
            x[j] = (clamped &<< s) | (lowBits & (0 &- Int32(Network.flag(c > high))))
        }
    }

    /// Dispatch phase 2.3 on the population's model, and keep its rest bookkeeping.
    private mutating func updateNeurons(_ pointer: UnsafeMutablePointer<PopulationRuntime>,
                                        step h: UInt64) {
        let p = pointer.pointee
        let result: NeuronUpdateResult
        switch p.spec.model {
        case .input:
            return
        case .lif, .cuba, .integrateAndFire, .adaptiveLIF:
            result = updateLIFFamily(p, step: h)
        case .leakyIntegrator:
            result = updateLeakyIntegrator(p, step: h)
        case .izhikevich:
            result = updateIzhikevich(p, step: h)
        }
        counters.spikes &+= UInt64(truncatingIfNeeded: result.spikes)
        pointer.pointee.restingNeurons = p.canRest && result.activity == 0
        pointer.pointee.noteSpikes(result.spikes)
    }

    /// Where `p`'s spike list of step `h` goes, and the slot's count cell.
    @inline(__always)
    func spikeListSlot(_ p: PopulationRuntime, step h: UInt64)
        -> (list: UnsafeMutablePointer<UInt16>, count: UnsafeMutablePointer<Int32>)?
    {
        guard let lists = p.spikeLists, let counts = p.spikeCounts else { return nil }
        let slot = p.slot(ofStep: h)
        return (lists + slot &* p.size, counts + slot)
    }
}
