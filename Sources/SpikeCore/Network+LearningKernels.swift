/// The four learning kernels (`LearningKernel`), each the phases of docs/SEMANTICS.md
/// 11.2 in their order for one kind of rule:
///
/// 1. the step's key, from which every row's draw derives (`RowDraw`; pair STDP only);
/// 2. the pre events into the pre traces `x`;
/// 3. depression of the rows of the pre events, which reads the post traces `y` before
///    this step's post events (and `w`, so it can follow all of step 2);
/// 4. the post events into `y`;
/// 5. potentiation of the rows with a live pre trace, onto the neurons that fired.
///
/// The trace decay before them and the normalization after them are the driver's
/// (Network+Plasticity.swift).
extension Network {
    /// Pair STDP with hard bounds on a DENSE projection: the common case, in whole-row
    /// passes over precomputed per-target steps and flagged rows.
    mutating func learnHardDense(_ s: LearningStep) {
        let r = s.rule, q = s.projection, pre = s.preEvents, post = s.postEvents
        let key = startPairStep(s)
        if s.depresses {
            if pre.count > 0, let scratch = layout.learningScratch(targets: r.targetSize) {
                let plan = Network.prepareDepression(r, s.postTraces, scratch, dense: true)
                if plan.uniform {
                    Network.depressUniformRows(r, s.weights, pre, key, scratch)
                } else {
                    for e in 0..<pre.count {
                        let i = Int(pre[e])
                        let u = UInt32(RowDraw.value(key: key, slot: UInt32(i) &* 2))
                        Network.depressHardDenseRow(r, s.weights + i &* q.targetSize, u: u,
                                                    plan: plan, scratch)
                    }
                }
            }
            counters.plasticityUpdates &+= UInt64(truncatingIfNeeded: pre.count &* q.targetSize)
        }
        Network.addSpikes(s.postTraces, r.targetSize, post, nearest: s.nearest)
        if post.count > 0 {
            // One increment per row, and only rows whose increment is not 0 are written.
            let liveRows = Network.liveRows(s.preTraces, r.sourceSize)
            potentiateDenseRows(r, q, s.weights, s.preTraces, key, post, s.targetSpiked)
            counters.plasticityUpdates &+= UInt64(truncatingIfNeeded: liveRows &* post.count)
        }
    }

    /// Pair STDP with hard bounds on a SPARSE or ONE_TO_ONE projection: the same steps
    /// through each row's targets.
    mutating func learnHardRows(_ s: LearningStep) {
        let r = s.rule, q = s.projection, pre = s.preEvents
        let key = startPairStep(s)
        if s.depresses {
            if pre.count > 0, let scratch = layout.learningScratch(targets: r.targetSize) {
                let plan = Network.prepareDepression(r, s.postTraces, scratch, dense: false)
                for e in 0..<pre.count where plan.nonzero > 0 {
                    let i = Int(pre[e])
                    let u = UInt32(RowDraw.value(key: key, slot: UInt32(i) &* 2))
                    Network.depressHardRow(r, s.weights, Network.row(q, i), u: u, scratch)
                }
            }
            counters.plasticityUpdates &+= UInt64(truncatingIfNeeded: Network.rowLengths(q, pre))
        }
        potentiateLiveRows(s) { i, p in
            let u = UInt32(RowDraw.value(key: key, slot: UInt32(truncatingIfNeeded: i) &* 2 &+ 1))
            // One draw per row makes one increment for the whole row.
            return Network.potentiateHardRow(r, s.weights, Network.row(q, i),
                                             FixedPoint.roundStochastic(p, u), s.targetSpiked)
        }
    }

    /// Pair STDP with soft bounds: every change scaled by the weight's distance to the
    /// bound it moves toward.
    mutating func learnSoftBounds(_ s: LearningStep) {
        let r = s.rule, q = s.projection, pre = s.preEvents, post = s.postEvents
        let key = startPairStep(s)
        if s.depresses {
            for e in 0..<pre.count {
                let i = Int(pre[e])
                let u = UInt32(RowDraw.value(key: key, slot: UInt32(i) &* 2))
                Network.depressSoft(r, s.weights, Network.row(q, i), u: u)
            }
            counters.plasticityUpdates &+= UInt64(truncatingIfNeeded: Network.rowLengths(q, pre))
        }
        let dense = q.kind == .dense
        potentiateLiveRows(s) { i, p in
            let u = UInt32(RowDraw.value(key: key, slot: UInt32(truncatingIfNeeded: i) &* 2 &+ 1))
            return dense
                ? Network.potentiateSoftDenseRow(r, s.weights + i &* q.targetSize, p, u, post)
                : Network.potentiateSoftRow(r, s.weights, Network.row(q, i), p, u, s.targetSpiked)
        }
    }

    /// Reward-modulated STDP: the same pairs, into eligibility traces stamped with the
    /// tick `now` (no draws: rounding happens when a reward arrives).
    mutating func learnEligibility(_ s: LearningStep, now: UInt32) {
        let r = s.rule, q = s.projection, pre = s.preEvents, post = s.postEvents
        Network.addSpikes(s.preTraces, r.sourceSize, pre, nearest: s.nearest)
        if s.depresses {
            for e in 0..<pre.count {
                Network.depressEligibility(r, s.weights, Network.row(q, Int(pre[e])), now: now)
            }
            counters.plasticityUpdates &+= UInt64(truncatingIfNeeded: Network.rowLengths(q, pre))
        }
        let dense = q.kind == .dense
        potentiateLiveRows(s) { i, p in
            let row = Network.row(q, i)
            return dense
                ? Network.potentiateEligibilityDense(r, s.weights, row, p, post, now)
                : Network.potentiateEligibilityRow(r, s.weights, row, p, s.targetSpiked, now)
        }
    }

    /// Phases 4 and 5 of the kernels that potentiate row by row (all but DENSE hard
    /// bounds): the post events into `y`, then, when a target fired, `potentiate(i, P_i)`
    /// on every row `i` with a live pre trace (`P_i = A+·x_i >> 16`), which returns how
    /// many synapses it touched.
    @inline(__always)
    private mutating func potentiateLiveRows(_ s: LearningStep, _ potentiate: (Int, Int64) -> Int) {
        let r = s.rule, x = s.preTraces
        Network.addSpikes(s.postTraces, r.targetSize, s.postEvents, nearest: s.nearest)
        guard s.postEvents.count > 0 else { return }
        for i in 0..<r.sourceSize where x[i] != 0 {
            let touched = potentiate(i, FixedPoint.floorShr(Int64(r.spec.aPlus) &* Int64(x[i]), 16))
            counters.plasticityUpdates &+= UInt64(truncatingIfNeeded: touched)
        }
    }

    /// Phases 1 and 2 of pair STDP: the step's key, drawn from the network's PRNG when
    /// the step has any spike to learn from (else not drawn at all), then the pre
    /// events into `x`. Returns the key.
    private mutating func startPairStep(_ s: LearningStep) -> UInt32 {
        let key = s.preEvents.count > 0 || s.postEvents.count > 0 ? prng.next() : 0
        Network.addSpikes(s.preTraces, s.rule.sourceSize, s.preEvents, nearest: s.nearest)
        return key
    }
}
