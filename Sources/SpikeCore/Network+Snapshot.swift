/// Reading and writing the run state, for checkpoints (SpikeModel writes and restores
/// them; docs/model.cddl `state`).
///
/// The accessors hand out the network's own buffers, so a checkpoint writer copies
/// straight out of the arena and a restore copies straight in: no allocation, no
/// intermediate format. A restore is only meaningful into a network built from the
/// same model (same populations, projections, encoders and decoders, in the same
/// order): the lengths are checked, the meaning is not.
extension Network {
    /// The seed the PRNG is reset to.
    public var modelSeed: UInt64 { seed }

    /// Tick at which the current decoding window started.
    public var decoderWindowStartTick: UInt64 { decoderWindowStart }

    /// Set tick, PRNG, decoder window start and counters, as saved by a checkpoint.
    /// Call it before `restoreSpikeLists`, which places spikes relative to the tick.
    /// A window start after `tick` is refused (`outOfRange`), as is an all-zero PRNG
    /// state, which xoshiro128** can never leave.
    public mutating func restoreRunState(
        tick: UInt64, prng: Xoshiro128StarStar, decoderWindowStart: UInt64,
        counters: NetworkCounters
    ) throws(SpikeError) {
        guard decoderWindowStart <= tick else {
            throw SpikeError(.outOfRange, field: "decoder_window_start")
        }
        guard prng.s0 | prng.s1 | prng.s2 | prng.s3 != 0 else {
            throw SpikeError(.outOfRange, field: "prng")
        }
        self.tick = tick
        self.stepIndex = tick
        self.prng = prng
        self.decoderWindowStart = decoderWindowStart
        self.counters = counters
    }

    /// Call after the whole state has been written back (populations, spike lists,
    /// traces): recomputes what the step keeps about rest and pending input.
    public mutating func finishRestore() {
        refreshRestFlags()
    }

    /// The state buffers of population `population` (lengths `size`; nil where the
    /// model has no such state). Writing through them changes the network's state.
    public func populationState(_ population: Int) throws(SpikeError) -> PopulationState {
        let p = try runtime(population)
        let n = p.size
        func buffer<T>(_ x: UnsafeMutablePointer<T>?) -> UnsafeMutableBufferPointer<T>? {
            guard let x else { return nil }
            return UnsafeMutableBufferPointer(start: x, count: n)
        }
        return PopulationState(
            size: n, model: p.spec.model, historyDepth: p.historyDepth,
            v: buffer(p.v), aux: buffer(p.aux), refractory: buffer(p.refractory),
            spiked: buffer(p.spiked), pending: buffer(p.pending))
    }

    /// Held values and per-channel state (LATENCY countdowns, DELTA references; nil
    /// for RATE) of encoder `encoder`, `channels` entries each.
    public func encoderState(_ encoder: Int) throws(SpikeError)
        -> (values: UnsafeMutableBufferPointer<Int32>, state: UnsafeMutableBufferPointer<Int32>?)
    {
        guard let encoders = layout.encoders, encoder >= 0, encoder < layout.encoderCount
        else { throw SpikeError(.outOfRange, index: encoder, field: "encoder") }
        let e = encoders[encoder]
        let values = UnsafeMutableBufferPointer(start: e.values, count: e.values == nil ? 0 : e.channels)
        guard let s = e.state else { return (values, nil) }
        return (values, UnsafeMutableBufferPointer(start: s, count: e.channels))
    }

    /// COUNT / FIRST_SPIKE values of decoder `decoder` (one per neuron); nil for MEMBRANE.
    public func decoderState(_ decoder: Int) throws(SpikeError) -> UnsafeMutableBufferPointer<UInt32>? {
        guard let decoders = layout.decoders, let populations = layout.populations,
              decoder >= 0, decoder < layout.decoderCount
        else { throw SpikeError(.outOfRange, index: decoder, field: "decoder") }
        let d = decoders[decoder]
        guard let values = d.values else { return nil }
        return UnsafeMutableBufferPointer(start: values, count: populations[d.spec.population].size)
    }
}
