/// Exact quiescence and the skip rules (docs/SEMANTICS.md 12.1): a population at rest
/// that receives nothing is not updated, and a quiescent network advances time without
/// computing anything. Both leave every bit of the state as computing would have; only
/// the `neuronUpdates` and `skippedTicks` counters show the difference.
extension Network {
    /// All state is at rest and nothing is queued: stepping would only advance time.
    /// Checked against the inputs given so far for the next step.
    public var isQuiescent: Bool {
        if pendingInputs { return false }
        guard let populations = layout.populations else { return true }
        for i in 0..<layout.populationCount {
            let p = populations[i]
            guard p.restingNeurons, p.historyEmpty else { return false }
        }
        if let rules = layout.rules {
            for r in 0..<layout.ruleCount where rules[r].spec.enabled && rules[r].tracesActive {
                return false
            }
        }
        return encodersIdle
    }

    /// Advance `count` steps with no new input. The part that starts quiescent is one
    /// jump, however long; until then the network steps.
    public mutating func idle(steps count: UInt64) {
        var remaining = count
        while remaining > 0 {
            if power.mode != .full && isQuiescent {
                skipQuiescentSteps(remaining)
                return
            }
            step()
            remaining &-= 1
        }
    }

    /// `count` quiescent steps at once: time moves, nothing else does. The spike lists
    /// are emptied so the history reads as "no spikes" from the new step on.
    mutating func skipQuiescentSteps(_ count: UInt64) {
        let ticks = count &* UInt64(truncatingIfNeeded: power.ticksPerStep)
        tick &+= ticks
        stepIndex &+= count
        counters.skippedTicks &+= ticks
        guard let populations = layout.populations else { return }
        for i in 0..<layout.populationCount {
            let p = populations[i]
            Network.fill(p.spikeCounts, 0, p.slotMask &+ 1)
            let quiet = UInt64(truncatingIfNeeded: p.quietSteps) &+ count
            populations[i].quietSteps = quiet > 2147483647 ? Int(Int32.max) : Int(truncatingIfNeeded: quiet)
        }
    }

    /// Some incoming projection of `p` delivers a spike in step `h`.
    func receivesSpikes(_ p: PopulationRuntime, step h: UInt64) -> Bool {
        guard let projections = layout.projections, let incoming = layout.incoming,
              let populations = layout.populations else { return false }
        for k in p.incomingStart..<(p.incomingStart + p.incomingCount) {
            let q = projections[Int(incoming[k])]
            let delay = UInt64(truncatingIfNeeded: q.delay)
            guard h >= delay else { continue }
            let source = populations[q.source]
            guard let counts = source.spikeCounts else { continue }
            if counts[source.slot(ofStep: h &- delay)] != 0 { return true }
        }
        return false
    }

    /// The skip rule: a resting population with no input keeps its state and emits
    /// nothing; only its (stale) spike list slot for step `h` must read empty.
    func skipResting(_ p: UnsafeMutablePointer<PopulationRuntime>, step h: UInt64) {
        if let counts = p.pointee.spikeCounts { counts[p.pointee.slot(ofStep: h)] = 0 }
        p.pointee.noteSpikes(0)
    }

    /// No encoder would emit a spike or draw from the PRNG in a step without new values.
    var encodersIdle: Bool {
        guard let encoders = layout.encoders else { return true }
        for e in 0..<layout.encoderCount {
            let enc = encoders[e]
            guard let values = enc.values else { continue }
            switch enc.spec.kind {
            case .rate:
                for k in 0..<enc.channels where values[k] > 0 { return false }
            case .latency:
                guard let countdown = enc.state else { continue }
                for k in 0..<enc.channels where countdown[k] != -1 { return false }
            case .delta:
                guard let reference = enc.state else { continue }
                let threshold = Int64(enc.spec.parameter)
                for k in 0..<enc.channels {
                    let d = Int64(values[k]) &- Int64(reference[k])
                    if d >= threshold || d <= 0 &- threshold { return false }
                }
            }
        }
        return true
    }

    /// Recompute every population's rest bookkeeping from its state (after a reset, a
    /// restore or a change of effective parameters), and every rule's trace flag.
    mutating func refreshRestFlags() {
        pendingInputs = false
        if let populations = layout.populations {
            for i in 0..<layout.populationCount {
                if Network.anyNonzero(populations[i].pending, populations[i].size) {
                    pendingInputs = true
                }
                populations[i].canRest = Network.canRest(populations[i].spec)
                populations[i].restingNeurons = neuronsAtRest(populations[i])
                populations[i].quietSteps = quietSteps(populations[i])
            }
        }
        if let rules = layout.rules {
            for r in 0..<layout.ruleCount { rules[r].tracesActive = Network.anyTrace(rules[r]) }
        }
    }

    /// A population whose zero state is a fixed point of the no-input update.
    static func canRest(_ spec: PopulationSpec) -> Bool {
        switch spec.model {
        case .input: return true
        case .izhikevich: return false
        case .leakyIntegrator: return spec.bias == 0
        case .lif, .cuba, .integrateAndFire, .adaptiveLIF:
            return spec.bias == 0 && spec.threshold >= 0
        }
    }

    private func neuronsAtRest(_ p: PopulationRuntime) -> Bool {
        guard p.canRest else { return false }
        let n = p.size
        if let aux = p.aux,
           p.spec.model == .adaptiveLIF && p.spec.adaptDecay == NetworkLimits.unitMultiplier
        {
            // Frozen adaptation: a positive `a` stays as it is, only a negative one moves.
            for j in 0..<n where aux[j] < 0 { return false }
        } else if Network.anyNonzero(p.aux, n) {
            return false
        }
        return !Network.anyNonzero(p.v, n) && !Network.anyNonzero(p.refractory, n)
            && !Network.anyNonzero(p.spiked, n) && !Network.anyNonzero(p.pending, n)
    }

    /// Steps since `p` last spiked, read off its spike lists (capped at the slots kept).
    private func quietSteps(_ p: PopulationRuntime) -> Int {
        guard let counts = p.spikeCounts else { return Int(Int32.max) }
        var quiet = 0
        while quiet <= p.slotMask {
            let back = UInt64(truncatingIfNeeded: quiet &+ 1)
            guard stepIndex >= back else { return Int(Int32.max) }
            if counts[p.slot(ofStep: stepIndex &- back)] != 0 { return quiet }
            quiet &+= 1
        }
        return Int(Int32.max)
    }

    static func anyTrace(_ rule: PlasticityRuntime) -> Bool {
        anyNonzero(rule.pre, rule.sourceSize) || anyNonzero(rule.post, rule.targetSize)
    }
}
