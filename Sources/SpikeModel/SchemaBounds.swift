import SpikeCore

/// SpikeCore's limits (`NetworkLimits`, docs/SEMANTICS.md 9) as the bounds of the
/// schema's integer reads, so the blob reader refuses exactly what the network would
/// and names the field where the blob says it. Conversions only: no limit is written
/// down twice. (Widened through `_truncatingBits`, which every Embedded target compiles
/// without the generic conversions cross/README.md warns about.)
enum SchemaBounds {
    static var populations: UInt64 { wide(NetworkLimits.maxPopulations) }
    static var projections: UInt64 { wide(NetworkLimits.maxProjections) }
    static var encoders: UInt64 { wide(NetworkLimits.maxEncoders) }
    static var decoders: UInt64 { wide(NetworkLimits.maxDecoders) }
    /// At most one learning rule per projection.
    static var rules: UInt64 { projections }
    /// Any list of the checkpoint state (one entry per element of one kind).
    static var stateList: UInt64 {
        max(max(populations, projections), max(encoders, decoders))
    }
    /// Largest index of a population (projection ends, encoders, decoders).
    static var populationIndex: UInt64 { populations &- 1 }
    /// A rule's projection index past every possible projection is kept as this value,
    /// which the cross-check then refuses like any index out of range.
    static var projectionIndexCap: Int { NetworkLimits.maxProjections }
    /// Population sizes, and every length of a conv2d geometry.
    static var populationSize: UInt64 { wide(NetworkLimits.maxPopulationSize) }
    static var delay: UInt64 { wide(NetworkLimits.maxDelay) }
    static var shift: UInt64 { wide(NetworkLimits.maxShift) }
    static var fold: UInt64 { wide(NetworkLimits.maxFold) }
    /// Q16 multipliers (decays, α, β): at most 1.0.
    static var unit: UInt64 { wide(NetworkLimits.unitMultiplier) }
    static var refractory: UInt64 { wide(NetworkLimits.maxRefractory) }
    static var amplitude: UInt64 { wide(NetworkLimits.maxAmplitude) }
    static var normTarget: UInt64 { wide(NetworkLimits.maxNormTarget) }
    static var thresholdScale: UInt64 { wide(NetworkLimits.maxThresholdScale) }
    /// |a| and |b| of IZH.
    static var izhikevichAB: Int64 { Int64(bitPattern: wide(NetworkLimits.izhikevichABLimit)) }

    /// A non-negative limit as `UInt64`.
    private static func wide(_ x: Int) -> UInt64 { UInt64(_truncatingBits: UInt(bitPattern: x)) }
    private static func wide(_ x: Int32) -> UInt64 {
        UInt64(_truncatingBits: UInt(UInt32(bitPattern: x)))
    }
}
