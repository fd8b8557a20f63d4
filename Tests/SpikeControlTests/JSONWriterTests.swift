import Testing
import SpikeControl

/// The line writer: exact output, escaping, repair of invalid UTF-8, one line always.
@Suite("JSON writer")
struct JSONWriterTests {
    @Test("objects, arrays, integers, bools, null, nested, newline at the end")
    func exactOutput() {
        let line = JSONWriter.line { o in
            o.integer("a", -9_223_372_036_854_775_807 - 1)
            o.integer("b", UInt64.max)  // clamped to Int64.max
            o.bool("t", true)
            o.null("n")
            o.array("xs") { a in
                a.integer(0); a.bool(false); a.null(); a.string("s")
                a.object { _ in }
                a.array { _ in }
            }
            o.object("o") { p in p.string("k", literal: "v") }
        }
        #expect(text(line) == #"{"a":-9223372036854775808,"b":9223372036854775807,"t":true,"n":null,"xs":[0,false,null,"s",{},[]],"o":{"k":"v"}}"# + "\n")
    }

    @Test("strings are escaped so that the line stays one line")
    func escaping() {
        let line = JSONWriter.line { o in o.string("s", "q\"b\\n\nr\rt\tb\u{08}f\u{0C}\u{01}\u{1F}\u{7F}é😀") }
        #expect(text(line) == #"{"s":"q\"b\\n\nr\rt\tb\bf\f\u0001\u001f"# + "\u{7F}é😀\"}\n")
        #expect(line.filter { $0 == 0x0A }.count == 1)
    }

    @Test("invalid UTF-8 in byte strings becomes U+FFFD; valid bytes pass through")
    func repairsUTF8() throws {
        let line = JSONWriter.line { o in o.string("s", bytes: [0x61, 0xFF, 0xC3, 0xA9, 0xED, 0xA0, 0x80, 0xC3]) }
        // 0xED 0xA0 0x80 is an encoded surrogate: three bytes, three replacements.
        #expect(text(line) == "{\"s\":\"a\u{FFFD}é\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\"}\n")
        #expect(try JSONValue(parsing: line)["s"] == .text("a\u{FFFD}é\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"))
    }

    @Test("a JSONValue written and parsed back is the same value")
    func valueRoundTrip() throws {
        let value = JSONValue.object([
            JSONMember("x", .array([.integer(Int64.min), .integer(Int64.max), .null, .bool(true)])),
            JSONMember(key: bytes("ключ\u{0}\n"), value: .string([0, 0x0A, 0x22, 0x5C] + bytes("😀"))),
            JSONMember("nested", .object([JSONMember("e", .array([.object([])]))])),
        ])
        #expect(try JSONValue(parsing: JSONWriter.line(value)) == value)
    }
}
