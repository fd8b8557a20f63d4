/// Traces, potentiation and normalization of pair STDP (docs/SEMANTICS.md 11.2): spikes
/// into the traces, their decay, the rows with a live pre trace onto neurons that just
/// fired, and the columns of those neurons. The kernels that call these are in
/// Network+LearningKernels.swift; R-STDP's potentiation, into eligibility, is in
/// Network+Eligibility.swift.
extension Network {
    /// One spike into the traces of `events` (of a population of `size`): set to 65536
    /// (nearest rules) or added (all-to-all, saturating). Two loops, so the common one
    /// is a bare scatter, and a fill when every neuron fired (the list is then 0..<size).
    static func addSpikes(_ traces: UnsafeMutablePointer<Int32>, _ size: Int,
                          _ events: UnsafeBufferPointer<UInt16>, nearest: Bool) {
        guard let list = events.baseAddress else { return }
        let n = events.count
        if nearest {
            if n == size {
                for i in 0..<n { traces[i] = 65536 }
                return
            }
            for e in 0..<n { traces[Int(list[e])] = 65536 }
        } else {
            for e in 0..<n {
                let i = Int(list[e])
                traces[i] = FixedPoint.sat32(Int64(traces[i]) &+ 65536)
            }
        }
    }

    /// `decay(x, m)` over a trace array, returning the OR of the results. Traces are
    /// never negative (set to one spike, added to, decayed toward zero), where decay is
    /// the plain unsigned product `x·m / 2^16`: a 32×32→64 multiply that vectorizes.
    static func decayTraces(_ x: UnsafeMutablePointer<Int32>, _ n: Int, _ m: Int32) -> Int32 {
        let multiplier = UInt64(UInt32(truncatingIfNeeded: m))
        var any: Int32 = 0
        for i in 0..<n {
            let value = Int32(truncatingIfNeeded:
                (UInt64(UInt32(truncatingIfNeeded: x[i])) &* multiplier) &>> 16)
            x[i] = value
            any |= value
        }
        return any
    }

    /// Number of live rows (`x ≠ 0`, for the counter). Traces are never negative, so
    /// `x − 1` has its top bit set exactly when x = 0: a branch-free count that vectorizes.
    static func liveRows(_ x: UnsafeMutablePointer<Int32>, _ n: Int) -> Int {
        var zeros: UInt32 = 0
        for i in 0..<n { zeros &+= (UInt32(truncatingIfNeeded: x[i]) &- 1) &>> 31 }
        return n &- Int(truncatingIfNeeded: zeros)
    }

    /// The increment `round_u(P, u)` of hard-bound potentiation for pre trace `x` and
    /// draw `u`. `a+` and `x` are never negative, so `P = a+·x >> 16` is an unsigned
    /// product, and `u < frac(P)` is the borrow of `u − frac(P)` (no branch on a coin flip).
    @inline(__always)
    static func potentiationIncrement(_ x: Int32, _ a: UInt64, _ u: UInt16) -> UInt64 {
        let p = (UInt64(UInt32(truncatingIfNeeded: x)) &* a) &>> 16
        return (p &>> 16) &+ ((UInt64(u) &- (p & 0xFFFF)) &>> 63)
    }

    /// Hard-bound potentiation of DENSE rows: row `i` moves by `round_u(P_i, u_i)`, with
    /// `u_i = row_draw(κ, 2i + 1)`, on the synapses whose target fired. Which rows move
    /// is decided for all rows in one vectorizable pass; only those are then visited.
    func potentiateDenseRows(_ r: PlasticityRuntime, _ q: ProjectionRuntime,
                             _ w: UnsafeMutablePointer<Int8>,
                             _ x: UnsafeMutablePointer<Int32>, _ key: UInt32,
                             _ post: UnsafeBufferPointer<UInt16>,
                             _ spiked: UnsafeMutablePointer<UInt8>) {
        guard let flags = layout.learningRowFlags else { return }
        let a = UInt64(UInt32(truncatingIfNeeded: r.spec.aPlus))
        let n = r.sourceSize
        var largest: Int32 = 0
        for i in 0..<n { largest = x[i] > largest ? x[i] : largest }
        if r.spec.aPlus < 65536 && largest <= 65536 {
            // The usual case (traces of nearest rules never pass one spike, A+ below one
            // weight step): A+·x < 2^32, so P = A+·x >> 16 < 2^16 and the increment is
            // just `u < P`, all in 32-bit lanes.
            let a32 = UInt32(truncatingIfNeeded: r.spec.aPlus)
            var spread = RowDraw.spread  // slot 2i + 1, times the spread
            for i in 0..<n {
                let u = RowDraw.finish(key ^ spread)
                spread &+= RowDraw.spread &* 2
                let p = (UInt32(truncatingIfNeeded: x[i]) &* a32) &>> 16
                flags[i] = UInt32(u) < p ? 1 : 0
            }
        } else {
            for i in 0..<n {
                let u = RowDraw.value(key: key, slot: UInt32(truncatingIfNeeded: i) &* 2 &+ 1)
                flags[i] = Network.potentiationIncrement(x[i], a, u) != 0 ? 1 : 0
            }
        }
        FlagWords.forEach(flags, r.sourceSize) { i in
            let u = RowDraw.value(key: key, slot: UInt32(truncatingIfNeeded: i) &* 2 &+ 1)
            let increment = Network.potentiationIncrement(x[i], a, u)
            addToRow(r, q, w + i &* q.targetSize, Int64(bitPattern: increment), post, spiked,
                     room: (q.sourceSize &- i) &* q.targetSize)
        }
    }

    /// `apply(w, c)` with one nonzero increment on the synapses of a DENSE row whose
    /// target fired: one pass when all fired, a masked pass when many did (both
    /// vectorize), the list otherwise.
    func addToRow(_ r: PlasticityRuntime, _ q: ProjectionRuntime,
                  _ weights: UnsafeMutablePointer<Int8>, _ increment: Int64,
                  _ post: UnsafeBufferPointer<UInt16>,
                  _ spiked: UnsafeMutablePointer<UInt8>, room: Int) {
        let c = Int16(truncatingIfNeeded: increment < -256 ? -256 : (increment > 256 ? 256 : increment))
        let lo = Int16(truncatingIfNeeded: r.spec.wMin), hi = Int16(truncatingIfNeeded: r.spec.wMax)
        if post.count == q.targetSize {
            Network.addClamped(weights, q.targetSize, c, lo, hi, room: room)
            return
        }
        if post.count &* 8 >= q.targetSize {
            for j in 0..<q.targetSize {
                let v = Int16(weights[j]) &+ c
                let clamped = Int8(truncatingIfNeeded: v < lo ? lo : (v > hi ? hi : v))
                weights[j] = spiked[j] != 0 ? clamped : weights[j]
            }
            return
        }
        for e in 0..<post.count {
            let j = Int(post[e])
            let v = Int16(weights[j]) &+ c
            weights[j] = Int8(truncatingIfNeeded: v < lo ? lo : (v > hi ? hi : v))
        }
    }

    /// Hard-bound potentiation of one SPARSE or ONE_TO_ONE row by `increment` on the
    /// synapses whose target fired; returns how many synapses that is.
    static func potentiateHardRow(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
                                  _ row: SynapseRow, _ increment: Int64,
                                  _ spiked: UnsafeMutablePointer<UInt8>) -> Int {
        let lo = Int64(r.spec.wMin), hi = Int64(r.spec.wMax)
        var touched = 0
        for k in 0..<row.count where spiked[row.target(k)] != 0 {
            let s = row.start &+ k
            w[s] = Network.applyChange(w[s], increment, lo, hi)
            touched &+= 1
        }
        return touched
    }

    /// Soft-bound potentiation of one DENSE row (`weights`: its first weight) by `p`
    /// scaled by each weight's distance to `w_max`, with draw `u`, on the targets that
    /// fired; returns how many synapses that is.
    static func potentiateSoftDenseRow(_ r: PlasticityRuntime, _ weights: UnsafeMutablePointer<Int8>,
                                       _ p: Int64, _ u: UInt32,
                                       _ post: UnsafeBufferPointer<UInt16>) -> Int {
        let lo = Int64(r.spec.wMin), hi = Int64(r.spec.wMax)
        for e in 0..<post.count {
            let j = Int(post[e])
            weights[j] = Network.applyChange(
                weights[j], Network.softStep(p, hi &- Int64(weights[j]), u), lo, hi)
        }
        return post.count
    }

    /// Soft-bound potentiation of one SPARSE or ONE_TO_ONE row, as
    /// `potentiateSoftDenseRow`, on the synapses whose target fired.
    static func potentiateSoftRow(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
                                  _ row: SynapseRow, _ p: Int64, _ u: UInt32,
                                  _ spiked: UnsafeMutablePointer<UInt8>) -> Int {
        let lo = Int64(r.spec.wMin), hi = Int64(r.spec.wMax)
        var touched = 0
        for k in 0..<row.count where spiked[row.target(k)] != 0 {
            let s = row.start &+ k
            w[s] = Network.applyChange(w[s], Network.softStep(p, hi &- Int64(w[s]), u), lo, hi)
            touched &+= 1
        }
        return touched
    }

    /// `round_u(floor_shr(p · max(distance, 0), 7), u)`: a soft-bound step.
    @inline(__always)
    static func softStep(_ p: Int64, _ distance: Int64, _ u: UInt32) -> Int64 {
        FixedPoint.roundStochastic(FixedPoint.floorShr(p &* (distance > 0 ? distance : 0), 7), u)
    }

    /// Scale column `j` of a DENSE projection to sum ≈ `normTarget`; false if its sum is
    /// not positive (nothing done).
    func normalizeColumn(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
                         _ j: Int) -> Bool {
        let n = r.targetSize
        var sum: Int64 = 0
        for i in 0..<r.sourceSize { sum &+= Int64(w[i &* n &+ j]) }
        guard sum > 0 else { return false }
        let m = (Int64(r.spec.normTarget) &<< 16) / sum
        let lo = Int64(r.spec.wMin), hi = Int64(r.spec.wMax)
        for i in 0..<r.sourceSize {
            let s = i &* n &+ j
            w[s] = Network.clampWeight(FixedPoint.floorShr(Int64(w[s]) &* m &+ 32768, 16), lo, hi)
        }
        return true
    }
}
