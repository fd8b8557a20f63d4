/// Outcome of every fallible SpikeCore operation.
///
/// One frozen, raw-valued struct rather than an enum so that the values can be mirrored
/// one to one by the `#define`s of the C header and never renumbered: a new code is a new
/// constant, an old one keeps its number forever.
@frozen
public struct SpikeStatus: RawRepresentable, Equatable, Hashable, Sendable {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let ok = SpikeStatus(rawValue: 0)
    /// A required pointer was NULL (C ABI).
    public static let nullPointer = SpikeStatus(rawValue: 1)
    /// The caller's arena is smaller than the size query asked for.
    public static let arenaTooSmall = SpikeStatus(rawValue: 2)
    /// The caller's arena does not start on a 16-byte boundary.
    public static let arenaMisaligned = SpikeStatus(rawValue: 3)
    /// A population description breaks a limit of docs/SEMANTICS.md section 9.
    public static let invalidPopulation = SpikeStatus(rawValue: 4)
    /// A projection description is inconsistent (endpoints, shapes, CSR, conv geometry…).
    public static let invalidProjection = SpikeStatus(rawValue: 5)
    /// An encoder description is invalid.
    public static let invalidEncoder = SpikeStatus(rawValue: 6)
    /// A decoder description is invalid.
    public static let invalidDecoder = SpikeStatus(rawValue: 7)
    /// The zero-delay projections form a cycle, so no tick order exists.
    public static let zeroDelayCycle = SpikeStatus(rawValue: 8)
    /// A count (populations, projections, fan-in, total size) exceeds its limit.
    public static let limitExceeded = SpikeStatus(rawValue: 9)
    /// A run-time index (population, neuron, channel, encoder, decoder) is out of range.
    public static let outOfRange = SpikeStatus(rawValue: 10)
    /// The call does not fit the object's state or kind (e.g. a spike injected into a
    /// population that is not an input).
    public static let wrongState = SpikeStatus(rawValue: 11)
    /// The model asks for something this build does not implement.
    public static let unsupported = SpikeStatus(rawValue: 12)
}
