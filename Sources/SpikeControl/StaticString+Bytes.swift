/// Byte-level comparison of ASCII literals with received bytes: the one place where
/// protocol words ("method", "spikes", …) are matched, without `String ==` (which needs
/// Unicode tables in Embedded Swift).
extension StaticString {
    /// True when `bytes` are exactly this literal's UTF-8 bytes.
    func matches<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard bytes.count == utf8CodeUnitCount else { return false }
        let start = utf8Start
        var k = 0
        for b in bytes {
            if b != start[k] { return false }
            k += 1
        }
        return true
    }

    /// The literal's UTF-8 bytes.
    var bytes: [UInt8] {
        let start = utf8Start
        var out: [UInt8] = []
        out.reserveCapacity(utf8CodeUnitCount)
        for k in 0..<utf8CodeUnitCount { out.append(start[k]) }
        return out
    }
}
