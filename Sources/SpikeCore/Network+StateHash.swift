/// The state hash of docs/SEMANTICS.md section 8: FNV-1a 64 over tick, PRNG, every
/// neuron's state, spike histories, encoder state and weights. Two implementations
/// agree on this number only if they agree on every bit of the state.
extension Network {
    public func stateHash() -> UInt64 {
        var h = Fnv1a64()
        h.addLittleEndian(tick, bytes: 8)
        h.addWord(prng.s0)
        h.addWord(prng.s1)
        h.addWord(prng.s2)
        h.addWord(prng.s3)
        if let populations = layout.populations {
            for i in 0..<layout.populationCount {
                hashPopulation(populations[i], into: &h)
            }
        }
        if let encoders = layout.encoders {
            for e in 0..<layout.encoderCount {
                let enc = encoders[e]
                h.addWords(enc.values, enc.channels)
                h.addWords(enc.state, enc.channels)
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
        h.addWords(rule.pre, rule.sourceSize)
        h.addWords(rule.post, rule.targetSize)
        guard let e = rule.eligibility, let stamps = rule.stamps else { return }
        h.addWords(e, rule.synapseCount)
        h.addWords(UnsafeMutableRawPointer(stamps).assumingMemoryBound(to: Int32.self),
                   rule.synapseCount)
    }

    private func hashPopulation(_ p: PopulationRuntime, into h: inout Fnv1a64) {
        for j in 0..<p.size {
            if let v = p.v { h.addWord(UInt32(bitPattern: v[j])) }
            if let aux = p.aux { h.addWord(UInt32(bitPattern: aux[j])) }
            if let ref = p.refractory { h.addWord(UInt32(ref[j])) }
            if p.spec.model != .leakyIntegrator, let spiked = p.spiked {
                h.addWord(UInt32(spiked[j]))
            }
        }
        guard p.historyDepth > 0, let lists = p.spikeLists, let counts = p.spikeCounts else {
            return
        }
        for k in 1...p.historyDepth {
            let back = UInt64(k)
            // Steps before the first read as empty lists: one loop hashes both cases.
            var list = lists, count = 0
            if stepIndex >= back {
                let slot = p.slot(ofStep: stepIndex &- back)
                list = lists + slot &* p.size
                count = Int(counts[slot])
            }
            var next = 0
            for j in 0..<p.size {
                let hit = next < count && Int(list[next]) == j
                h.add(byte: hit ? 1 : 0)
                if hit { next &+= 1 }
            }
        }
    }
}

extension Fnv1a64 {
    /// One state word, little-endian, out of line: the state hash sends every word of
    /// the state through here. The hash runs per checkpoint or per check, never inside
    /// a step.
    @inline(never)
    mutating func addWord(_ x: UInt32) {
        addLittleEndian(UInt64(x), bytes: 4)
    }

    /// The low `count` bytes of `x`, least significant first. The count is an argument
    /// so that this stays a loop: unrolled for a constant 4, the 64-bit multiplies cost
    /// over 100 bytes of Thumb-2.
    @inline(never)
    mutating func addLittleEndian(_ x: UInt64, bytes count: Int) {
        var rest = x
        for _ in 0..<count {
            add(byte: UInt8(truncatingIfNeeded: rest))
            rest &>>= 8
        }
    }

    /// `n` words from `x`, if it is not nil (buffers a model does not use are nil).
    @inline(never)
    mutating func addWords(_ x: UnsafeMutablePointer<Int32>?, _ n: Int) {
        guard let x else { return }
        for k in 0..<n { addWord(UInt32(bitPattern: x[k])) }
    }
}
