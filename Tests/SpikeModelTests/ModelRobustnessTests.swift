import Foundation
import SpikeCore
import Testing
@testable import SpikeModel

/// Every truncation and single-bit flips of every golden blob: the loader returns a
/// status or a network that steps fine; never a crash. Run under ASan in CI:
/// `swift test --sanitize=address --filter ModelRobustness`.
@Suite("Model loader robustness")
struct ModelRobustnessTests {
    /// Every bit of the first 4 KiB of every blob is flipped; every other flip is also
    /// tried with the CRC recomputed, so the schema and network checks are exercised on
    /// their own. CI runs this suite optimized under ASan:
    /// `swift test -c release -Xswiftc -enable-testing --sanitize=address --filter ModelRobustness`.

    /// Offset where the CRC item starts (the final unsigned integer of the blob).
    static func crcStart(_ b: [UInt8]) -> Int? {
        for (k, head) in [(5, UInt8(0x1A)), (3, 0x19), (2, 0x18)] where b.count > k && b[b.count - k] == head {
            return b.count - k
        }
        return b.count > 1 && b[b.count - 1] < 0x18 ? b.count - 1 : nil
    }

    /// Recompute the CRC of `b` in place (same width as `start`'s item); false if the
    /// value does not fit that width.
    static func fixCRC(_ b: inout [UInt8], start: Int) -> Bool {
        let crc = b.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<start])) }
        let width = b.count - start - 1
        guard width == 4 || (width == 2 && crc < 65536) || (width == 1 && crc < 256)
                || (width == 0 && crc < 24) else { return false }
        if width == 0 { b[start] = UInt8(crc); return true }
        for k in 0..<width { b[start + 1 + k] = UInt8((crc >> (8 * UInt32(width - 1 - k))) & 255) }
        return true
    }

    @Test("every truncation is `truncated`", arguments: ModelBlobs.names)
    func truncations(_ name: String) throws {
        let bytes = try ModelBlobs.blob(name)
        var wrong = 0
        for n in 0..<bytes.count {
            let got = tryLoad(Array(bytes[0..<n]))
            if got?.status != .truncated { wrong += 1 }
        }
        #expect(wrong == 0, "\(name): \(wrong) of \(bytes.count) truncations not reported as truncated")
    }

    @Test("single-bit flips: a status or a working network", arguments: ModelBlobs.names)
    func bitFlips(_ name: String) throws {
        let bytes = try ModelBlobs.blob(name)
        let crcAt = try #require(Self.crcStart(bytes))
        let limit = min(bytes.count, 4096)
        var flips = 0, loaded = 0, fixedLoaded = 0, statuses = Set<Int32>()
        for offset in 0..<limit {
            for bit in 0..<8 {
                var b = bytes
                b[offset] ^= UInt8(1 << bit)
                flips += 1
                if let e = tryLoad(b, steps: 50) { statuses.insert(e.status.rawValue) } else { loaded += 1 }
                // Same flip with a valid CRC (every other flip, for time): the schema
                // and network checks must hold on their own.
                if (offset &* 8 &+ bit) % 2 == 0, offset < crcAt, Self.fixCRC(&b, start: crcAt) {
                    let options: ModelLoadOptions = offset % 2 == 0 ? .inPlace : .copy
                    if let e = tryLoad(b, options: options, steps: 50) {
                        statuses.insert(e.status.rawValue)
                    } else { fixedLoaded += 1 }
                }
            }
        }
        // Without a CRC fix a flip before the CRC can only load if it hits nothing
        // the CRC covers, which is impossible; flips in the CRC item are mismatches.
        #expect(loaded == 0, "\(name): \(loaded) corrupted blobs loaded")
        print("\(name): \(bytes.count) bytes, \(flips) flips (\(fixedLoaded) loaded with a fixed CRC), statuses \(statuses.sorted())")
    }
}
