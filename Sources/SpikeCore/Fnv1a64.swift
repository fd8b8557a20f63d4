/// FNV-1a, 64 bit: the state hash of docs/SEMANTICS.md section 8. Chosen because it is
/// trivial to reimplement bit-exactly in any language and needs no tables.
public struct Fnv1a64 {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    @inline(__always)
    public mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    public mutating func add(littleEndian x: UInt32) {
        add(byte: UInt8(truncatingIfNeeded: x))
        add(byte: UInt8(truncatingIfNeeded: x >> 8))
        add(byte: UInt8(truncatingIfNeeded: x >> 16))
        add(byte: UInt8(truncatingIfNeeded: x >> 24))
    }

    public mutating func add(littleEndian x: Int32) {
        add(littleEndian: UInt32(bitPattern: x))
    }

    public mutating func add(littleEndian x: UInt64) {
        add(littleEndian: UInt32(truncatingIfNeeded: x))
        add(littleEndian: UInt32(truncatingIfNeeded: x &>> 32))
    }
}
