import Testing
import SpikeControl

/// The one-line JSON parser: values, escapes, and every refusal with its byte offset.
@Suite("JSON parser")
struct JSONParserTests {
    @Test("values of every kind, members in order, whitespace around tokens")
    func values() throws {
        let v = try JSONValue(parsing: bytes(" {\"a\" : [1, -2, 0, true, false, null], \"b\":{},\"c\":\"x\", \"d\":[]}\r\n"))
        #expect(v == .object([
            JSONMember("a", .array([.integer(1), .integer(-2), .integer(0), .bool(true), .bool(false), .null])),
            JSONMember("b", .object([])),
            JSONMember("c", .text("x")),
            JSONMember("d", .array([])),
        ]))
        #expect(v["c"] == .text("x"))
        #expect(v["missing"] == nil)
        #expect(try JSONValue(parsing: bytes("42")) == .integer(42))
        #expect(try JSONValue(parsing: bytes("\"\"")) == .string([]))
    }

    @Test("integers at the 64-bit bounds; one past them overflows")
    func integerBounds() throws {
        #expect(try JSONValue(parsing: bytes("9223372036854775807")) == .integer(Int64.max))
        #expect(try JSONValue(parsing: bytes("-9223372036854775808")) == .integer(Int64.min))
        #expect(try JSONValue(parsing: bytes("-0")) == .integer(0))
        #expect(parse("[9223372036854775808]") == .failure(JSONParseError(.integerOverflow, at: 1)))
        #expect(parse("-9223372036854775809") == .failure(JSONParseError(.integerOverflow, at: 0)))
        #expect(parse("123456789012345678901234567890") == .failure(JSONParseError(.integerOverflow, at: 0)))
    }

    @Test("escapes, \\u, surrogate pairs and raw UTF-8 decode to UTF-8 bytes")
    func escapes() throws {
        let v = try JSONValue(parsing: bytes(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00é€😀\u0000""#))
        let expected: [UInt8] = [0x22, 0x5C, 0x2F, 0x08, 0x0C, 0x0A, 0x0D, 0x09, 0x41]
            + bytes("é€😀") + bytes("é€😀") + [0]
        #expect(v == .string(expected))
    }

    @Test("each refusal names its kind and the offending byte", arguments: [
        ("", JSONParseError.Kind.unexpectedEnd, 0),
        ("   ", .unexpectedEnd, 3),
        ("{\"a\":1", .unexpectedEnd, 6),
        ("[1,]", .expectedValue, 3),
        ("[,1]", .expectedValue, 1),
        ("x", .expectedValue, 0),
        ("{1:2}", .expectedKey, 1),
        ("{\"a\",1}", .expectedColon, 4),
        ("[1 2]", .expectedCommaOrEnd, 3),
        ("{\"a\":1]", .expectedCommaOrEnd, 6),
        ("{} {}", .trailingGarbage, 3),
        ("1x", .trailingGarbage, 1),
        ("tru", .invalidLiteral, 0),
        ("[nul]", .invalidLiteral, 1),
        ("TRUE", .expectedValue, 0),
        ("012", .leadingZero, 0),
        ("[-01]", .leadingZero, 2),
        ("-", .unexpectedEnd, 1),
        ("-a", .invalidNumber, 1),
        ("1.5", .integersOnly, 1),
        ("[2e3]", .integersOnly, 2),
        ("10E1", .integersOnly, 2),
        ("\"a\u{01}b\"", .controlCharacter, 2),
        ("\"tab\there\"", .controlCharacter, 4),
        ("\"\\x\"", .invalidEscape, 1),
        ("\"ab\\u12G4\"", .invalidUnicodeEscape, 3),
        ("\"\\u12\"", .invalidUnicodeEscape, 1),
        ("\"\\ud800\"", .loneSurrogate, 1),
        ("\"\\udc00\"", .loneSurrogate, 1),
        ("\"x\\ud800\\u0041\"", .loneSurrogate, 2),
        ("{\"a\":1,\"b\":2,\"a\":3}", .duplicateKey, 13),
        ("\"abc", .unexpectedEnd, 4),
    ])
    func refusals(_ line: String, _ kind: JSONParseError.Kind, _ offset: Int) {
        #expect(parse(line) == .failure(JSONParseError(kind, at: offset)), "\(line)")
    }

    @Test("invalid UTF-8 is refused at its first byte", arguments: [
        ([0x22, 0x61, 0xFF, 0x22], 2),              // never valid
        ([0x22, 0xC0, 0xAF, 0x22], 1),              // overlong "/"
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], 1),        // overlong 3-byte
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),        // encoded surrogate U+D800
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),  // above U+10FFFF
        ([0x22, 0x61, 0x62, 0xE2, 0x82, 0x22], 3),  // truncated sequence
        ([0x22, 0x80, 0x22], 1),                    // lone continuation byte
    ] as [([UInt8], Int)])
    func invalidUTF8(_ line: [UInt8], _ offset: Int) {
        do {
            _ = try JSONValue(parsing: line)
            Issue.record("accepted \(line)")
        } catch {
            #expect(error == JSONParseError(.invalidUTF8, at: offset))
        }
    }

    @Test("limits: line length, depth, items, string length")
    func limits() throws {
        let small = JSONLimits(maxLineLength: 32, maxDepth: 3, maxItems: 4, maxStringLength: 5)
        #expect(parse(String(repeating: " ", count: 30) + "1", limits: small) == .success(.integer(1)))
        #expect(parse(String(repeating: " ", count: 32) + "1", limits: small) == .failure(JSONParseError(.lineTooLong, at: 32)))
        #expect(parse("[[[1]]]", limits: small) == .success(.array([.array([.array([.integer(1)])])])))
        #expect(parse("[[{\"a\":[1]}]]", limits: small) == .failure(JSONParseError(.tooDeep, at: 7)))
        #expect(parse("[1,2,3,4]", limits: small).isSuccess)
        #expect(parse("[1,2,3,4,5]", limits: small) == .failure(JSONParseError(.tooManyItems, at: 9)))
        #expect(parse("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}", limits: small) == .failure(JSONParseError(.tooManyItems, at: 25)))
        #expect(parse("\"abcde\"", limits: small) == .success(.text("abcde")))
        #expect(parse("[\"abcdef\"]", limits: small) == .failure(JSONParseError(.stringTooLong, at: 1)))
        #expect(parse("\"\\u20ac\\u20ac\"", limits: small) == .failure(JSONParseError(.stringTooLong, at: 0)))
        // The default depth: 16 nested arrays parse, 17 do not.
        let deep16 = String(repeating: "[", count: 16) + String(repeating: "]", count: 16)
        let deep17 = String(repeating: "[", count: 17) + String(repeating: "]", count: 17)
        #expect(parse(deep16).isSuccess)
        #expect(parse(deep17) == .failure(JSONParseError(.tooDeep, at: 16)))
        // Far deeper input is refused at the bound, not by exhausting the stack.
        #expect(parse(String(repeating: "[", count: 60_000)) == .failure(JSONParseError(.tooDeep, at: 16)))
    }

    @Test("errors say why in words")
    func reasons() {
        let e = JSONParseError(.integersOnly, at: 3)
        #expect(String(describing: e.reason).contains("integer-only"))
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
