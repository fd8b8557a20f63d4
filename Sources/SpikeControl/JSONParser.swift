/// A strict RFC 8259 parser of one line, within `JSONLimits`, that never traps: every
/// index is checked against the end, every integer accumulates with overflow reporting,
/// and recursion is bounded by `maxDepth`. Numbers are integers only (see `JSONValue`).
struct JSONParser {
    private let bytes: UnsafeRawBufferPointer
    private let limits: JSONLimits
    private var index = 0

    init(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// The whole line as one value, whitespace around it allowed, nothing else.
    mutating func parseLine() throws(JSONParseError) -> JSONValue {
        guard bytes.count <= limits.maxLineLength else {
            throw JSONParseError(.lineTooLong, at: limits.maxLineLength)
        }
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw JSONParseError(.trailingGarbage, at: index) }
        return value
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { index += 1 }
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard let b = peek else { throw JSONParseError(.unexpectedEnd, at: index) }
        switch b {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try parseInteger())
        default: throw JSONParseError(.expectedValue, at: index)
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        guard bytes.count - index >= n,
              word.matches(UnsafeRawBufferPointer(rebasing: bytes[index..<(index + n)])) else {
            throw JSONParseError(.invalidLiteral, at: index)
        }
        index += n
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= limits.maxDepth else { throw JSONParseError(.tooDeep, at: index) }
        index += 1  // {
        var members: [JSONMember] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            let keyOffset = index
            guard let b = peek else { throw JSONParseError(.unexpectedEnd, at: index) }
            guard b == UInt8(ascii: "\"") else { throw JSONParseError(.expectedKey, at: index) }
            guard members.count < limits.maxItems else { throw JSONParseError(.tooManyItems, at: index) }
            let key = try parseString()
            for member in members where member.key == key {
                throw JSONParseError(.duplicateKey, at: keyOffset)
            }
            skipWhitespace()
            guard let colon = peek else { throw JSONParseError(.unexpectedEnd, at: index) }
            guard colon == UInt8(ascii: ":") else { throw JSONParseError(.expectedColon, at: index) }
            index += 1
            skipWhitespace()
            members.append(JSONMember(key: key, value: try parseValue(depth: depth)))
            if try endOfItem(closing: UInt8(ascii: "}")) { return .object(members) }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= limits.maxDepth else { throw JSONParseError(.tooDeep, at: index) }
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            guard elements.count < limits.maxItems else { throw JSONParseError(.tooManyItems, at: index) }
            elements.append(try parseValue(depth: depth))
            if try endOfItem(closing: UInt8(ascii: "]")) { return .array(elements) }
        }
    }

    /// After a member or element: `,` (more follow, false) or `closing` (true).
    private mutating func endOfItem(closing: UInt8) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard let b = peek else { throw JSONParseError(.unexpectedEnd, at: index) }
        index += 1
        if b == closing { return true }
        guard b == UInt8(ascii: ",") else { throw JSONParseError(.expectedCommaOrEnd, at: index - 1) }
        return false
    }

    private mutating func parseInteger() throws(JSONParseError) -> Int64 {
        let start = index
        var negative = false
        if peek == UInt8(ascii: "-") { negative = true; index += 1 }
        guard let first = peek, first >= 48, first <= 57 else {
            throw JSONParseError(peek == nil ? .unexpectedEnd : .invalidNumber, at: index)
        }
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        var magnitude: UInt64 = 0
        var overflow = false
        while let b = peek, b >= 48, b <= 57 {
            if index > start + (negative ? 1 : 0), first == 48 {
                throw JSONParseError(.leadingZero, at: index - 1)
            }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(b &- 48))
            if o1 || o2 || sum > limit { overflow = true } else { magnitude = sum }
            index += 1
        }
        if let b = peek, b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            throw JSONParseError(.integersOnly, at: index)
        }
        guard !overflow else { throw JSONParseError(.integerOverflow, at: start) }
        return negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(truncatingIfNeeded: magnitude)
    }

    /// A string at `"`, decoded to UTF-8 bytes.
    private mutating func parseString() throws(JSONParseError) -> [UInt8] {
        let start = index
        index += 1  // "
        var out: [UInt8] = []
        while true {
            guard let b = peek else { throw JSONParseError(.unexpectedEnd, at: index) }
            if b == UInt8(ascii: "\"") { index += 1; return out }
            if b < 0x20 { throw JSONParseError(.controlCharacter, at: index) }
            if b == UInt8(ascii: "\\") {
                try parseEscape(into: &out)
            } else if b < 0x80 {
                out.append(b)
                index += 1
            } else {
                guard let n = UTF8Scalar.sequenceLength(in: bytes, at: index) else {
                    throw JSONParseError(.invalidUTF8, at: index)
                }
                for k in 0..<n { out.append(bytes[index + k]) }
                index += n
            }
            guard out.count <= limits.maxStringLength else {
                throw JSONParseError(.stringTooLong, at: start)
            }
        }
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = index
        index += 1  // backslash
        guard let e = peek else { throw JSONParseError(.unexpectedEnd, at: index) }
        index += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hex4()
            var scalar = UInt32(unit)
            if unit >= 0xDC00, unit <= 0xDFFF { throw JSONParseError(.loneSurrogate, at: escapeStart) }
            if unit >= 0xD800, unit <= 0xDBFF {
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"),
                      bytes[index + 1] == UInt8(ascii: "u") else {
                    throw JSONParseError(.loneSurrogate, at: escapeStart)
                }
                index += 2
                let low = try hex4()
                guard low >= 0xDC00, low <= 0xDFFF else { throw JSONParseError(.loneSurrogate, at: escapeStart) }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            }
            UTF8Scalar.append(scalar, to: &out)
        default:
            throw JSONParseError(.invalidEscape, at: escapeStart)
        }
    }

    /// Four hex digits after `\u`.
    private mutating func hex4() throws(JSONParseError) -> UInt16 {
        let start = index - 2
        guard bytes.count - index >= 4 else { throw JSONParseError(.invalidUnicodeEscape, at: start) }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt8
            switch b {
            case 48...57: digit = b - 48
            case 65...70: digit = b - 55
            case 97...102: digit = b - 87
            default: throw JSONParseError(.invalidUnicodeEscape, at: start)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
