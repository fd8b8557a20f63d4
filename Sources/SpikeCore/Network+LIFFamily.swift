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
            let activity = Network.updatePlainLIF(
                v: v, current: current, spiked: spiked, n: p.size, spec: spec)
            let count = FlagWords.list(spiked, p.size, into: list)
            countCell.pointee = Int32(truncatingIfNeeded: count)
            // A spike needs v > θ, so with θ ≥ 0 (which rest requires) it shows in `v`
            // too; the count is ORed in for θ < 0.
            return NeuronUpdateResult(spikes: count, activity: activity | Int32(truncatingIfNeeded: count))
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
    /// vectorize it; the spike list and count are built in a second pass. Returns the
    /// OR of the new membranes.
    static func updatePlainLIF(v: UnsafeMutablePointer<Int32>,
                               current: UnsafeMutablePointer<Int32>,
                               spiked: UnsafeMutablePointer<UInt8>, n: Int,
                               spec: PopulationSpec) -> Int32 {
        let theta = spec.threshold
        let subtract = spec.reset == .subtract ? Int64(theta) : 0
        let bias = Int64(spec.bias)
        let beta = spec.model == .integrateAndFire ? NetworkLimits.unitMultiplier : spec.beta
        if fitsNarrowLIF(v: v, current: current, n: n, bias: bias, reset: subtract) {
            return updatePlainLIFNarrow(v: v, current: current, spiked: spiked, n: n,
                                        theta: theta, beta: beta,
                                        bias: Int32(truncatingIfNeeded: bias),
                                        reset: Int32(truncatingIfNeeded: subtract))
        }
        var activity: Int32 = 0
        for j in 0..<n {
            let reset = subtract & (0 &- Int64(spiked[j]))
            let x = Int64(current[j]) &+ bias
            let value = FixedPoint.sat32(Int64(FixedPoint.decay(v[j], beta)) &+ x &- reset)
            current[j] = 0
            v[j] = value
            activity |= value
            spiked[j] = Network.flag(value > theta)
        }
        return activity
    }

    /// A Bool as its byte, 0 or 1. Written `b ? 1 : 0`, the optimizer may turn the
    /// store of a select into a branch between two stores, which stops the loop from
    /// vectorizing; a Bool is one byte holding exactly 0 or 1, so reinterpret it.
    @inline(__always)
    static func flag(_ b: Bool) -> UInt8 { unsafeBitCast(b, to: UInt8.self) }

    /// Bound under which `updatePlainLIFNarrow` computes the exact sum: three terms in
    /// [−2^29, 2^29) add up to a value inside Int32, so nothing saturates and 32-bit
    /// lanes give the same bits as the 64-bit saturating sum.
    static let narrowLIFBound: Int64 = 1 &<< 29

    /// True when every `v`, every input current, the bias and `bias − reset` lie in
    /// [−narrowLIFBound, narrowLIFBound) (decay never grows |v|). One OR-reduction over the
    /// two arrays: a few percent of the update it makes four times cheaper.
    static func fitsNarrowLIF(v: UnsafeMutablePointer<Int32>, current: UnsafeMutablePointer<Int32>,
                              n: Int, bias: Int64, reset: Int64) -> Bool {
        let bound = narrowLIFBound
        guard bias >= -bound, bias < bound, bias &- reset >= -bound, bias &- reset < bound
        else { return false }
        var magnitudes: UInt32 = 0
        for j in 0..<n {
            // x ^ (x >> 31) is |x| for x ≥ 0 and |x| − 1 for x < 0: below 2^29 iff
            // −2^29 ≤ x < 2^29, so the bound check is one OR of all of them.
            let a = v[j] ^ (v[j] &>> 31), c = current[j] ^ (current[j] &>> 31)
            magnitudes |= UInt32(bitPattern: a | c)
        }
        return magnitudes < UInt32(truncatingIfNeeded: bound)
    }

    /// `updatePlainLIF` in 32-bit lanes, twice as many per vector as the 64-bit sum
    /// needs, exact under `fitsNarrowLIF`. The decay `trunc(v·β / 2^16)` is split at
    /// bit 16 of `v` (`v = vh·2^16 + vl`, `vl` unsigned): `vh·β` fits in Int32 because
    /// |vh| ≤ 2^15 and β ≤ 2^16, and `vl·β + 0xFFFF` fits in UInt32 because vl, β − 1 <
    /// 2^16 (the `0xFFFF` for negative `v` turns the floor into truncation toward zero,
    /// as in `FixedPoint.decay`).
    static func updatePlainLIFNarrow(v: UnsafeMutablePointer<Int32>,
                                     current: UnsafeMutablePointer<Int32>,
                                     spiked: UnsafeMutablePointer<UInt8>, n: Int,
                                     theta: Int32, beta: Int32, bias: Int32,
                                     reset: Int32) -> Int32 {
        let betaBits = UInt32(bitPattern: beta)
        var activity: Int32 = 0
        for j in 0..<n {
            let old = v[j]
            let high = (old &>> 16) &* beta
            let negative = UInt32(bitPattern: old &>> 31) & 0xFFFF
            let low = ((UInt32(bitPattern: old) & 0xFFFF) &* betaBits &+ negative) &>> 16
            let decayed = high &+ Int32(bitPattern: low)
            let value = decayed &+ current[j] &+ bias &- (reset & (0 &- Int32(spiked[j])))
            current[j] = 0
            v[j] = value
            activity |= value
            spiked[j] = Network.flag(value > theta)
        }
        return activity
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
