/// Neuron updates of the LIF family — LIF, IF, ALIF, CUBA — exactly as in
/// docs/SEMANTICS.md 4.1, and of the non-spiking LI (4.2).
extension Network {
    /// Update every neuron of `p` from `p.current`, record its spikes of step `h`, and
    /// return how many fired and the OR of the state left behind (0 = every neuron at
    /// rest, given `p.canRest`).
    func updateLIFFamily(_ p: PopulationRuntime, step h: UInt64) -> NeuronUpdateResult {
        guard let v = p.v, let current = p.current, let spiked = p.spiked,
              let ref = p.refractory, let (list, countCell) = spikeListSlot(p, step: h)
        else { return NeuronUpdateResult() }
        let spec = p.spec
        if spec.model == .lif || spec.model == .integrateAndFire,
           spec.refractory == 0, spec.resetTiming == .delayed,
           spec.reset == .subtract || spec.reset == .none
        {
            let result = Network.updatePlainLIF(
                v: v, current: current, spiked: spiked, n: p.size, spec: spec)
            countCell.pointee = Int32(truncatingIfNeeded: Network.listSpikes(spiked, p.size, list))
            return result
        }
        let aux = p.aux
        let theta = Int64(spec.threshold)
        let bias = Int64(spec.bias)
        let leaks = spec.model != .integrateAndFire
        let delayed = spec.resetTiming == .delayed
        let refractoryTicks = UInt16(truncatingIfNeeded: spec.refractory)
        // ALIF adaptation that never decays is part of the rest state while it is not
        // negative (SEMANTICS.md 12.1): then only its sign counts as activity.
        let frozenAdaptation = spec.model == .adaptiveLIF && spec.adaptDecay == NetworkLimits.unitMultiplier
        var count = 0
        var activity: Int32 = 0
        for j in 0..<p.size {
            let (x, refractory) = Network.gatedInput(current, ref, j, bias)
            let previousSpike = spiked[j] != 0
            var drive = x
            if spec.model == .cuba, let aux {
                let syn = FixedPoint.sat32(Int64(FixedPoint.decay(aux[j], spec.alpha)) &+ x)
                aux[j] = syn
                drive = Int64(syn)
            }
            let old = v[j]
            let leak = Int64(leaks ? FixedPoint.decay(old, spec.beta) : old)
            var value: Int32
            if delayed && previousSpike && spec.reset == .subtract {
                value = FixedPoint.sat32(leak &+ drive &- theta)
            } else if delayed && previousSpike && spec.reset == .zero {
                value = FixedPoint.sat32(Int64(spec.vReset) &+ drive)
            } else {
                value = FixedPoint.sat32(leak &+ drive)
            }
            var thresholdNow = spec.threshold
            if spec.model == .adaptiveLIF, let aux {
                thresholdNow = FixedPoint.sat32(theta &+ Int64(aux[j]))
            }
            let fires = !refractory && value > thresholdNow
            if fires && !delayed {
                if spec.reset == .subtract {
                    value = FixedPoint.sat32(Int64(value) &- theta)
                } else if spec.reset == .zero {
                    value = spec.vReset
                }
            }
            if spec.model == .adaptiveLIF, let aux {
                let increment = fires ? Int64(spec.adaptIncrement) : 0
                aux[j] = FixedPoint.sat32(
                    Int64(FixedPoint.decay(aux[j], spec.adaptDecay)) &+ increment)
            }
            if fires { ref[j] = refractoryTicks }
            let auxiliary = aux?[j] ?? 0
            activity |= value | Int32(ref[j]) | (fires ? 1 : 0)
                | (frozenAdaptation ? (auxiliary < 0 ? 1 : 0) : auxiliary)
            v[j] = value
            spiked[j] = fires ? 1 : 0
            list[count] = UInt16(truncatingIfNeeded: j)
            count &+= fires ? 1 : 0
        }
        countCell.pointee = Int32(truncatingIfNeeded: count)
        return NeuronUpdateResult(spikes: count, activity: activity)
    }

    /// The common case (snnTorch `Leaky` defaults: delayed subtract or no reset, no
    /// refractory period) as one branch-free loop over flat arrays, so the compiler can
    /// vectorize it; the spike list is built in a second pass.
    static func updatePlainLIF(v: UnsafeMutablePointer<Int32>,
                               current: UnsafeMutablePointer<Int32>,
                               spiked: UnsafeMutablePointer<UInt8>, n: Int,
                               spec: PopulationSpec) -> NeuronUpdateResult {
        let theta = spec.threshold
        let subtract = spec.reset == .subtract ? Int64(theta) : 0
        let bias = Int64(spec.bias)
        let beta = spec.model == .integrateAndFire ? NetworkLimits.unitMultiplier : spec.beta
        var count = 0
        var activity: Int32 = 0
        for j in 0..<n {
            let reset = subtract & (0 &- Int64(spiked[j]))
            let x = Int64(current[j]) &+ bias
            let value = FixedPoint.sat32(Int64(FixedPoint.decay(v[j], beta)) &+ x &- reset)
            current[j] = 0
            v[j] = value
            activity |= value
            let fires: UInt8 = value > theta ? 1 : 0
            spiked[j] = fires
            count &+= Int(fires)
        }
        // A spike needs v > θ, so with θ ≥ 0 (which rest requires) it shows in `v` too.
        return NeuronUpdateResult(spikes: count, activity: activity | Int32(count))
    }

    /// Phase 2.3 prologue shared by the spiking models: take (and clear) neuron `j`'s
    /// input current plus bias, and apply the refractory gate (SEMANTICS.md 4): a
    /// refractory neuron counts down and its input `X` is discarded.
    @inline(__always)
    static func gatedInput(_ current: UnsafeMutablePointer<Int32>,
                           _ ref: UnsafeMutablePointer<UInt16>, _ j: Int, _ bias: Int64)
        -> (x: Int64, refractory: Bool)
    {
        let x = Int64(current[j]) &+ bias
        current[j] = 0
        let r = ref[j]
        guard r > 0 else { return (x, false) }
        ref[j] = r &- 1
        return (0, true)
    }

    /// Ascending indices of the set flags, branch-free.
    @inline(__always)
    static func listSpikes(_ spiked: UnsafeMutablePointer<UInt8>, _ n: Int,
                           _ list: UnsafeMutablePointer<UInt16>) -> Int {
        var count = 0
        for j in 0..<n {
            list[count] = UInt16(truncatingIfNeeded: j)
            count &+= Int(spiked[j])
        }
        return count
    }

    /// LI: `v ← sat32(decay(v, β) + I + bias)`, never spikes.
    func updateLeakyIntegrator(_ p: PopulationRuntime, step h: UInt64) -> NeuronUpdateResult {
        guard let v = p.v, let current = p.current,
              let (_, countCell) = spikeListSlot(p, step: h) else { return NeuronUpdateResult() }
        let bias = Int64(p.spec.bias)
        let beta = p.spec.beta
        var activity: Int32 = 0
        for j in 0..<p.size {
            let x = Int64(current[j]) &+ bias
            current[j] = 0
            let value = FixedPoint.sat32(Int64(FixedPoint.decay(v[j], beta)) &+ x)
            v[j] = value
            activity |= value
        }
        countCell.pointee = 0
        return NeuronUpdateResult(spikes: 0, activity: activity)
    }
}
