import SpikeCore

/// A blob that cannot be loaded (or a checkpoint that cannot be written): the status,
/// the byte offset in the blob where the problem was found, the schema field, and for a
/// buffer or arena that is too small the bytes it would need.
///
/// Offsets point at the first byte of the offending CBOR item (for a missing field:
/// the map that lacks it; for truncation: where the blob ends mid-item).
public struct ModelError: Error, Equatable, Sendable {
    public var status: SpikeStatus
    public var offset: Int
    public var field: StaticString
    /// `bufferTooSmall`, `arenaTooSmall`: the bytes that would have been enough; else 0.
    public var needed: Int

    public init(_ status: SpikeStatus, offset: Int, field: StaticString, needed: Int = 0) {
        self.status = status
        self.offset = offset
        self.field = field
        self.needed = needed
    }

    public static func == (a: ModelError, b: ModelError) -> Bool {
        a.status == b.status && a.offset == b.offset
            && a.field.utf8Start == b.field.utf8Start && a.needed == b.needed
    }
}
