/// Little-endian reads from a byte buffer, each checked against the end.
///
/// A truncated or corrupt workload file gives a `BenchError`, never an out-of-bounds
/// read; unaligned loads because the file's fields are packed.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - offset }

    /// The next `count` bytes, consumed.
    mutating func take(_ count: Int, _ what: StaticString) throws(BenchError) -> UnsafeRawPointer {
        guard count >= 0, count <= remaining, let base = bytes.baseAddress else {
            throw BenchError("file truncated in \(what) (offset \(offset), \(count) bytes needed)")
        }
        let start = base + offset
        offset += count
        return start
    }

    /// Skips the zero bytes up to the next offset that is a multiple of `alignment`
    /// (format version 2 aligns its arrays); nonzero padding is a corrupt file.
    mutating func align(_ alignment: Int, _ what: StaticString) throws(BenchError) {
        let gap = (alignment - offset % alignment) % alignment
        let pad = try take(gap, what)
        for k in 0..<gap where pad.load(fromByteOffset: k, as: UInt8.self) != 0 {
            throw BenchError("nonzero padding before \(what) (offset \(offset - gap + k))")
        }
    }

    mutating func u8(_ what: StaticString) throws(BenchError) -> UInt8 {
        try take(1, what).load(as: UInt8.self)
    }

    mutating func u16(_ what: StaticString) throws(BenchError) -> UInt16 {
        UInt16(littleEndian: try take(2, what).loadUnaligned(as: UInt16.self))
    }

    mutating func u32(_ what: StaticString) throws(BenchError) -> UInt32 {
        UInt32(littleEndian: try take(4, what).loadUnaligned(as: UInt32.self))
    }

    mutating func i32(_ what: StaticString) throws(BenchError) -> Int32 {
        Int32(bitPattern: try u32(what))
    }
}
