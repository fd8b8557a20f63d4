/// Byte-level helpers for the ASCII texts of this module (pin names, profile values).
///
/// Embedded Swift links no Unicode tables, so `String` comparison and Character work
/// are out; names are compared and parsed as UTF-8 bytes instead.
enum ASCIIText {
    /// Upper-case an ASCII letter; other bytes unchanged.
    static func upper(_ byte: UInt8) -> UInt8 {
        byte >= 97 && byte <= 122 ? byte - 32 : byte
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Whether `bytes` starts with `prefix`, ignoring ASCII case (`prefix` is upper case).
    static func hasPrefix(_ bytes: ArraySlice<UInt8>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let start = prefix.utf8Start
        var index = bytes.startIndex
        for offset in 0..<count {
            if upper(bytes[index]) != start[offset] { return false }
            index += 1
        }
        return true
    }

    /// The value of a non-empty run of decimal digits that fits in `UInt32`; nil for
    /// anything else (signs, spaces, empty, overflow).
    static func decimal(_ bytes: ArraySlice<UInt8>) -> UInt32? {
        guard !bytes.isEmpty else { return nil }
        var value: UInt32 = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt32(byte - 48))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// Whether the texts are byte for byte equal (what `==` would be without Unicode).
    static func equal(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }

    /// Whether `text` is byte for byte equal to `word`.
    static func equal(_ text: String, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard text.utf8.count == count else { return false }
        let start = word.utf8Start
        var offset = 0
        for byte in text.utf8 {
            if byte != start[offset] { return false }
            offset += 1
        }
        return true
    }

    /// A String from UTF-8 bytes (decoding, never comparing: fine in Embedded mode).
    static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
