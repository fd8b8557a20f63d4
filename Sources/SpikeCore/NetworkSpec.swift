/// Everything needed to build a network: borrowed lists of populations, projections,
/// encoders and decoders plus the PRNG seed. Building validates all of it first
/// (`NetworkSpec+Validation.swift`), then places every buffer in the caller's arena.
public struct NetworkSpec {
    public var populations: UnsafeBufferPointer<PopulationSpec>
    public var projections: UnsafeBufferPointer<ProjectionSpec>
    public var encoders: UnsafeBufferPointer<EncoderSpec>
    public var decoders: UnsafeBufferPointer<DecoderSpec>
    /// Learning rules, at most one per projection (docs/SEMANTICS.md 11).
    public var plasticity: UnsafeBufferPointer<PlasticitySpec> = .init(start: nil, count: 0)
    /// The power mode the network starts in (docs/SEMANTICS.md 12).
    public var power = PowerSettings()
    public var seed: UInt64
    /// Use the projections' weight and CSR buffers in place instead of copying them into
    /// the arena. They must then outlive the network and never change (read-only flash).
    /// Weights a learning rule changes are copied all the same.
    public var tensorsInPlace: Bool = false

    public init(populations: UnsafeBufferPointer<PopulationSpec>,
                projections: UnsafeBufferPointer<ProjectionSpec>,
                encoders: UnsafeBufferPointer<EncoderSpec> = .init(start: nil, count: 0),
                decoders: UnsafeBufferPointer<DecoderSpec> = .init(start: nil, count: 0),
                seed: UInt64 = 0) {
        self.populations = populations
        self.projections = projections
        self.encoders = encoders
        self.decoders = decoders
        self.seed = seed
    }
}
