import TestSupport
import Testing
import SpikeControl

/// Properties over many generated inputs (deterministic seeds): the parser returns or
/// throws on any bytes, never traps; whatever the writer writes parses back equal.
@Suite("JSON properties")
struct JSONPropertyTests {
    static let seeds: [StaticString] = [
        #"{"id":1,"method":"status"}"#,
        #"{"id":"x","method":"power","params":{"mode":"low","fold":4,"scale":32768}}"#,
        #"{"id":2,"method":"learning","params":{"enabled":true,"a_plus":-5,"bounds":1}}"#,
        #"[1,-2,[true,false,null],{"k":"\u00e9\ud83d\ude00\n"}]"#,
        #""esc \" \\ \/ \b \f \n \r \t""#,
    ]

    /// A random JSON value (unique keys, bounded depth).
    static func randomValue(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        switch rng.below(depth >= 6 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(rng.below(2) == 0)
        case 2: return .integer(Int64(bitPattern: rng.next()) >> UInt64(rng.below(64)))
        case 3: return .string(randomString(&rng))
        case 4: return .array((0..<rng.below(5)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var members: [JSONMember] = []
            for k in 0..<rng.below(5) {
                members.append(JSONMember(key: randomString(&rng) + [UInt8(48 + k)], value: randomValue(&rng, depth: depth + 1)))
            }
            return .object(members)
        }
    }

    /// Valid UTF-8: ASCII including controls and quotes, and 2-, 3-, 4-byte scalars.
    static func randomString(_ rng: inout SplitMix64) -> [UInt8] {
        var s = ""
        for _ in 0..<rng.below(8) {
            switch rng.below(4) {
            case 0: s.unicodeScalars.append(Unicode.Scalar(UInt8(rng.below(128))))
            case 1: s += "\"\\\n"
            case 2: s.unicodeScalars.append(Unicode.Scalar(UInt32(0x80 + rng.below(0xD800 - 0x80)))!)
            default: s.unicodeScalars.append(Unicode.Scalar(UInt32(0x10000 + rng.below(0x100000)))!)
            }
        }
        return Array(s.utf8)
    }

    @Test("written values parse back to the same value")
    func writerRoundTrip() throws {
        var rng = SplitMix64(seed: 0x5EED)
        for _ in 0..<3000 {
            let value = Self.randomValue(&rng, depth: 0)
            let line = JSONWriter.line(value)
            #expect(line.last == 0x0A)
            #expect(!line.dropLast().contains(0x0A))
            #expect(try JSONValue(parsing: line) == value)
        }
    }

    @Test("random and mutated bytes: the parser and the request reader return or throw")
    func mutations() throws {
        var rng = SplitMix64(seed: 0xF0CC)
        let alphabet = Array(#"{}[]:,"\-0123456789.eEtrufalsn u"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xED, 0xF4, 0xFF]
        var parsed = 0, refused = 0
        for round in 0..<20_000 {
            var input: [UInt8]
            if round % 4 == 0 {
                input = (0..<rng.below(80)).map { _ in alphabet[rng.below(alphabet.count)] }
            } else {
                let seed = Self.seeds[rng.below(Self.seeds.count)]
                input = Array(UnsafeBufferPointer(start: seed.utf8Start, count: seed.utf8CodeUnitCount))
                for _ in 0..<(1 + rng.below(4)) {
                    let at = rng.below(input.count + 1)
                    switch rng.below(4) {
                    case 0 where at < input.count: input[at] = alphabet[rng.below(alphabet.count)]
                    case 1 where at < input.count: input.remove(at: at)
                    case 2: input.insert(alphabet[rng.below(alphabet.count)], at: at)
                    default: input = Array(input[0..<at])
                    }
                }
            }
            do {
                let value = try JSONValue(parsing: input)
                parsed += 1
                // Accepted input is written back and parses to the same value.
                #expect(try JSONValue(parsing: JSONWriter.line(value)) == value)
            } catch {
                refused += 1
                #expect(error.offset >= 0 && error.offset <= input.count)
            }
            switch request(text(input)) {
            case .success(let r): #expect(try ControlRequest(parsing: r.line) == r)
            case .failure(let e): #expect(!e.message.isEmpty)
            }
        }
        // Both outcomes must occur, or the generator tests nothing.
        #expect(parsed > 100)
        #expect(refused > 100)
    }
}
