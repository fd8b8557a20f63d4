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
}
