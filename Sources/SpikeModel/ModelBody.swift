import SpikeCore
/// Where the parts of a blob are (byte offsets of their CBOR items) and the counts and
/// scalars read on the way: the result of checking the envelope and the body's own
/// structure. Everything later re-reads the blob from these offsets.
struct ModelBody {
    var metaName = TextRef(start: 0, count: 0)
    var metaProducer = TextRef(start: 0, count: 0)
    var metaDescription: TextRef? = nil
    var dt: UInt64 = 0
    var seed: UInt64 = 0
    var bodyOffset = 0
    /// Offsets of the first element of each list (valid when its count > 0).
    var populations = 0, projections = 0, encoders = 0, decoders = 0
    var populationCount = 0, projectionCount = 0, encoderCount = 0, decoderCount = 0
    var populationsOffset = 0, projectionsOffset = 0, encodersOffset = 0, decodersOffset = 0
    /// Learning rules (body key 6): first element, count, the list's own offset.
    var plasticity = 0, plasticityCount = 0, plasticityOffset = 0
    /// Body key 8, or the defaults; `powerModeOffset` is where a mode the network
    /// refuses is reported (the mode's value, else the map, else the body).
    var power = PowerSettings()
    var powerModeOffset = 0
    /// Offset of the `state` map, or -1 (not a checkpoint).
    var state = -1
    /// Bytes of all strings (meta and names): the string pool when copying.
    var stringBytes = 0

    /// Check the envelope (magic, version, well-formedness, depth, trailing bytes, CRC)
    /// and then the body's fields, in that order, so that a corrupted blob is reported
    /// as `checksumMismatch` before any schema error it may cause.
    static func read(_ blob: UnsafeRawBufferPointer) throws(ModelError) -> ModelBody {
        var r = CBORReader(blob)
        let top = try r.next("blob")
        guard top.kind == .array else { throw ModelError(.badMagic, offset: 0, field: "magic") }
        let magic = try r.next("magic")
        guard magic.kind == .text, magic.value == 7, let m = magic.data,
              m.load(fromByteOffset: 0, as: UInt8.self) == 0x53,  // S
              m.load(fromByteOffset: 1, as: UInt8.self) == 0x70,  // p
              m.load(fromByteOffset: 2, as: UInt8.self) == 0x69,  // i
              m.load(fromByteOffset: 3, as: UInt8.self) == 0x6B,  // k
              m.load(fromByteOffset: 4, as: UInt8.self) == 0x65,  // e
              m.load(fromByteOffset: 5, as: UInt8.self) == 0x52,  // R
              m.load(fromByteOffset: 6, as: UInt8.self) == 0x54   // T
        else { throw ModelError(.badMagic, offset: magic.offset, field: "magic") }
        let version = try r.next("version")
        guard version.kind == .unsigned, version.value == 1 else {
            throw ModelError(.unsupportedVersion, offset: version.offset, field: "version")
        }
        guard top.value == 4 else { throw ModelError(.wrongType, offset: 0, field: "blob") }
        var body = ModelBody()
        body.bodyOffset = r.offset
        body.powerModeOffset = r.offset
        try r.skipNext(depth: 2)
        let crcStart = r.offset
        let crc = try r.next("crc32")
        guard crc.kind == .unsigned else {
            throw ModelError(.wrongType, offset: crc.offset, field: "crc32")
        }
        guard crc.value <= 0xFFFF_FFFF else {
            throw ModelError(.valueOutOfRange, offset: crc.offset, field: "crc32")
        }
        guard r.offset == blob.count else {
            throw ModelError(.trailingBytes, offset: r.offset, field: "blob")
        }
        let actual = CRC32.checksum(UnsafeRawBufferPointer(rebasing: blob[0..<crcStart]))
        guard UInt64(_truncatingBits: UInt(actual)) == crc.value else {
            throw ModelError(.checksumMismatch, offset: crc.offset, field: "crc32")
        }
        r.offset = body.bodyOffset
        try body.readBody(&r)
        return body
    }

    private mutating func readBody(_ r: inout CBORReader) throws(ModelError) {
        let m = try r.map("body")
        var seen: UInt64 = 0
        for _ in 0..<m.count {
            guard let k = try r.key("body", maxKey: 8, seen: &seen, depth: 3) else { continue }
            switch k {
            case 0: try readMeta(&r)
            case 1: seed = try r.uint("seed")
            case 2:
                let a = try r.array("populations", 1, SchemaBounds.populations)
                populationCount = a.count
                populationsOffset = a.offset
                populations = r.offset
                for _ in 0..<a.count {
                    let p = try ModelElements.population(&r, depth: 4)
                    addString(p.name)
                }
            case 3:
                let a = try r.array("projections", 0, SchemaBounds.projections)
                projectionCount = a.count
                projectionsOffset = a.offset
                projections = r.offset
                for _ in 0..<a.count {
                    addString(try ModelElements.projection(&r, depth: 4).name)
                }
            case 4:
                let a = try r.array("encoders", 0, SchemaBounds.encoders)
                encoderCount = a.count
                encodersOffset = a.offset
                encoders = r.offset
                for _ in 0..<a.count { addString(try ModelElements.encoder(&r, depth: 4).name) }
            case 5:
                let a = try r.array("decoders", 0, SchemaBounds.decoders)
                decoderCount = a.count
                decodersOffset = a.offset
                decoders = r.offset
                for _ in 0..<a.count { addString(try ModelElements.decoder(&r, depth: 4).name) }
            case 6:
                let a = try r.array("plasticity", 0, SchemaBounds.rules)
                plasticityCount = a.count
                plasticityOffset = a.offset
                plasticity = r.offset
                for _ in 0..<a.count { _ = try ModelElements.plasticity(&r, depth: 4) }
            case 7:
                state = r.offset
                try r.skipNext(depth: 3)
            default:
                let p = try ModelElements.power(&r, depth: 3)
                power = p.settings
                powerModeOffset = p.modeOffset
            }
        }
        try require(seen, 0, at: m.offset, "meta")
        try require(seen, 1, at: m.offset, "seed")
        try require(seen, 2, at: m.offset, "populations")
    }

    private mutating func readMeta(_ r: inout CBORReader) throws(ModelError) {
        let m = try r.map("meta")
        var seen: UInt64 = 0
        for _ in 0..<m.count {
            guard let k = try r.key("meta", maxKey: 3, seen: &seen, depth: 4) else { continue }
            switch k {
            case 0: metaName = try r.text("name")
            case 1: metaProducer = try r.text("producer")
            case 2: dt = try r.uint("dt")
            default: metaDescription = try r.text("description")
            }
        }
        try require(seen, 0, at: m.offset, "name")
        try require(seen, 1, at: m.offset, "producer")
        try require(seen, 2, at: m.offset, "dt")
        addString(metaName)
        addString(metaProducer)
        addString(metaDescription)
    }

    private mutating func addString(_ t: TextRef?) {
        if let t { stringBytes &+= t.count }
    }
}
