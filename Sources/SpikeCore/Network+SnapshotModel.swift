/// The model a network was built from, read back out of the network (the runtime
/// records keep every description field), so that a checkpoint can write the full
/// model next to the state and load on its own. Tensors point at the network's
/// buffers: the weights are the current ones.
extension Network {
    /// Population `population` as the model declares it (in the low-power mode the step
    /// uses scaled and folded parameters derived from it; docs/SEMANTICS.md 12.2).
    public func populationSpec(_ population: Int) throws(SpikeError) -> PopulationSpec {
        try runtime(population).declared
    }

    /// Projection `projection` with its tensors (weights, and for SPARSE row pointers
    /// and columns) pointing into the network (or the blob it uses in place).
    public func projectionSpec(_ projection: Int) throws(SpikeError) -> ProjectionSpec {
        guard let projections = layout.projections, projection >= 0,
              projection < layout.projectionCount
        else { throw SpikeError(.outOfRange, index: projection, field: "projection") }
        let q = projections[projection]
        var spec = ProjectionSpec(
            source: q.source, target: q.target, kind: q.kind,
            weights: UnsafeBufferPointer(start: q.weights, count: q.weights == nil ? 0 : q.weightCount))
        spec.delay = q.declaredDelay
        spec.shift = q.shift
        spec.conv = q.conv
        if q.kind == .sparse {
            spec.rowPointers = UnsafeBufferPointer(
                start: q.rowPointers, count: q.rowPointers == nil ? 0 : q.sourceSize &+ 1)
            spec.columns = UnsafeBufferPointer(
                start: q.columns, count: q.columns == nil ? 0 : q.weightCount)
        }
        return spec
    }

    public func encoderSpec(_ encoder: Int) throws(SpikeError) -> EncoderSpec {
        guard let encoders = layout.encoders, encoder >= 0, encoder < layout.encoderCount
        else { throw SpikeError(.outOfRange, index: encoder, field: "encoder") }
        return encoders[encoder].spec
    }

    public func decoderSpec(_ decoder: Int) throws(SpikeError) -> DecoderSpec {
        guard let decoders = layout.decoders, decoder >= 0, decoder < layout.decoderCount
        else { throw SpikeError(.outOfRange, index: decoder, field: "decoder") }
        return decoders[decoder].spec
    }
}

/// One population's state buffers (see `Network.populationState`).
public struct PopulationState {
    public var size: Int
    public var model: NeuronModel
    /// Largest delay of the projections leaving the population: the spike history
    /// a checkpoint keeps is `historyDepth × size` bytes.
    public var historyDepth: Int
    public var v: UnsafeMutableBufferPointer<Int32>?
    /// `i_syn` (CUBA), `a` (ALIF) or `u` (IZH).
    public var aux: UnsafeMutableBufferPointer<Int32>?
    public var refractory: UnsafeMutableBufferPointer<UInt16>?
    public var spiked: UnsafeMutableBufferPointer<UInt8>?
    /// INPUT only: spikes injected for the next tick.
    public var pending: UnsafeMutableBufferPointer<UInt8>?
}
