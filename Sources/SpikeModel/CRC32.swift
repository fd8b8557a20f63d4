/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the blob's integrity check,
/// identical to Python's `zlib.crc32`. Four bits per step through a 16-entry table
/// held in a `switch` (no global array, nothing to initialise, no allocation).
public struct CRC32 {
    public private(set) var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    public var value: UInt32 { ~state }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var c = state
        for b in bytes {
            c ^= UInt32(truncatingIfNeeded: b)
            c = (c &>> 4) ^ CRC32.nibble(c & 15)
            c = (c &>> 4) ^ CRC32.nibble(c & 15)
        }
        state = c
    }

    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    @inline(__always)
    static func nibble(_ i: UInt32) -> UInt32 {
        switch i {
        case 0: return 0x0000_0000
        case 1: return 0x1DB7_1064
        case 2: return 0x3B6E_20C8
        case 3: return 0x26D9_30AC
        case 4: return 0x76DC_4190
        case 5: return 0x6B6B_51F4
        case 6: return 0x4DB2_6158
        case 7: return 0x5005_713C
        case 8: return 0xEDB8_8320
        case 9: return 0xF00F_9344
        case 10: return 0xD6D6_A3E8
        case 11: return 0xCB61_B38C
        case 12: return 0x9B64_C2B0
        case 13: return 0x86D3_D2D4
        case 14: return 0xA00A_E278
        default: return 0xBDBD_F21C
        }
    }
}
