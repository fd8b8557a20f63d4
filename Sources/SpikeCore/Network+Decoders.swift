/// Decoders (docs/SEMANTICS.md section 6): spike counts, first-spike latency and
/// membrane readout, over a window the caller restarts with `resetDecoders()`.
extension Network {
    /// Start a new decoding window now: counts to 0, first spikes to none.
    public mutating func resetDecoders() {
        decoderWindowStart = tick
        guard let decoders = layout.decoders, let populations = layout.populations else {
            return
        }
        for d in 0..<layout.decoderCount {
            let dec = decoders[d]
            let n = populations[dec.spec.population].size
            Network.fill(dec.values, dec.spec.kind == .firstSpike ? UInt32.max : 0, n)
        }
    }

    /// Value of decoder `decoder` for `neuron`: COUNT spikes (u32), FIRST_SPIKE ticks from
    /// the window start (0xFFFFFFFF = none yet), MEMBRANE `v` (i32).
    public func decoderValue(_ decoder: Int, neuron: Int) throws(SpikeError) -> Int64 {
        guard let decoders = layout.decoders, decoder >= 0, decoder < layout.decoderCount
        else { throw SpikeError(.outOfRange, index: decoder, field: "decoder") }
        let dec = decoders[decoder]
        if dec.spec.kind == .membrane {
            return Int64(try membrane(population: dec.spec.population, neuron: neuron))
        }
        guard let values = dec.values, neuron >= 0,
              let populations = layout.populations,
              neuron < populations[dec.spec.population].size
        else { throw SpikeError(.outOfRange, index: neuron, field: "neuron") }
        return Int64(values[neuron])
    }

    /// Phase 4: decoders observe the spikes of tick `t` (step `h`).
    func updateDecoders(tick t: UInt64, step h: UInt64) {
        guard let decoders = layout.decoders, let populations = layout.populations else {
            return
        }
        let elapsed = t &- decoderWindowStart
        let relative = UInt32(truncatingIfNeeded: elapsed > 0xFFFF_FFFE ? 0xFFFF_FFFE : elapsed)
        for d in 0..<layout.decoderCount {
            let dec = decoders[d]
            guard let values = dec.values else { continue }
            let p = populations[dec.spec.population]
            guard let lists = p.spikeLists, let counts = p.spikeCounts else { continue }
            let slot = p.slot(ofStep: h)
            let list = lists + slot &* p.size
            for k in 0..<Int(counts[slot]) {
                let j = Int(list[k])
                switch dec.spec.kind {
                case .count:
                    if values[j] != UInt32.max { values[j] &+= 1 }
                case .firstSpike:
                    if values[j] == UInt32.max { values[j] = relative }
                case .membrane:
                    break
                }
            }
        }
    }
}
