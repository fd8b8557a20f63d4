/// The state hash of docs/SEMANTICS.md section 8: FNV-1a 64 over tick, PRNG, every
/// neuron's state, spike histories, encoder state and weights. Two implementations
/// agree on this number only if they agree on every bit of the state.
extension Network {
    public func stateHash() -> UInt64 {
        var h = Fnv1a64()
        h.add(littleEndian: tick)
        h.add(littleEndian: prng.s0)
        h.add(littleEndian: prng.s1)
        h.add(littleEndian: prng.s2)
        h.add(littleEndian: prng.s3)
        if let populations = layout.populations {
            for i in 0..<layout.populationCount {
                hashPopulation(populations[i], into: &h)
            }
        }
        if let encoders = layout.encoders {
            for e in 0..<layout.encoderCount {
                let enc = encoders[e]
                if let values = enc.values {
                    for k in 0..<enc.channels { h.add(littleEndian: values[k]) }
                }
                if let state = enc.state {
                    for k in 0..<enc.channels { h.add(littleEndian: state[k]) }
                }
            }
        }
        if let projections = layout.projections {
            for j in 0..<layout.projectionCount {
                guard let w = projections[j].weights else { continue }
                for k in 0..<projections[j].weightCount {
                    h.add(byte: UInt8(bitPattern: w[k]))
                }
            }
        }
        if let rules = layout.rules {
            for r in 0..<layout.ruleCount { hashRule(rules[r], into: &h) }
        }
        return h.value
    }

    /// Traces, then every eligibility, then every stamp (SEMANTICS.md 8, item 6).
    private func hashRule(_ rule: PlasticityRuntime, into h: inout Fnv1a64) {
        if let pre = rule.pre { for i in 0..<rule.sourceSize { h.add(littleEndian: pre[i]) } }
        if let post = rule.post { for j in 0..<rule.targetSize { h.add(littleEndian: post[j]) } }
        guard let e = rule.eligibility, let stamps = rule.stamps else { return }
        for k in 0..<rule.synapseCount { h.add(littleEndian: e[k]) }
        for k in 0..<rule.synapseCount { h.add(littleEndian: stamps[k]) }
    }

    private func hashPopulation(_ p: PopulationRuntime, into h: inout Fnv1a64) {
        for j in 0..<p.size {
            if let v = p.v { h.add(littleEndian: v[j]) }
            if let aux = p.aux { h.add(littleEndian: aux[j]) }
            if let ref = p.refractory { h.add(littleEndian: Int32(ref[j])) }
            if p.spec.model != .leakyIntegrator, let spiked = p.spiked {
                h.add(littleEndian: Int32(spiked[j]))
            }
        }
        guard p.historyDepth > 0, let lists = p.spikeLists, let counts = p.spikeCounts else {
            return
        }
        for k in 1...p.historyDepth {
            let back = UInt64(k)
            guard stepIndex >= back else {
                for _ in 0..<p.size { h.add(byte: 0) }
                continue
            }
            let slot = p.slot(ofStep: stepIndex &- back)
            let list = lists + slot &* p.size
            let count = Int(counts[slot])
            var next = 0
            for j in 0..<p.size {
                let hit = next < count && Int(list[next]) == j
                h.add(byte: hit ? 1 : 0)
                if hit { next &+= 1 }
            }
        }
    }
}
