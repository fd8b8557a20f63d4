/// One step of libcbor's streaming decoder: an integer, a whole definite string, or
/// the head of an array, map or tag. The C callbacks only record it here.
struct CBOREvent {
    enum Kind: UInt8 {
        case none, unsigned, negative, bytes, text, array, map, tag
        case float, bool, null, undefined, indefinite, indefiniteBreak
    }

    var kind: Kind = .none
    /// uint: the value; negint: `n` of `-1 - n`; strings: the length; arrays and maps:
    /// the count; tags: the tag number; bool: 0/1.
    var value: UInt64 = 0
    /// Strings: their first byte (inside the blob).
    var data: UnsafeRawPointer? = nil
    /// Byte offset of the item in the blob.
    var offset: Int = 0
}

/// `x` (non-negative) as UInt64, without the generic conversions that Swift 6.3 rejects
/// under -no-allocations on 32-bit targets (cross/README.md).
@inline(__always)
func wide(_ x: Int) -> UInt64 { UInt64(_truncatingBits: UInt(bitPattern: x)) }
