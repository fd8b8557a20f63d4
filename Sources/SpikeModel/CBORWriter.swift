import SpikeCore
import CCBOR

/// libcbor's buffer encoders (`cbor_encode_*`) over the caller's buffer, with one code
/// path for measuring and writing: without a buffer every head is encoded into a small
/// scratch and only counted, so the size query and the writer cannot disagree. Payload
/// bytes are copied with memcpy. No allocation.
struct CBORWriter {
    let out: UnsafeMutablePointer<UInt8>?
    let capacity: Int
    private(set) var used = 0
    private(set) var overflowed = false

    init(measuring: ()) {
        out = nil
        capacity = Int.max
    }

    init(_ buffer: UnsafeMutableRawBufferPointer) {
        out = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
        capacity = buffer.count
    }

    var measuring: Bool { out == nil }

    /// One head through a libcbor encoder `encode(buffer, size) -> written`.
    private mutating func head(_ encode: (UnsafeMutablePointer<UInt8>, Int) -> Int) {
        guard !overflowed else { return }
        if let out {
            let n = encode(out + used, capacity &- used)
            if n == 0 { overflowed = true } else { used &+= n }
        } else {
            var scratch: (UInt64, UInt64) = (0, 0)
            let n = withUnsafeMutableBytes(of: &scratch) { s in
                encode(s.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self), s.count)
            }
            used &+= n
        }
    }

    mutating func uint(_ v: UInt64) { head { cbor_encode_uint(v, $0, $1) } }

    mutating func uint(_ v: Int) { uint(UInt64(_truncatingBits: UInt(bitPattern: v))) }

    mutating func int(_ v: Int32) {
        if v >= 0 {
            uint(UInt64(_truncatingBits: UInt(UInt32(bitPattern: v))))
        } else {
            let n = UInt64(_truncatingBits: UInt(UInt32(bitPattern: -1 &- v)))
            head { cbor_encode_negint(n, $0, $1) }
        }
    }

    /// Always five bytes (`0x1A` + 4), so the CRC's size is known before its value.
    mutating func uint32Fixed(_ v: UInt32) { head { cbor_encode_uint32(v, $0, $1) } }

    mutating func bool(_ v: Bool) { head { cbor_encode_bool(v, $0, $1) } }
    mutating func map(_ n: Int) { head { cbor_encode_map_start(n, $0, $1) } }
    mutating func array(_ n: Int) { head { cbor_encode_array_start(n, $0, $1) } }
    mutating func tag(_ t: UInt64) { head { cbor_encode_tag(t, $0, $1) } }

    /// `count` payload bytes, produced by `fill` straight into the buffer.
    private mutating func payload(_ count: Int, _ fill: (UnsafeMutableRawPointer) -> Void) {
        guard !overflowed else { return }
        if let out {
            guard capacity &- used >= count else { overflowed = true; return }
            if count > 0 { fill(UnsafeMutableRawPointer(out + used)) }
        }
        used &+= count
    }

    mutating func bytes(_ p: UnsafeRawPointer?, _ count: Int) {
        head { cbor_encode_bytestring_start(count, $0, $1) }
        payload(count) { to in if let p { to.copyMemory(from: p, byteCount: count) } }
    }

    /// A byte string of `count` bytes written by `fill`.
    mutating func bytes(count: Int, _ fill: (UnsafeMutableRawPointer) -> Void) {
        head { cbor_encode_bytestring_start(count, $0, $1) }
        payload(count, fill)
    }

    mutating func text(_ s: UnsafeBufferPointer<UInt8>) {
        head { cbor_encode_string_start(s.count, $0, $1) }
        payload(s.count) { to in if let p = s.baseAddress { to.copyMemory(from: p, byteCount: s.count) } }
    }

    /// An RFC 8746 typed array: tag, then the elements' bytes (little-endian host).
    mutating func tensor<T>(_ tagNumber: UInt64, _ b: UnsafeBufferPointer<T>) {
        tag(tagNumber)
        bytes(b.baseAddress.map { UnsafeRawPointer($0) }, b.count &* MemoryLayout<T>.stride)
    }
}
