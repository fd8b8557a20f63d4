/// Phase 3 of the step: pair STDP and the eligibility updates of R-STDP, exactly as
/// docs/SEMANTICS.md 11.2. Work follows the spikes: decays are one pass over the traces
/// (skipped while they are all zero), depression touches the rows of neurons whose spikes
/// arrive, potentiation the rows with a live pre trace and only their synapses onto
/// neurons that just fired, normalization the columns of those neurons.
extension Network {
    mutating func runPlasticity(tick t: UInt64, step h: UInt64) {
        guard let rules = layout.rules, let projections = layout.projections,
              let populations = layout.populations else { return }
        // In projection order (SEMANTICS.md 3), which need not be the rules' list order.
        for j in 0..<layout.projectionCount {
            let r = projections[j].rule
            guard r >= 0, rules[r].spec.enabled else { continue }
            let q = projections[j]
            let source = populations[q.source], target = populations[q.target]
            let pre = Network.spikeList(source, step: h, delay: q.delay)
            let post = Network.spikeList(target, step: h, delay: 0)
            guard rules[r].tracesActive || pre.count > 0 || post.count > 0 else { continue }
            guard let spiked = target.spiked else { continue }
            applyRule(rules + r, q, pre: pre, post: post, targetSpiked: spiked, tick: t)
        }
    }

    /// The spikes of `p` delivered through a projection of `delay` steps in step `h`.
    static func spikeList(_ p: PopulationRuntime, step h: UInt64, delay: Int)
        -> UnsafeBufferPointer<UInt16>
    {
        let back = UInt64(truncatingIfNeeded: delay)
        guard h >= back, let lists = p.spikeLists, let counts = p.spikeCounts else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        let slot = p.slot(ofStep: h &- back)
        return UnsafeBufferPointer(start: lists + slot &* p.size, count: Int(counts[slot]))
    }

    private mutating func applyRule(
        _ rule: UnsafeMutablePointer<PlasticityRuntime>, _ q: ProjectionRuntime,
        pre preEvents: UnsafeBufferPointer<UInt16>, post postEvents: UnsafeBufferPointer<UInt16>,
        targetSpiked: UnsafeMutablePointer<UInt8>, tick t: UInt64
    ) {
        let r = rule.pointee
        guard let x = r.pre, let y = r.post, let w = q.weights else { return }
        // 1. Decay (all-zero traces stay zero).
        var postTraces: Int32 = 0
        var live: Int32 = 0
        if r.tracesActive {
            live = Network.decayTraces(x, r.sourceSize, r.decayPreStep)
            postTraces = Network.decayTraces(y, r.targetSize, r.decayPostStep)
            live |= postTraces
        }
        let nearest = r.spec.rule.isNearest
        let reward = r.spec.rule.isRewardModulated
        let now = UInt32(truncatingIfNeeded: t)
        // 2. Pre events: trace, then depression (reads y before this step's post events).
        var plan = DepressionPlan()
        if postTraces != 0 && preEvents.count > 0 && !reward && r.spec.bounds == .hard {
            plan = prepareDepression(r, y, dense: q.kind == .dense)
        }
        // 0. The step's key: the rows' draws all derive from it (RowDraw).
        let key: UInt32 = !reward && (preEvents.count > 0 || postEvents.count > 0) ? prng.next() : 0
        Network.addSpikes(x, r.sourceSize, preEvents, nearest: nearest)
        if postTraces != 0 {
            // Depression reads y and w only, so it can follow all the trace updates.
            if plan.uniform && q.kind == .dense {
                depressUniformRows(r, w, preEvents, key)
            } else {
                for e in 0..<preEvents.count {
                    let i = preEvents[e]
                    let row = Network.row(q, Int(i))
                    let u = UInt32(RowDraw.value(key: key, slot: UInt32(i) &* 2))
                    if reward {
                        depressEligibility(r, q, row: row, now: now)
                    } else if r.spec.bounds == .hard {
                        depressHard(r, q, w, row: row, u: u, plan: plan)
                    } else {
                        depressSoft(r, q, w, row: row, u: u)
                    }
                }
            }
            counters.plasticityUpdates &+= UInt64(truncatingIfNeeded: Network.rowLengths(q, preEvents))
        }
        // 3. Post events.
        Network.addSpikes(y, r.targetSize, postEvents, nearest: nearest)
        // 4. Potentiation of the rows with a live pre trace, onto the neurons that fired.
        if postEvents.count > 0 && !reward && r.spec.bounds == .hard && q.kind == .dense {
            // The common case: one increment per row, and only rows whose increment is
            // not 0 are written.
            let liveRows = Network.liveRows(x, r.sourceSize)
            potentiateDenseRows(r, q, w, x, key, postEvents, targetSpiked)
            counters.plasticityUpdates &+= UInt64(truncatingIfNeeded: liveRows &* postEvents.count)
        } else if postEvents.count > 0 {
            for i in 0..<r.sourceSize where x[i] != 0 {
                let p = FixedPoint.floorShr(Int64(r.spec.aPlus) &* Int64(x[i]), 16)
                let touched: Int
                if reward {
                    touched = potentiateEligibility(r, q, i, p, postEvents, targetSpiked, now)
                } else {
                    let u = UInt32(RowDraw.value(key: key, slot: UInt32(truncatingIfNeeded: i) &* 2 &+ 1))
                    touched = potentiate(r, q, w, i, p, u, postEvents, targetSpiked)
                }
                counters.plasticityUpdates &+= UInt64(truncatingIfNeeded: touched)
            }
        }
        // 5. Normalization of the columns of the neurons that fired.
        if r.spec.normTarget > 0 && q.kind == .dense {
            for e in 0..<postEvents.count {
                if normalizeColumn(r, w, Int(postEvents[e])) {
                    counters.plasticityUpdates &+= UInt64(truncatingIfNeeded: r.sourceSize)
                }
            }
        }
        rule.pointee.tracesActive = live != 0 || preEvents.count > 0 || postEvents.count > 0
    }

    @inline(__always)
    static func row(_ q: ProjectionRuntime, _ i: Int) -> SynapseRow {
        switch q.kind {
        case .dense:
            return SynapseRow(start: i &* q.targetSize, count: q.targetSize, firstTarget: 0)
        case .oneToOne:
            return SynapseRow(start: i, count: 1, firstTarget: i)
        case .sparse:
            guard let rows = q.rowPointers else { return SynapseRow(start: 0, count: 0, firstTarget: 0) }
            let start = Int(truncatingIfNeeded: rows[i])
            let end = Int(truncatingIfNeeded: rows[i &+ 1])
            return SynapseRow(start: start, count: end &- start, firstTarget: 0,
                              columns: q.columns)
        case .conv2d:
            return SynapseRow(start: 0, count: 0, firstTarget: 0)
        }
    }

    @inline(__always)
    static func clampWeight(_ v: Int64, _ lo: Int64, _ hi: Int64) -> Int8 {
        Int8(truncatingIfNeeded: v < lo ? lo : (v > hi ? hi : v))
    }

    /// `apply(w, c)` of SEMANTICS.md 11.1: `clamp(w + c)`, except that a zero change
    /// leaves the weight alone (so skipping it is exact, even outside the bounds).
    @inline(__always)
    static func applyChange(_ w: Int8, _ change: Int64, _ lo: Int64, _ hi: Int64) -> Int8 {
        change == 0 ? w : clampWeight(Int64(w) &+ change, lo, hi)
    }

    /// The eligibility `e` brought up to tick `now` (its lazy decay).
    @inline(__always)
    static func eligibility(_ e: Int32, stamp: UInt32, now: UInt32, decay: Int32) -> Int32 {
        let elapsed = now &- stamp
        guard elapsed != 0, e != 0 else { return e }
        return FixedPoint.decay(e, FixedPoint.powQ16(decay, UInt64(elapsed)))
    }

    /// Hard-bound depression splits `−Q_j` per target into floor and fraction once per
    /// step, so each depressed row is one branch-free loop in 16-bit lanes. The floor
    /// is kept in −256…0: any step of −255 or less takes every int8 weight to `w_min`
    /// anyway, so the result is exact; the fraction is the low 16 bits, biased by −2^15
    /// so the per-synapse comparison is a signed one (what SIMD units compare). Scratch:
    /// floors (Int16 × n), then the targets with a nonzero change (UInt16 × n), then the
    /// fractions (Int16 × n).
    private func prepareDepression(_ r: PlasticityRuntime, _ y: UnsafeMutablePointer<Int32>,
                                   dense: Bool) -> DepressionPlan
    {
        guard let scratch = layout.plasticScratch else { return DepressionPlan() }
        let n = r.targetSize
        let floors = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Int16.self)
        let targets = UnsafeMutableRawPointer(floors + n).assumingMemoryBound(to: UInt16.self)
        let fractions = UnsafeMutableRawPointer(scratch + n).assumingMemoryBound(to: Int16.self)
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

    private func depressHard(_ r: PlasticityRuntime, _ q: ProjectionRuntime,
                             _ w: UnsafeMutablePointer<Int8>, row: SynapseRow, u: UInt32,
                             plan: DepressionPlan) {
        guard let scratch = layout.plasticScratch, plan.nonzero > 0 else { return }
        let n = r.targetSize
        let floors = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Int16.self)
        let targets = UnsafeMutableRawPointer(floors + n).assumingMemoryBound(to: UInt16.self)
        let fractions = UnsafeMutableRawPointer(scratch + n).assumingMemoryBound(to: Int16.self)
        let lo = Int16(truncatingIfNeeded: r.spec.wMin), hi = Int16(truncatingIfNeeded: r.spec.wMax)
        let draw = Int16(truncatingIfNeeded: Int32(truncatingIfNeeded: u) &- 32768)
        let weights = w + row.start
        guard q.kind == .dense else {
            for k in 0..<row.count {
                let j = row.target(k)
                weights[k] = Network.applyStep(weights[k], floors[j], fractions[j], draw, lo, hi)
            }
            return
        }
        if plan.nonzero &* 4 < row.count {
            // Few live post traces: visit only their synapses.
            for k in 0..<plan.nonzero {
                let j = Int(targets[k])
                weights[j] = Network.applyStep(weights[j], floors[j], fractions[j], draw, lo, hi)
            }
            return
        }
        for j in 0..<row.count {
            weights[j] = Network.applyStep(weights[j], floors[j], fractions[j], draw, lo, hi)
        }
    }

    /// Depression of DENSE rows when every target has the same change (all fired
    /// together, or all post traces are equal): per pre event one draw decides one step
    /// for the whole row, usually none. A tight loop, because a busy source population
    /// (W-A's hidden layer) sends a thousand pre events per step.
    private func depressUniformRows(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
                                    _ preEvents: UnsafeBufferPointer<UInt16>,
                                    _ key: UInt32) {
        guard let scratch = layout.plasticScratch, let flags = layout.plasticFlags,
              let events = preEvents.baseAddress else { return }
        let floor = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Int16.self)[0]
        let fraction = UnsafeMutableRawPointer(scratch + r.targetSize)
            .assumingMemoryBound(to: Int16.self)[0]
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

    private func depressSoft(_ r: PlasticityRuntime, _ q: ProjectionRuntime,
                             _ w: UnsafeMutablePointer<Int8>, row: SynapseRow, u: UInt32) {
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

    private func depressEligibility(_ r: PlasticityRuntime, _ q: ProjectionRuntime,
                                    row: SynapseRow, now: UInt32) {
        guard let y = r.post, let e = r.eligibility, let stamps = r.stamps,
              let w = q.weights else { return }
        let lo = Int64(r.spec.wMin)
        let a = Int64(r.spec.aMinus)
        let soft = r.spec.bounds == .soft
        for k in 0..<row.count {
            let s = row.start &+ k
            let j = row.target(k)
            var amount = FixedPoint.floorShr(a &* Int64(y[j]), 16)
            if soft {
                let distance = Int64(w[s]) &- lo
                amount = FixedPoint.floorShr(amount &* (distance > 0 ? distance : 0), 7)
            }
            let current = Network.eligibility(e[s], stamp: stamps[s], now: now,
                                              decay: r.spec.decayEligibility)
            e[s] = FixedPoint.sat32(Int64(current) &- amount)
            stamps[s] = now
        }
    }

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
    private func potentiateDenseRows(_ r: PlasticityRuntime, _ q: ProjectionRuntime,
                                     _ w: UnsafeMutablePointer<Int8>,
                                     _ x: UnsafeMutablePointer<Int32>, _ key: UInt32,
                                     _ post: UnsafeBufferPointer<UInt16>,
                                     _ spiked: UnsafeMutablePointer<UInt8>) {
        guard let flags = layout.plasticFlags else { return }
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
    private func addToRow(_ r: PlasticityRuntime, _ q: ProjectionRuntime,
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

    /// Potentiate row `i` by `p` (before the soft factor) on the synapses whose target
    /// fired (SPARSE and ONE_TO_ONE rows, and soft-bound DENSE rows); returns how many
    /// synapses that is.
    private func potentiate(_ r: PlasticityRuntime, _ q: ProjectionRuntime,
                            _ w: UnsafeMutablePointer<Int8>, _ i: Int, _ p: Int64, _ u: UInt32,
                            _ post: UnsafeBufferPointer<UInt16>,
                            _ spiked: UnsafeMutablePointer<UInt8>) -> Int {
        let lo = Int64(r.spec.wMin), hi = Int64(r.spec.wMax)
        let soft = r.spec.bounds == .soft
        // Hard bounds: one draw per row makes one increment for the whole row.
        let increment = FixedPoint.roundStochastic(p, u)
        if q.kind == .dense {
            // Soft bounds only: hard-bound DENSE rows take the one-loop path in applyRule.
            let weights = w + i &* q.targetSize
            for e in 0..<post.count {
                let j = Int(post[e])
                weights[j] = Network.applyChange(
                    weights[j], Network.softStep(p, hi &- Int64(weights[j]), u), lo, hi)
            }
            return post.count
        }
        let row = Network.row(q, i)
        var touched = 0
        for k in 0..<row.count where spiked[row.target(k)] != 0 {
            let s = row.start &+ k
            let old = Int64(w[s])
            let step = soft ? Network.softStep(p, hi &- old, u) : increment
            w[s] = Network.applyChange(w[s], step, lo, hi)
            touched &+= 1
        }
        return touched
    }

    /// `round_u(floor_shr(p · max(distance, 0), 7), u)`: a soft-bound step.
    @inline(__always)
    static func softStep(_ p: Int64, _ distance: Int64, _ u: UInt32) -> Int64 {
        FixedPoint.roundStochastic(FixedPoint.floorShr(p &* (distance > 0 ? distance : 0), 7), u)
    }

    private func potentiateEligibility(_ r: PlasticityRuntime, _ q: ProjectionRuntime, _ i: Int,
                                       _ p: Int64, _ post: UnsafeBufferPointer<UInt16>,
                                       _ spiked: UnsafeMutablePointer<UInt8>, _ now: UInt32) -> Int {
        guard let w = q.weights else { return 0 }
        let row = Network.row(q, i)
        if q.kind == .dense {
            for k in 0..<post.count {
                Network.addEligibility(r, w, row.start &+ Int(post[k]), p, now)
            }
            return post.count
        }
        var touched = 0
        for k in 0..<row.count where spiked[row.target(k)] != 0 {
            Network.addEligibility(r, w, row.start &+ k, p, now)
            touched &+= 1
        }
        return touched
    }

    /// Synapse `s` of an R-STDP rule: bring its eligibility up to `now`, add the
    /// potentiation `p` (with the soft factor when the rule has soft bounds), restamp.
    @inline(__always)
    static func addEligibility(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
                               _ s: Int, _ p: Int64, _ now: UInt32) {
        guard let e = r.eligibility, let stamps = r.stamps else { return }
        var amount = p
        if r.spec.bounds == .soft {
            let distance = Int64(r.spec.wMax) &- Int64(w[s])
            amount = FixedPoint.floorShr(p &* (distance > 0 ? distance : 0), 7)
        }
        let current = Network.eligibility(e[s], stamp: stamps[s], now: now,
                                          decay: r.spec.decayEligibility)
        e[s] = FixedPoint.sat32(Int64(current) &+ amount)
        stamps[s] = now
    }

    /// Scale column `j` of a DENSE projection to sum ≈ `normTarget`; false if its sum is
    /// not positive (nothing done).
    private func normalizeColumn(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
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
