import SpikeModel

/// A few CBOR items for crafting broken blobs in the status tests, with `.mark` to
/// learn the byte offset of the item a test expects an error at. (Golden blobs come
/// from the Python exporter; this only builds small hand-made cases.)
indirect enum ModelCBOR: Sendable {
    case u(UInt64)
    case i(Int64)
    case t(String)
    case tag(UInt64, [UInt8])
    case a([ModelCBOR])
    case m([(ModelCBOR, ModelCBOR)])
    case f64
    case raw([UInt8])
    case mark(ModelCBOR)

    static func head(_ major: UInt8, _ v: UInt64, _ out: inout [UInt8]) {
        let m = major << 5
        switch v {
        case 0..<24: out.append(m | UInt8(v))
        case 24..<256: out += [m | 24, UInt8(v)]
        case 256..<65536: out += [m | 25, UInt8(v >> 8), UInt8(v & 255)]
        case 65536..<(1 << 32): out += [m | 26] + (0..<4).reversed().map { UInt8((v >> (8 * UInt64($0))) & 255) }
        default: out += [m | 27] + (0..<8).reversed().map { UInt8((v >> (8 * UInt64($0))) & 255) }
        }
    }

    func encode(_ out: inout [UInt8], _ marks: inout [Int]) {
        switch self {
        case .u(let v): Self.head(0, v, &out)
        case .i(let v): if v >= 0 { Self.head(0, UInt64(v), &out) } else { Self.head(1, UInt64(-1 - v), &out) }
        case .t(let s): Self.head(3, UInt64(s.utf8.count), &out); out += Array(s.utf8)
        case .tag(let t, let b): Self.head(6, t, &out); Self.head(2, UInt64(b.count), &out); out += b
        case .a(let items):
            Self.head(4, UInt64(items.count), &out)
            for x in items { x.encode(&out, &marks) }
        case .m(let entries):
            Self.head(5, UInt64(entries.count), &out)
            for (k, v) in entries { k.encode(&out, &marks); v.encode(&out, &marks) }
        case .f64: out += [0xFB, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0]
        case .raw(let b): out += b
        case .mark(let x): marks.append(out.count); x.encode(&out, &marks)
        }
    }

    /// A blob around `body` with a correct CRC (4-byte form). Marks in order of bytes.
    static func blob(_ body: ModelCBOR, magic: ModelCBOR = .t("SpikeRT"), version: ModelCBOR = .u(1))
        -> (bytes: [UInt8], marks: [Int])
    {
        var out: [UInt8] = [], marks: [Int] = []
        ModelCBOR.a([magic, version, body]).encode(&out, &marks)
        out[0] = 0x84
        let crc = out.withUnsafeBytes { CRC32.checksum($0) }
        marks.append(out.count)  // last mark: the CRC item
        out += [0x1A, UInt8(crc >> 24), UInt8((crc >> 16) & 255), UInt8((crc >> 8) & 255), UInt8(crc & 255)]
        return (out, marks)
    }

    // A small valid model: input (2) -> LIF (2), dense, one count decoder.
    static func population(size: ModelCBOR = .u(2), model: ModelCBOR = .u(1),
                           extra: [(ModelCBOR, ModelCBOR)] = []) -> ModelCBOR {
        .m([(.u(0), size), (.u(1), model), (.u(2), .i(100))] + extra)
    }
    static let input = ModelCBOR.m([(.u(0), .u(2)), (.u(1), .u(0))])
    static let meta = ModelCBOR.m([(.u(0), .t("tiny")), (.u(1), .t("tests")), (.u(2), .u(1000))])
    static func projection(_ extra: [(ModelCBOR, ModelCBOR)] = [],
                           weights: ModelCBOR = .tag(72, [10, 20, 30, 40])) -> ModelCBOR {
        .m([(.u(0), .u(0)), (.u(1), .u(1)), (.u(2), .u(0)), (.u(5), weights)] + extra)
    }
    static func body(populations: [ModelCBOR] = [input, population()],
                     projections: [ModelCBOR] = [projection()],
                     extra: [(ModelCBOR, ModelCBOR)] = []) -> ModelCBOR {
        .m([(.u(0), meta), (.u(1), .u(7)), (.u(2), .a(populations)), (.u(3), .a(projections)),
            (.u(5), .a([.m([(.u(0), .u(1)), (.u(1), .u(0))])]))] + extra)
    }
}
