/// Concrete widening conversions to 64 bits.
///
/// On 32-bit Embedded targets (armv6m, armv7, armv7em) the standard library's generic
/// `Int64(_:)` / `init(truncatingIfNeeded:)` from a narrower integer references array
/// storage in a path the `-no-allocations` check rejects (swiftlang/swift#86827), even
/// though it is never taken. These non-generic overloads are preferred by overload
/// resolution over the generic ones, so the rest of SpikeCore keeps writing `Int64(x)`
/// and compiles with `-no-allocations` everywhere. On 32-bit they zero-extend through
/// `_truncatingBits` and sign-extend with a shift pair; on 64-bit they are the plain
/// conversion. Either way the optimizer reduces them to one sign/zero extension.
extension Int64 {
    @_transparent
    init(_ x: Int) {
        #if _pointerBitWidth(_32)
        self = (Int64(_truncatingBits: UInt(bitPattern: x)) &<< 32) &>> 32
        #else
        self = Int64(truncatingIfNeeded: x)
        #endif
    }

    @_transparent
    init(_ x: Int32) { self.init(Int(x)) }

    @_transparent
    init(_ x: UInt8) { self = Int64(_truncatingBits: UInt(x)) }

    /// int8 weights (learning rules widen them).
    @_transparent
    init(_ x: Int8) { self.init(Int(x)) }

    @_transparent
    init(_ x: UInt32) { self = Int64(_truncatingBits: UInt(x)) }
}

extension UInt64 {
    @_transparent
    init(_ x: UInt8) { self = UInt64(_truncatingBits: UInt(x)) }

    /// Row draws (the top 16 bits of a PRNG output).
    @_transparent
    init(_ x: UInt16) { self = UInt64(_truncatingBits: UInt(x)) }

    @_transparent
    init(_ x: UInt32) { self = UInt64(_truncatingBits: UInt(x)) }

    /// From a non-negative `Int` (counts, indices).
    @_transparent
    init(_ x: Int) { self = UInt64(bitPattern: Int64(x)) }

    /// Two's-complement reinterpretation of a (possibly 32-bit) `Int`.
    @_transparent
    init(truncatingIfNeeded x: Int) {
        self = UInt64(bitPattern: Int64(x))
    }
}
