import SpikeCore

/// Which projections have a learning rule: one bit per possible projection index, on
/// the stack, so that pass (a), which has no memory, can still look it up.
struct ProjectionSet {
    /// 4096 bits, one per index below `NetworkLimits.maxProjections` (4096). A tuple
    /// cannot take its length from a constant: an index at or past either end is
    /// simply never in the set.
    private var words: (Words16, Words16, Words16, Words16) = (.zero, .zero, .zero, .zero)

    private struct Words16 {
        var a = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var b = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        static var zero: Words16 { Words16() }
    }

    private static var capacity: Int { MemoryLayout<(Words16, Words16, Words16, Words16)>.size &* 8 }

    /// Add `j`; false if it was already there or is not a possible projection index.
    mutating func insert(_ j: Int) -> Bool {
        guard j >= 0, j < NetworkLimits.maxProjections, j < ProjectionSet.capacity else { return false }
        let bit = UInt32(1) &<< UInt32(_truncatingBits: UInt(bitPattern: j & 31))
        return withUnsafeMutableBytes(of: &words) { b in
            let w = b.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt32.self) + (j &>> 5)
            guard w.pointee & bit == 0 else { return false }
            w.pointee |= bit
            return true
        }
    }

    func contains(_ j: Int) -> Bool {
        guard j >= 0, j < NetworkLimits.maxProjections, j < ProjectionSet.capacity else { return false }
        let bit = UInt32(1) &<< UInt32(_truncatingBits: UInt(bitPattern: j & 31))
        return withUnsafeBytes(of: words) { b in
            b.load(fromByteOffset: (j &>> 5) &* 4, as: UInt32.self) & bit != 0
        }
    }
}
