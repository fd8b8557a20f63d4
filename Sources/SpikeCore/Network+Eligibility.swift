/// Reward-modulated STDP (docs/SEMANTICS.md 11.2, 11.3): pairs change per-synapse
/// eligibility traces, decayed lazily (each synapse stamped with the tick it was last
/// brought up to date), and a reward turns eligibility into weight changes. The kernel
/// that calls the first two is in Network+LearningKernels.swift.
extension Network {
    /// Depression of one row into eligibility: each synapse loses `A−·y_j` (scaled by
    /// its distance to `w_min` with soft bounds).
    static func depressEligibility(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
                                   _ row: SynapseRow, now: UInt32) {
        guard let y = r.post, let e = r.eligibility, let stamps = r.stamps else { return }
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

    /// Potentiation of one DENSE row into eligibility: `p` on the synapses onto the
    /// neurons that fired; returns how many synapses that is.
    static func potentiateEligibilityDense(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
                                           _ row: SynapseRow, _ p: Int64,
                                           _ post: UnsafeBufferPointer<UInt16>, _ now: UInt32) -> Int {
        for k in 0..<post.count {
            Network.addEligibility(r, w, row.start &+ Int(post[k]), p, now)
        }
        return post.count
    }

    /// Potentiation of one SPARSE or ONE_TO_ONE row into eligibility, on the synapses
    /// whose target fired; returns how many synapses that is.
    static func potentiateEligibilityRow(_ r: PlasticityRuntime, _ w: UnsafeMutablePointer<Int8>,
                                         _ row: SynapseRow, _ p: Int64,
                                         _ spiked: UnsafeMutablePointer<UInt8>, _ now: UInt32) -> Int {
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

    /// The eligibility `e` brought up to tick `now` (its lazy decay).
    @inline(__always)
    static func eligibility(_ e: Int32, stamp: UInt32, now: UInt32, decay: Int32) -> Int32 {
        let elapsed = now &- stamp
        guard elapsed != 0, e != 0 else { return e }
        return FixedPoint.decay(e, FixedPoint.powQ16(decay, UInt64(elapsed)))
    }

    /// Deliver a reward (Q16.16, may be negative) to every enabled reward-modulated rule:
    /// each synapse's weight moves by learning rate × reward × eligibility. A network
    /// without such a rule refuses it (`unsupported`).
    public mutating func reward(_ amount: Int32) throws(SpikeError) {
        guard let rules = layout.rules, let projections = layout.projections else {
            throw SpikeError(.unsupported, field: "reward")
        }
        var any = false
        for r in 0..<layout.ruleCount where rules[r].spec.rule.isRewardModulated { any = true }
        guard any else { throw SpikeError(.unsupported, field: "reward") }
        let now = UInt32(truncatingIfNeeded: tick)
        for r in 0..<layout.ruleCount {
            let rule = rules[r]
            guard rule.spec.enabled, rule.spec.rule.isRewardModulated,
                  let e = rule.eligibility, let stamps = rule.stamps else { continue }
            let q = projections[rule.spec.projection]
            guard let w = q.weights else { continue }
            let g = Int64(FixedPoint.sat32(
                FixedPoint.floorShr(Int64(rule.spec.learningRate) &* Int64(amount), 16)))
            let lo = Int64(rule.spec.wMin), hi = Int64(rule.spec.wMax)
            let key = prng.next()
            for i in 0..<rule.sourceSize {
                let u = UInt32(RowDraw.value(key: key, slot: UInt32(truncatingIfNeeded: i)))
                let row = Network.row(q, i)
                for k in 0..<row.count {
                    let s = row.start &+ k
                    let current = Network.eligibility(e[s], stamp: stamps[s], now: now,
                                                      decay: rule.spec.decayEligibility)
                    e[s] = current
                    stamps[s] = now
                    let change = FixedPoint.roundStochastic(
                        FixedPoint.floorShr(g &* Int64(current), 16), u)
                    w[s] = Network.applyChange(w[s], change, lo, hi)
                }
            }
            counters.plasticityUpdates &+= UInt64(truncatingIfNeeded: rule.synapseCount)
        }
    }
}
