/// Phase 3 of the step: pair STDP and the eligibility updates of R-STDP, exactly as
/// docs/SEMANTICS.md 11.2. Work follows the spikes: decays are one pass over the traces
/// (skipped while they are all zero), depression touches the rows of neurons whose spikes
/// arrive, potentiation the rows with a live pre trace and only their synapses onto
/// neurons that just fired, normalization the columns of those neurons.
///
/// This file drives the phase; each rule's kernel is in Network+LearningKernels.swift,
/// its parts in Network+Depression.swift, Network+Potentiation.swift and
/// Network+Eligibility.swift.
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

    /// One rule's step: the traces' decay, the rule's kernel (chosen at load,
    /// `LearningKernel`: the pre events, depression, the post events and potentiation,
    /// in that order), then normalization.
    private mutating func applyRule(
        _ rule: UnsafeMutablePointer<PlasticityRuntime>, _ q: ProjectionRuntime,
        pre preEvents: UnsafeBufferPointer<UInt16>, post postEvents: UnsafeBufferPointer<UInt16>,
        targetSpiked: UnsafeMutablePointer<UInt8>, tick t: UInt64
    ) {
        let r = rule.pointee
        guard let x = r.pre, let y = r.post, let w = q.weights else { return }
        // Decay (all-zero traces stay zero). Without a live post trace there is
        // nothing to depress.
        var postTraces: Int32 = 0
        var live: Int32 = 0
        if r.tracesActive {
            live = Network.decayTraces(x, r.sourceSize, r.decayPreStep)
            postTraces = Network.decayTraces(y, r.targetSize, r.decayPostStep)
            live |= postTraces
        }
        let step = LearningStep(
            rule: r, projection: q, weights: w, preTraces: x, postTraces: y,
            preEvents: preEvents, postEvents: postEvents, targetSpiked: targetSpiked,
            depresses: postTraces != 0)
        switch r.kernel {
        case .hardDense: learnHardDense(step)
        case .hardRows: learnHardRows(step)
        case .softBounds: learnSoftBounds(step)
        case .eligibility: learnEligibility(step, now: UInt32(truncatingIfNeeded: t))
        }
        // Normalization of the columns of the neurons that fired.
        if r.normalizes {
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
}
