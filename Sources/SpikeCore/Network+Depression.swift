/// Depression of pair STDP (docs/SEMANTICS.md 11.2): the rows of neurons whose spikes
/// arrive lose `A−·y` (hard bounds, split once per step into floor and fraction) or a
/// proportional step (soft bounds). R-STDP's depression, into eligibility, is in
/// Network+Eligibility.swift; the kernels that call these, in
/// Network+LearningKernels.swift.
extension Network {
    /// Hard-bound depression splits `−Q_j` per target into floor and fraction once per
    /// step, so each depressed row is one branch-free loop in 16-bit lanes. The floor
    /// is kept in −256…0: any step of −255 or less takes every int8 weight to `w_min`
    /// anyway, so the result is exact; the fraction is the low 16 bits, biased by −2^15
    /// so the per-synapse comparison is a signed one (what SIMD units compare), into the
    /// scratch's floors, fractions and the list of targets with a nonzero change.
    static func prepareDepression(_ r: PlasticityRuntime, _ y: UnsafeMutablePointer<Int32>,
                                         _ scratch: LearningScratch, dense: Bool) -> DepressionPlan
    {
        let n = r.targetSize
        let floors = scratch.floors, targets = scratch.targets, fractions = scratch.fractions
        let a = Int64(r.spec.aMinus)
        var plan = DepressionPlan()
        // Equal post traces (a busy target population fires as one) make one change for
        // every target: DENSE rows then need only entry 0 (depressUniformRows).
        var differ: Int32 = 0
        for j in 0..<n { differ |= y[j] ^ y[0] }
        let count = dense && differ == 0 ? 1 : n
        plan.uniform = differ == 0
        for j in 0..<count {
            let change = 0 &- FixedPoint.floorShr(a &* Int64(y[j]), 16)
            let whole = change &>> 16
            floors[j] = Int16(truncatingIfNeeded: whole < -256 ? -256 : whole)
            fractions[j] = Int16(truncatingIfNeeded: (change & 0xFFFF) &- 32768)
            targets[plan.nonzero] = UInt16(truncatingIfNeeded: j)
            plan.nonzero &+= change != 0 ? 1 : 0
        }
        return plan
    }

    /// Hard-bound depression of one DENSE row (`weights`: its first weight) with draw
    /// `u`: only the targets with a nonzero step when they are few, else the whole row
    /// in one branch-free loop.
    static func depressHardDenseRow(_ r: PlasticityRuntime, _ weights: UnsafeMutablePointer<Int8>,
                                    u: UInt32, plan: DepressionPlan, _ scratch: LearningScratch) {
        guard plan.nonzero > 0 else { return }
        let floors = scratch.floors, targets = scratch.targets, fractions = scratch.fractions
        let lo = Int16(truncatingIfNeeded: r.spec.wMin), hi = Int16(truncatingIfNeeded: r.spec.wMax)
        let draw = Int16(truncatingIfNeeded: Int32(truncatingIfNeeded: u) &- 32768)
        let n = r.targetSize
        if plan.nonzero &* 4 < n {
            // Few live post traces: visit only their synapses.
            for k in 0..<plan.nonzero {
                let j = Int(targets[k])
                weights[j] = Network.applyStep(weights[j], floors[j], fractions[j], draw, lo, hi)
            }
            return
        }
        for j in 0..<n {
            weights[j] = Network.applyStep(weights[j], floors[j], fractions[j], draw, lo, hi)
        }
    }

    /// Hard-bound depression of one SPARSE or ONE_TO_ONE row with draw `u`, each
    /// synapse by its target's step.
    static func depressHardRow(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
                               _ row: SynapseRow, u: UInt32, _ scratch: LearningScratch) {
        let floors = scratch.floors, fractions = scratch.fractions
        let lo = Int16(truncatingIfNeeded: r.spec.wMin), hi = Int16(truncatingIfNeeded: r.spec.wMax)
        let draw = Int16(truncatingIfNeeded: Int32(truncatingIfNeeded: u) &- 32768)
        let weights = w + row.start
        for k in 0..<row.count {
            let j = row.target(k)
            weights[k] = Network.applyStep(weights[k], floors[j], fractions[j], draw, lo, hi)
        }
    }

    /// Depression of DENSE rows when every target has the same change (all fired
    /// together, or all post traces are equal): per pre event one draw decides one step
    /// for the whole row, usually none. A tight loop, because a busy source population
    /// (W-A's hidden layer) sends a thousand pre events per step.
    static func depressUniformRows(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
                                   _ preEvents: UnsafeBufferPointer<UInt16>, _ key: UInt32,
                                   _ scratch: LearningScratch) {
        guard let events = preEvents.baseAddress else { return }
        let flags = scratch.rowFlags
        let floor = scratch.floors[0], fraction = scratch.fractions[0]
        let lo = Int16(truncatingIfNeeded: r.spec.wMin), hi = Int16(truncatingIfNeeded: r.spec.wMax)
        let n = r.targetSize
        // Which events step their row: one vectorizable pass, then only those rows.
        for e in 0..<preEvents.count {
            let u = Int16(truncatingIfNeeded:
                Int32(RowDraw.value(key: key, slot: UInt32(events[e]) &* 2)) &- 32768)
            flags[e] = floor &+ (fraction > u ? 1 : 0) != 0 ? 1 : 0
        }
        FlagWords.forEach(flags, preEvents.count) { e in
            let u = Int16(truncatingIfNeeded:
                Int32(RowDraw.value(key: key, slot: UInt32(events[e]) &* 2)) &- 32768)
            let step = floor &+ (fraction > u ? 1 : 0)
            let i = Int(events[e])
            Network.addClamped(w + i &* n, n, step, lo, hi, room: (r.sourceSize &- i) &* n)
        }
    }

    /// `apply(w, c)` for a nonzero `c` (|c| ≤ 256) on `n` consecutive weights, i.e.
    /// `clamp(w + c, lo, hi)`. The weights are biased by 128 so the order of int8
    /// becomes that of uint8, whose saturating add/subtract and min/max every SIMD unit
    /// has (SSE2 and NEON alike): saturating at 0 or 255 is exact because any sum past
    /// either end clamps to the bound anyway. A row shorter than 16 (an output layer's)
    /// is one 16-lane operation when `room` (bytes of the matrix from `weights` on)
    /// allows it.
    @inline(__always)
    static func addClamped(_ weights: UnsafeMutablePointer<Int8>, _ n: Int, _ c: Int16,
                           _ lo: Int16, _ hi: Int16, room: Int) {
        if n < 16 && room >= 16 {
            addClampedShort(weights, n, c, lo, hi)
            return
        }
        let biased = UnsafeMutableRawPointer(weights).assumingMemoryBound(to: UInt8.self)
        let low = UInt8(truncatingIfNeeded: lo &+ 128), high = UInt8(truncatingIfNeeded: hi &+ 128)
        if low == 0 && high == 255 {
            // Bounds at the int8 limits: the saturation is the whole clamp.
            let d = UInt8(truncatingIfNeeded: c > 255 ? 255 : (c < -255 ? 255 : (c > 0 ? c : 0 &- c)))
            if c > 0 {
                for j in 0..<n {
                    let b = biased[j] ^ 0x80
                    let sum = b &+ d
                    biased[j] = (sum < b ? 255 : sum) ^ 0x80
                }
            } else {
                for j in 0..<n {
                    let b = biased[j] ^ 0x80
                    let difference = b &- d
                    biased[j] = (difference > b ? 0 : difference) ^ 0x80
                }
            }
            return
        }
        if c > 0 {
            let d = UInt8(truncatingIfNeeded: c > 255 ? 255 : c)
            for j in 0..<n {
                let b = biased[j] ^ 0x80
                let sum = b &+ d
                let saturated = sum < b ? 255 : sum
                let clamped = saturated > high ? high : (saturated < low ? low : saturated)
                biased[j] = clamped ^ 0x80
            }
        } else {
            let d = UInt8(truncatingIfNeeded: c < -255 ? 255 : 0 &- c)
            for j in 0..<n {
                let b = biased[j] ^ 0x80
                let difference = b &- d
                let saturated = difference > b ? 0 : difference
                let clamped = saturated > high ? high : (saturated < low ? low : saturated)
                biased[j] = clamped ^ 0x80
            }
        }
    }

    /// `clamp(w + c, lo, hi)` on the first `n` (< 16) of the 16 weights at `weights`,
    /// all 16 readable and writable: they are loaded, changed in 16 Int16 lanes and
    /// stored back whole, the lanes past `n` (the next row's weights) with the values
    /// they had. Scalar, a 10-weight row cost four times as much.
    @inline(__always)
    static func addClampedShort(_ weights: UnsafeMutablePointer<Int8>, _ n: Int, _ c: Int16,
                                _ lo: Int16, _ hi: Int16) {
        let count = Int8(truncatingIfNeeded: n)
        for j in 0..<16 {
            let w = weights[j]
            let sum = Int16(w) &+ c
            let clamped = Int8(truncatingIfNeeded: sum < lo ? lo : (sum > hi ? hi : sum))
            weights[j] = Int8(truncatingIfNeeded: j) < count ? clamped : w
        }
    }

    /// Synapses in the rows of `sources` (the depression counter of SEMANTICS.md 11.5).
    static func rowLengths(_ q: ProjectionRuntime, _ sources: UnsafeBufferPointer<UInt16>) -> Int {
        switch q.kind {
        case .dense: return sources.count &* q.targetSize
        case .oneToOne: return sources.count
        case .sparse, .conv2d:
            var total = 0
            for e in 0..<sources.count { total &+= Network.row(q, Int(sources[e])).count }
            return total
        }
    }

    /// `apply(w, floor + (u < fraction))` in 16-bit arithmetic (|floor| ≤ 256; `u` and
    /// `fraction` both biased by −2^15).
    @inline(__always)
    static func applyStep(_ w: Int8, _ floor: Int16, _ fraction: Int16, _ u: Int16,
                          _ lo: Int16, _ hi: Int16) -> Int8 {
        let step = floor &+ (fraction > u ? 1 : 0)
        let v = Int16(w) &+ step
        let clamped = v < lo ? lo : (v > hi ? hi : v)
        return step == 0 ? w : Int8(truncatingIfNeeded: clamped)
    }

    /// Soft-bound depression of one row with draw `u`: each synapse by `A−·y_j`
    /// scaled by its distance to `w_min`.
    static func depressSoft(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
                            _ row: SynapseRow, u: UInt32) {
        guard let y = r.post else { return }
        let lo = Int64(r.spec.wMin), hi = Int64(r.spec.wMax)
        let a = Int64(r.spec.aMinus)
        let weights = w + row.start
        for k in 0..<row.count {
            let j = row.target(k)
            let old = Int64(weights[k])
            let distance = old &- lo
            let amount = FixedPoint.floorShr(
                FixedPoint.floorShr(a &* Int64(y[j]), 16) &* (distance > 0 ? distance : 0), 7)
            let step = FixedPoint.roundStochastic(0 &- amount, u)
            weights[k] = Network.applyChange(weights[k], step, lo, hi)
        }
    }
}
