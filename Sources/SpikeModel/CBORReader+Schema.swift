import SpikeCore
/// Typed reads for the schema of docs/model.cddl: each checks the CBOR type (floats are
/// always `wrongType`) and the range of its field, and names the field in the error.
extension CBORReader {
    /// An unsigned integer in `min...max`.
    mutating func uint(_ field: StaticString, _ min: UInt64 = 0, _ max: UInt64 = UInt64.max)
        throws(ModelError) -> UInt64
    {
        let e = try next(field)
        switch e.kind {
        case .unsigned:
            guard e.value >= min, e.value <= max else {
                throw ModelError(.valueOutOfRange, offset: e.offset, field: field)
            }
            return e.value
        case .negative:
            throw ModelError(.valueOutOfRange, offset: e.offset, field: field)
        default:
            throw ModelError(.wrongType, offset: e.offset, field: field)
        }
    }

    /// A signed integer (uint or negint) in `min...max`.
    mutating func int(_ field: StaticString, _ min: Int64, _ max: Int64)
        throws(ModelError) -> Int64
    {
        let e = try next(field)
        let x: Int64
        switch e.kind {
        case .unsigned:
            guard e.value <= UInt64(bitPattern: Int64.max) else {
                throw ModelError(.valueOutOfRange, offset: e.offset, field: field)
            }
            x = Int64(bitPattern: e.value)
        case .negative:
            guard e.value <= UInt64(bitPattern: Int64.max) else {
                throw ModelError(.valueOutOfRange, offset: e.offset, field: field)
            }
            x = -1 &- Int64(bitPattern: e.value)
        default:
            throw ModelError(.wrongType, offset: e.offset, field: field)
        }
        guard x >= min, x <= max else {
            throw ModelError(.valueOutOfRange, offset: e.offset, field: field)
        }
        return x
    }

    mutating func int32(_ field: StaticString) throws(ModelError) -> Int32 {
        Int32(truncatingIfNeeded: try int(field, -2_147_483_648, 2_147_483_647))
    }

    /// An unsigned integer in `min...max` as `Int` (max ≤ 2^31 - 1, so any target).
    mutating func small(_ field: StaticString, _ min: UInt64, _ max: UInt64)
        throws(ModelError) -> Int
    {
        Int(truncatingIfNeeded: try uint(field, min, max))
    }

    mutating func bool(_ field: StaticString) throws(ModelError) -> Bool {
        let e = try next(field)
        guard e.kind == .bool else { throw ModelError(.wrongType, offset: e.offset, field: field) }
        return e.value != 0
    }

    /// A definite text string; its bytes must be valid UTF-8 (`malformed` otherwise).
    mutating func text(_ field: StaticString) throws(ModelError) -> TextRef {
        let e = try next(field)
        guard e.kind == .text, let d = e.data else {
            throw ModelError(.wrongType, offset: e.offset, field: field)
        }
        let start = UnsafeRawPointer(base).distance(to: d)
        let length = Int(truncatingIfNeeded: e.value)
        guard UTF8Check.valid(base + start, length) else {
            throw ModelError(.malformed, offset: e.offset, field: field)
        }
        return TextRef(start: start, count: length)
    }

    /// An RFC 8746 typed array: tag `tag` on a byte string of whole elements.
    mutating func tensor(_ field: StaticString, tag: UInt64, elementSize: Int)
        throws(ModelError) -> TensorRef
    {
        let t = try next(field)
        guard t.kind == .tag, t.value == tag else {
            throw ModelError(.wrongType, offset: t.offset, field: field)
        }
        let e = try next(field)
        guard e.kind == .bytes, let d = e.data else {
            throw ModelError(.wrongType, offset: e.offset, field: field)
        }
        let bytes = Int(truncatingIfNeeded: e.value)
        guard bytes % elementSize == 0 else {
            throw ModelError(.badShape, offset: t.offset, field: field)
        }
        return TensorRef(start: UnsafeRawPointer(base).distance(to: d), bytes: bytes,
                         offset: t.offset)
    }

    /// Refuse a little-endian int32 tensor with a negative element (`valueOutOfRange` at
    /// the tensor): learning traces are never negative, and the step relies on it.
    func requireNonNegativeInt32s(_ t: TensorRef, _ field: StaticString) throws(ModelError) {
        let start = UnsafeRawPointer(base) + t.start
        var k = 0
        while k &+ 4 <= t.bytes {
            // The sign is the top bit of the last (little-endian) byte.
            if start.load(fromByteOffset: k &+ 3, as: UInt8.self) & 0x80 != 0 {
                throw ModelError(.valueOutOfRange, offset: t.offset, field: field)
            }
            k &+= 4
        }
    }

    /// A definite array head with at most `max` elements (`min...max`).
    mutating func array(_ field: StaticString, _ min: UInt64, _ max: UInt64)
        throws(ModelError) -> (count: Int, offset: Int)
    {
        let e = try next(field)
        guard e.kind == .array else { throw ModelError(.wrongType, offset: e.offset, field: field) }
        guard e.value >= min, e.value <= max else {
            throw ModelError(.valueOutOfRange, offset: e.offset, field: field)
        }
        return (Int(truncatingIfNeeded: e.value), e.offset)
    }

    mutating func map(_ field: StaticString) throws(ModelError) -> (count: UInt64, offset: Int) {
        let e = try next(field)
        guard e.kind == .map else { throw ModelError(.wrongType, offset: e.offset, field: field) }
        return (e.value, e.offset)
    }

    /// The next key of a map whose keys are `0...maxKey`: its number, or nil for a
    /// negative (extension) key, whose value is then already skipped. Values of the
    /// map sit at `depth`. Unknown and repeated keys are errors.
    mutating func key(_ field: StaticString, maxKey: Int, seen: inout UInt64, depth: Int)
        throws(ModelError) -> Int?
    {
        let e = try next(field)
        switch e.kind {
        case .unsigned:
            guard e.value <= wide(maxKey) else {
                throw ModelError(.unknownField, offset: e.offset, field: field)
            }
            let bit: UInt64 = 1 &<< e.value
            guard seen & bit == 0 else {
                throw ModelError(.duplicateField, offset: e.offset, field: field)
            }
            seen |= bit
            return Int(truncatingIfNeeded: e.value)
        case .negative:
            try skip(next(field), depth: depth)
            return nil
        default:
            throw ModelError(.wrongType, offset: e.offset, field: field)
        }
    }

    /// Skip the next complete item at `depth`.
    mutating func skipNext(depth: Int) throws(ModelError) {
        try skip(next("element"), depth: depth)
    }
}

/// `missingField` at the map's offset unless key `key` was seen.
@inline(__always)
func require(_ seen: UInt64, _ key: Int, at offset: Int, _ field: StaticString) throws(ModelError) {
    guard seen & (1 &<< wide(key)) != 0 else {
        throw ModelError(.missingField, offset: offset, field: field)
    }
}

/// A string in the blob: `count` bytes from byte `start`.
struct TextRef {
    var start: Int
    var count: Int
}

/// A typed array's payload in the blob: `bytes` bytes from byte `start`; `offset` is
/// the tag's offset (for errors).
struct TensorRef {
    var start: Int
    var bytes: Int
    var offset: Int
}

/// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
enum UTF8Check {
    static func valid(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 { i &+= 1; continue }
            var need = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return false
            }
            guard n &- i > need else { return false }
            let c1 = p[i &+ 1]
            guard c1 >= lo, c1 <= hi else { return false }
            var k = 2
            while k <= need {
                guard p[i &+ k] & 0xC0 == 0x80 else { return false }
                k &+= 1
            }
            i &+= need &+ 1
        }
        return true
    }
}
