/// Why a line is not a JSON value the control protocol accepts, and the byte offset
/// (0-based, into the line) of the offending byte.
public struct JSONParseError: Error, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case lineTooLong
        case unexpectedEnd
        case expectedValue
        case expectedKey
        case expectedColon
        case expectedCommaOrEnd
        case trailingGarbage
        case invalidLiteral
        case leadingZero
        case invalidNumber
        case integersOnly
        case integerOverflow
        case controlCharacter
        case invalidEscape
        case invalidUnicodeEscape
        case loneSurrogate
        case invalidUTF8
        case stringTooLong
        case tooDeep
        case tooManyItems
        case duplicateKey
    }

    public var kind: Kind
    public var offset: Int

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// What is wrong, in words.
    public var reason: StaticString {
        switch kind {
        case .lineTooLong: return "line too long"
        case .unexpectedEnd: return "unexpected end of line"
        case .expectedValue: return "expected a value"
        case .expectedKey: return "expected a string key"
        case .expectedColon: return "expected ':' after the key"
        case .expectedCommaOrEnd: return "expected ',' or the end of the array or object"
        case .trailingGarbage: return "bytes after the value"
        case .invalidLiteral: return "invalid literal (true, false or null)"
        case .leadingZero: return "leading zero in a number"
        case .invalidNumber: return "invalid number"
        case .integersOnly: return "numbers must be integers (no fraction or exponent: the runtime is integer-only)"
        case .integerOverflow: return "integer outside the 64-bit range"
        case .controlCharacter: return "control character in a string (escape it)"
        case .invalidEscape: return "invalid escape in a string"
        case .invalidUnicodeEscape: return "invalid \\u escape (four hex digits needed)"
        case .loneSurrogate: return "\\u escape of an unpaired UTF-16 surrogate"
        case .invalidUTF8: return "invalid UTF-8"
        case .stringTooLong: return "string too long"
        case .tooDeep: return "arrays and objects nested too deeply"
        case .tooManyItems: return "too many members or elements"
        case .duplicateKey: return "duplicate key"
        }
    }
}
