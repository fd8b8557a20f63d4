import Foundation
import SpikeCore
import Testing
@testable import SpikeModel

/// One crafted blob per failure: each must come back with its own status, the byte
/// offset of the offending item and the field.
@Suite("Model blob statuses")
struct ModelStatusTests {
    typealias C = ModelCBOR

    @Test func validBlobLoads() throws {
        let blob = C.blob(C.body(extra: [(.i(-3), .m([(.f64, .a([.f64, .t("x"), .tag(99, [1])]))]))]))
        #expect(tryLoad(blob.bytes, steps: 10) == nil)
    }

    @Test func magic() {
        expectError(C.blob(C.body(), magic: .mark(.t("SpikeRX"))), .badMagic, "magic")
        expectError(([0xA0, 0x00], [0]), .badMagic, "magic")
    }

    @Test func version() { expectError(C.blob(C.body(), version: .mark(.u(2))), .unsupportedVersion, "version") }

    @Test func checksum() {
        var b = C.blob(C.body())
        b.bytes[b.bytes.count - 1] ^= 1
        expectError(b, .checksumMismatch, "crc32", at: b.marks.last!)
        var c = C.blob(C.body())
        let name = try! #require((0..<c.bytes.count).first { Array(c.bytes[$0..<($0 + 4)]) == Array("tiny".utf8) })
        c.bytes[name + 1] ^= 0x01  // "tiny" -> "thny": still well-formed
        expectError(c, .checksumMismatch, "crc32", at: c.marks.last!)
    }

    @Test func truncatedAndTrailing() {
        var b = C.blob(C.body())
        b.bytes.removeLast()
        expectError(b, .truncated, "crc32", at: b.marks.last!)
        expectError(([], [0]), .truncated, "blob")
        var t = C.blob(C.body())
        t.bytes.append(0)
        expectError(t, .trailingBytes, "blob", at: t.bytes.count - 1)
    }

    @Test func wrongTypeAndFloat() {
        expectError(C.blob(C.body(populations: [C.input, C.population(extra: [(.u(3), .mark(.t("x")))])])),
                    .wrongType, "beta")
        expectError(C.blob(C.body(populations: [C.input, C.population(extra: [(.u(7), .mark(.f64))])])),
                    .wrongType, "v_reset")
        expectError(C.blob(C.body(projections: [C.projection(weights: .mark(.tag(64, [1, 2, 3, 4])))])),
                    .wrongType, "weights")
    }

    @Test func ranges() {
        expectError(C.blob(C.body(populations: [C.input, C.population(extra: [(.u(3), .mark(.u(65537)))])])),
                    .valueOutOfRange, "beta")
        expectError(C.blob(C.body(populations: [C.input, C.population(size: .mark(.u(0)))])),
                    .valueOutOfRange, "size")
        expectError(C.blob(C.body(populations: [C.input, C.population(extra: [(.u(10), .mark(.i(-2_147_483_649)))])])),
                    .valueOutOfRange, "bias")
        expectError(C.blob(C.body(populations: [C.input, C.population(extra: [(.u(13), .mark(.i(-1_048_577)))])])),
                    .valueOutOfRange, "izh_a")
        expectError(C.blob(C.body(projections: [C.projection([(.u(4), .mark(.u(25)))])])),
                    .valueOutOfRange, "shift")
    }

    @Test func missingDuplicateUnknown() {
        expectError(C.blob(C.body(populations: [C.input, .mark(.m([(.u(0), .u(2))]))])), .missingField, "model")
        expectError(C.blob(.mark(.m([(.u(0), C.meta), (.u(2), .a([C.input]))]))), .missingField, "seed")
        expectError(C.blob(C.body(populations: [C.input, C.population(extra: [(.mark(.u(0)), .u(2))])])),
                    .duplicateField, "population")
        expectError(C.blob(C.body(populations: [C.input, C.population(extra: [(.mark(.u(19)), .u(2))])])),
                    .unknownField, "population")
        expectError(C.blob(C.body(extra: [(.mark(.u(9)), .u(0))])), .unknownField, "body")
    }

    @Test func shapes() {
        expectError(C.blob(C.body(projections: [C.projection(weights: .mark(.tag(72, [1, 2, 3])))])),
                    .badShape, "weights")
        // SPARSE 2 -> 2: row_ptr [0, 1, 2], col [0, 5]: column 5 is outside the target.
        let rows = C.tag(70, [0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0])
        expectError(C.blob(C.body(projections: [C.projection([(.u(6), rows),
                                                              (.u(7), .mark(.tag(69, [0, 0, 5, 0])))],
                                                             weights: .tag(72, [1, 1])).replacingKind()])),
                    .badShape, "col")
        let badRows = C.tag(70, [0, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0])
        expectError(C.blob(C.body(projections: [C.projection([(.u(6), .mark(badRows)),
                                                              (.u(7), .tag(69, [0, 0, 1, 0]))],
                                                             weights: .tag(72, [1, 1])).replacingKind()])),
                    .badShape, "row_ptr")
        expectError(C.blob(C.body(projections: [.mark(C.projection([(.u(0), .u(7))]).droppingFirstKey())])),
                    .valueOutOfRange, "source")
    }

    @Test func depthMalformedIndefinite() {
        var nested = C.u(0)
        for _ in 0..<3 { nested = .a([nested]) }
        let tooDeep = C.a([.a([.a([.a([.a([.mark(.a([nested]))])])])])])
        expectError(C.blob(C.body(extra: [(.i(-1), tooDeep)])), .nestingTooDeep, "depth")
        expectError(C.blob(C.body(extra: [(.i(-1), .mark(.raw([0x1C])))])), .malformed, "element")
        expectError(C.blob(C.body(extra: [(.i(-1), .mark(.raw([0x9F, 0x01, 0xFF])))])), .malformed, "indefinite")
        expectError(C.blob(C.body(populations: [C.input, C.population(extra: [(.u(18), .mark(.raw([0x62, 0xC3, 0x28])))])])),
                    .malformed, "name")
    }

    @Test func networkRulesAtTheElement() {
        // An encoder on a LIF population: SpikeCore refuses it; the offset is the encoder's.
        let enc = C.m([(.u(0), .u(1)), (.u(1), .u(0))])
        expectError(C.blob(C.body(extra: [(.u(4), .a([.mark(enc)]))])), .invalidEncoder, "population")
        // A projection into the input population.
        expectError(C.blob(C.body(projections: [.mark(C.m([(.u(0), .u(1)), (.u(1), .u(0)), (.u(2), .u(0)),
                                                             (.u(5), .tag(72, [1, 2, 3, 4]))]))])),
                    .invalidProjection, "target")
    }

    @Test func arena() throws {
        let b = C.blob(C.body()).bytes
        try b.withUnsafeBytes { blob in
            let size = try ModelLoader.arenaSize(blob: blob)
            let a = UnsafeMutableRawBufferPointer.allocate(byteCount: size + 16, alignment: 16)
            defer { a.deallocate() }
            #expect(throws: ModelError(.arenaTooSmall, offset: 0, field: "arena", needed: size)) {
                _ = try ModelLoader.load(blob: blob, arena: UnsafeMutableRawBufferPointer(rebasing: a[0..<(size - 1)]))
            }
            #expect(throws: ModelError(.arenaMisaligned, offset: 0, field: "arena")) {
                _ = try ModelLoader.load(blob: blob, arena: UnsafeMutableRawBufferPointer(rebasing: a[1..<(size + 1)]))
            }
        }
    }

    @Test func checkpointState() throws {
        let t = try TestModel(C.blob(C.body()).bytes)
        t.net { $0.step(count: 3) }
        var cp = try t.checkpoint()
        // The `s` flags of population 0: find the tag-64 byte string of length 2 after key 3.
        let sFlags: [UInt8] = [0x03, 0xD8, 0x40, 0x42]
        let at = try #require((0..<(cp.count - 4)).first { Array(cp[$0..<($0 + 4)]) == sFlags })
        cp[at + 4] = 2
        let crcAt = cp.count - 4
        let crc = cp.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(crcAt - 1)])) }
        cp.replaceSubrange(crcAt..., with: [UInt8(crc >> 24), UInt8((crc >> 16) & 255), UInt8((crc >> 8) & 255), UInt8(crc & 255)])
        #expect(tryLoad(cp) == ModelError(.valueOutOfRange, offset: at + 1, field: "s"))
    }
}

extension ModelCBOR {
    /// The projection map with its kind (key 2) set to SPARSE.
    func replacingKind() -> ModelCBOR {
        guard case .m(let entries) = self else { return self }
        var out: [(ModelCBOR, ModelCBOR)] = []
        for (k, v) in entries {
            if case .u(2) = k { out.append((k, .u(1))) } else { out.append((k, v)) }
        }
        return .m(out)
    }

    /// The map without its first entry (so an appended key 0 replaces it).
    func droppingFirstKey() -> ModelCBOR {
        guard case .m(let entries) = self else { return self }
        return .m(Array(entries.dropFirst()))
    }
}
