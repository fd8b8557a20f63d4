/// Builds one JSON line into a `[UInt8]`.
///
/// The output is valid JSON on one line by construction: members and elements are
/// written through `JSONObjectWriter` / `JSONArrayWriter`, which place the commas,
/// colons and brackets, so a caller cannot unbalance them; strings are escaped (control
/// characters as `\u00XX`, newlines included) and invalid UTF-8 in byte strings is
/// replaced by U+FFFD. What the writer cannot rule out, and the parser refuses, is a
/// caller writing one key twice or nesting deeper than `JSONLimits.maxDepth`.
public struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(128) }

    /// A line holding one object, newline included.
    public static func line(_ body: (inout JSONObjectWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter()
        writer.object(body)
        writer.bytes.append(0x0A)
        return writer.bytes
    }

    /// A line holding `value`, newline included.
    public static func line(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.value(value)
        writer.bytes.append(0x0A)
        return writer.bytes
    }

    // MARK: values (one per writer at top level; JSONArrayWriter/JSONObjectWriter call these)

    mutating func object(_ body: (inout JSONObjectWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        var inner = JSONObjectWriter(writer: JSONWriter(continuing: takeBytes()))
        body(&inner)
        bytes = inner.finish()
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func array(_ body: (inout JSONArrayWriter) -> Void) {
        bytes.append(UInt8(ascii: "["))
        var inner = JSONArrayWriter(writer: JSONWriter(continuing: takeBytes()))
        body(&inner)
        bytes = inner.finish()
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func value(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .integer(let v): integer(v)
        case .string(let s): string(bytes: s)
        case .array(let elements):
            array { a in
                for element in elements { a.value(element) }
            }
        case .object(let members):
            object { o in
                for member in members { o.value(key: member.key, member.value) }
            }
        }
    }

    mutating func integer(_ v: Int64) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = v.magnitude
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }  // ≤ 10^18 for |v| ≤ 2^63
        while divisor > 0 {
            bytes.append(UInt8(truncatingIfNeeded: magnitude / divisor % 10) + 48)
            divisor /= 10
        }
    }

    /// A string from bytes that should be UTF-8; invalid sequences become U+FFFD.
    mutating func string<C: RandomAccessCollection>(bytes text: C) where C.Element == UInt8, C.Index == Int {
        bytes.append(UInt8(ascii: "\""))
        var i = text.startIndex
        while i < text.endIndex {
            let b = text[i]
            if b < 0x80 {
                escapeASCII(b)
                i += 1
            } else if let n = UTF8Scalar.sequenceLength(in: text, at: i) {
                for k in 0..<n { bytes.append(text[i + k]) }
                i += n
            } else {
                bytes.append(0xEF); bytes.append(0xBF); bytes.append(0xBD)  // U+FFFD
                i += 1
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string from Swift text (valid UTF-8 by construction).
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in text.utf8 {
            if b < 0x80 { escapeASCII(b) } else { bytes.append(b) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string from a literal.
    mutating func string(_ text: StaticString) {
        string(bytes: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ word: StaticString) {
        let start = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount { bytes.append(start[k]) }
    }

    mutating func appendByte(_ b: UInt8) { bytes.append(b) }

    private mutating func escapeASCII(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0..<0x20:
            append("\\u00")
            let hex: StaticString = "0123456789abcdef"
            bytes.append(hex.utf8Start[Int(b >> 4)])
            bytes.append(hex.utf8Start[Int(b & 0x0F)])
        default: bytes.append(b)
        }
    }

    /// Moves the buffer out (no copy), for a nested writer to continue and hand back.
    mutating func takeBytes() -> [UInt8] {
        var moved: [UInt8] = []
        swap(&moved, &bytes)
        return moved
    }

    init(continuing bytes: [UInt8]) { self.bytes = bytes }
}
