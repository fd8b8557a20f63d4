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
}
