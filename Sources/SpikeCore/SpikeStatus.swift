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

    // Model blobs (docs/model.cddl). Each comes with the byte offset and field where
    // the loader found it.

    /// Not a SpikeRT blob: the magic string is missing or wrong.
    public static let badMagic = SpikeStatus(rawValue: 13)
    /// A blob format version this build does not read.
    public static let unsupportedVersion = SpikeStatus(rawValue: 14)
    /// The CRC-32 over the blob does not match: the blob is corrupted.
    public static let checksumMismatch = SpikeStatus(rawValue: 15)
    /// The blob ends in the middle of an item.
    public static let truncated = SpikeStatus(rawValue: 16)
    /// Bytes follow the end of the blob.
    public static let trailingBytes = SpikeStatus(rawValue: 17)
    /// A CBOR item has the wrong major type or tag for its field.
    public static let wrongType = SpikeStatus(rawValue: 18)
    /// A number is outside the range docs/model.cddl allows for its field.
    public static let valueOutOfRange = SpikeStatus(rawValue: 19)
    /// A required field is missing.
    public static let missingField = SpikeStatus(rawValue: 20)
    /// A field appears twice in one map.
    public static let duplicateField = SpikeStatus(rawValue: 21)
    /// A non-negative key this version does not know (negative keys are extensions).
    public static let unknownField = SpikeStatus(rawValue: 22)
    /// A tensor's length does not match the shape the description implies.
    public static let badShape = SpikeStatus(rawValue: 23)
    /// Arrays and maps are nested deeper than the schema ever needs.
    public static let nestingTooDeep = SpikeStatus(rawValue: 24)
    /// The bytes are not well-formed CBOR.
    public static let malformed = SpikeStatus(rawValue: 25)
    /// The caller's output buffer (e.g. for a checkpoint) is too small.
    public static let bufferTooSmall = SpikeStatus(rawValue: 26)

    // C ABI handles and arguments (include/spikert.h).

    /// The pointer is not a live network handle (never loaded, unloaded, or its arena
    /// moved or overwritten).
    public static let badHandle = SpikeStatus(rawValue: 27)
    /// The arena already holds a live network; unload it before loading again.
    public static let arenaInUse = SpikeStatus(rawValue: 28)
    /// A non-index argument is invalid: an unknown flag bit, mode, counter or parameter.
    public static let invalidArgument = SpikeStatus(rawValue: 29)

    // Since 1.1.

    /// A learning rule is invalid: a parameter out of range, a second rule on one
    /// projection, a rule on a CONV2D projection, normalization where it does not apply.
    public static let invalidPlasticity = SpikeStatus(rawValue: 30)

    /// The highest code defined so far (the C header's codes are 0 through this).
    public static let last = invalidPlasticity
}
