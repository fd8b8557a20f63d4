/// UTF-8 validation and encoding, done by hand because the parser and the writer work on
/// bytes and must refuse (or repair) what RFC 3629 forbids: overlong forms, surrogates,
/// values above U+10FFFF, truncated sequences.
enum UTF8Scalar {
    /// The length (1…4) of the well-formed UTF-8 sequence starting at `index`, or nil.
    static func sequenceLength<C: RandomAccessCollection>(in bytes: C, at index: Int) -> Int?
        where C.Element == UInt8, C.Index == Int
    {
        guard index >= bytes.startIndex, index < bytes.endIndex else { return nil }
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // range of the first continuation byte
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F  // no surrogates
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F  // nothing above U+10FFFF
        default: return nil
        }
        guard bytes.endIndex - index >= length else { return nil }
        let first = bytes[index + 1]
        guard first >= low, first <= high else { return nil }
        var k = 2
        while k < length {
            guard bytes[index + k] & 0xC0 == 0x80 else { return nil }
            k += 1
        }
        return length
    }

    /// Append the UTF-8 form of `scalar` (≤ U+10FFFF, not a surrogate: the caller checks).
    static func append(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(truncatingIfNeeded: scalar))
        case 0x80..<0x800:
            out.append(0xC0 | UInt8(truncatingIfNeeded: scalar >> 6))
            out.append(0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(0xE0 | UInt8(truncatingIfNeeded: scalar >> 12))
            out.append(0x80 | UInt8(truncatingIfNeeded: (scalar >> 6) & 0x3F))
            out.append(0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F))
        default:
            out.append(0xF0 | UInt8(truncatingIfNeeded: (scalar >> 18) & 0x07))
            out.append(0x80 | UInt8(truncatingIfNeeded: (scalar >> 12) & 0x3F))
            out.append(0x80 | UInt8(truncatingIfNeeded: (scalar >> 6) & 0x3F))
            out.append(0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F))
        }
    }
}
