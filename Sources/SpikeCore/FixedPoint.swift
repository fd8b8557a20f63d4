/// The integer primitives of docs/SEMANTICS.md section 1.
///
/// Everything here is branch-free where it sits in a per-neuron loop, uses only
/// wrapping operators (no overflow traps can be emitted), and is exact under the
/// bounds of SEMANTICS.md section 9.
@usableFromInline
enum FixedPoint {
    /// Clamp an exact 64-bit value into Int32.
    @inline(__always) @usableFromInline
    static func sat32(_ x: Int64) -> Int32 {
        let hi = Int64(Int32.max), lo = Int64(Int32.min)
        return Int32(truncatingIfNeeded: x > hi ? hi : (x < lo ? lo : x))
    }

    /// `x · m / 2^16` rounded toward zero, `m` in 0…65536.
    ///
    /// Toward zero (not floor) so that every leaky quantity reaches exactly 0 and stays
    /// there; the bias `2^16 − 1` added to negative products turns the arithmetic shift
    /// (floor) into truncation.
    @inline(__always) @usableFromInline
    static func decay(_ x: Int32, _ m: Int32) -> Int32 {
        let p = Int64(x) &* Int64(m)
        let bias = (p &>> 63) & 0xFFFF
        return Int32(truncatingIfNeeded: (p &+ bias) &>> 16)
    }

    /// Arithmetic shift right: floor(x / 2^k).
    @inline(__always) @usableFromInline
    static func floorShr(_ x: Int64, _ k: Int64) -> Int64 {
        x &>> k
    }

    /// `pow_q16(m, n)`: the Q16 multiplier of `n` successive decays by `m`, by squaring
    /// with a floor after every product (SEMANTICS.md 1), so a decay spanning many ticks
    /// (lazy eligibility, folded ticks) costs `log2(n)` multiplies. Every intermediate
    /// is in 0…65536, so products fit in 32 bits unsigned; 64 bits keep it obvious.
    static func powQ16(_ m: Int32, _ count: UInt64) -> Int32 {
        var r: Int64 = 65536
        var b = Int64(m)
        var n = count
        while n > 0 {
            if n & 1 != 0 { r = (r &* b) &>> 16 }
            n &>>= 1
            if n > 0 { b = (b &* b) &>> 16 }
            if r == 0 { break }  // 0 stays 0 whatever follows
        }
        return Int32(truncatingIfNeeded: r)
    }

    /// `powQ16` as one shared out-of-line copy, for the cold callers (power-mode
    /// switches, trace decays per step): inlined, its 64-bit loop is about 110 bytes
    /// of Thumb-2 at each of five call sites. The per-synapse eligibility decay keeps
    /// calling `powQ16` itself.
    @inline(never)
    static func powQ16Outlined(_ m: Int32, _ count: UInt64) -> Int32 {
        powQ16(m, count)
    }

    /// `round_u(q, u)`: a Q16 amount of weight steps rounded stochastically with the
    /// 16-bit draw `u`: up with probability (q mod 2^16) / 2^16, so small updates keep
    /// their mean instead of rounding to nothing.
    @inline(__always)
    static func roundStochastic(_ q: Int64, _ u: UInt32) -> Int64 {
        (q &>> 16) &+ (UInt32(truncatingIfNeeded: q & 0xFFFF) > u ? 1 : 0)
    }
}
