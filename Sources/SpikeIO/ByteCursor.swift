/// A read position in one line of ASCII text, with the few number parsers the spike
/// file needs. Overflow is detected, never trapped on.
struct ByteCursor {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { index >= bytes.count }
    var peek: UInt8? { isAtEnd ? nil : bytes[index] }

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }

    /// Skip a UTF-8 byte-order mark (EF BB BF) if the bytes start with one.
    mutating func skipByteOrderMark() {
        guard bytes.count - index >= 3, bytes[index] == 0xEF, bytes[index + 1] == 0xBB,
              bytes[index + 2] == 0xBF else { return }
        index += 3
    }

    mutating func skipSpaces() {
        while let b = peek, b == 32 || b == 9 || b == 13 { index += 1 }
    }

    /// Consume `byte` (after optional spaces) if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpaces()
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Consume the ASCII `word` (after optional spaces) if it is next, whole.
    mutating func take(word: StaticString) -> Bool {
        skipSpaces()
        let n = word.utf8CodeUnitCount
        guard index + n <= bytes.count else { return false }
        let w = word.utf8Start
        for k in 0..<n where bytes[index + k] != w[k] { return false }
        if index + n < bytes.count, ByteCursor.isLetter(bytes[index + n]) { return false }
        index += n
        return true
    }

    /// A run of decimal digits ≤ `limit`, after optional spaces.
    mutating func unsigned(limit: UInt64) -> UInt64? {
        guard case .value(let value) = number(limit: limit) else { return nil }
        return value
    }

    /// A run of decimal digits after optional spaces, all of it consumed; `.tooLarge`
    /// when it is above `limit` (or above UInt64's range).
    mutating func number(limit: UInt64) -> ScannedNumber {
        skipSpaces()
        var value: UInt64 = 0
        var digits = 0
        var tooLarge = false
        while let b = peek, ByteCursor.isDigit(b) {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(b &- 48))
            if o1 || o2 || sum > limit { tooLarge = true }
            value = sum
            digits += 1
            index += 1
        }
        if digits == 0 { return .none }
        return tooLarge ? .tooLarge : .value(value)
    }

    /// An optionally signed decimal integer in Int32's range, after optional spaces;
    /// no space between the sign and the digits.
    mutating func signed32() -> Int32? {
        skipSpaces()
        var negative = false
        if peek == UInt8(ascii: "-") || peek == UInt8(ascii: "+") {
            negative = peek == UInt8(ascii: "-")
            index += 1
            // The digits follow the sign at once: "- 5" is not a number.
            guard let b = peek, ByteCursor.isDigit(b) else { return nil }
        }
        guard let magnitude = unsigned(limit: negative ? 2_147_483_648 : 2_147_483_647) else {
            return nil
        }
        return negative ? Int32(truncatingIfNeeded: 0 &- magnitude) : Int32(truncatingIfNeeded: magnitude)
    }
}
