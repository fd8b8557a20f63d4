/// The row draw of docs/SEMANTICS.md 11.1: `fmix32(κ ^ s·0x9E3779B9) >> 16`, with
/// MurmurHash3's finalizer. A learning rule takes one key `κ` from the network PRNG per
/// step (or per reward); every row then gets its 16-bit draw from the key and its slot
/// alone (2i for depression of row i, 2i + 1 for its potentiation, i for a reward).
/// Unlike successive PRNG outputs, these do not depend on one another, so a step's
/// draws are computed in SIMD lanes instead of one serial generator chain.
enum RowDraw {
    /// The slot multiplier (2^32 / golden ratio, odd: a bijection of the slots).
    static let spread: UInt32 = 0x9E37_79B9

    @inline(__always)
    static func value(key: UInt32, slot: UInt32) -> UInt16 {
        finish(key ^ (slot &* spread))
    }

    /// `fmix32(h) >> 16` of an already keyed `h = κ ^ s·spread`: loops over consecutive
    /// slots keep `s·spread` as a running sum instead of multiplying per row.
    @inline(__always)
    static func finish(_ keyed: UInt32) -> UInt16 {
        var h = keyed
        h ^= h &>> 16
        h = h &* 0x85EB_CA6B
        h ^= h &>> 13
        h = h &* 0xC2B2_AE35
        h ^= h &>> 16
        return UInt16(truncatingIfNeeded: h &>> 16)
    }
}
