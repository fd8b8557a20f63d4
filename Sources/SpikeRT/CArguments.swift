import SpikeCore

/// Conversions of C argument values into Swift ones without traps: every C integer is
/// taken as bits and range-checked here rather than converted with a trapping `Int(x)`.
enum CArguments {
    /// A C `uint32_t` index as an `Int`, or nil if it does not fit (32-bit targets,
    /// values ≥ 2^31): the caller answers `outOfRange`.
    @inline(__always)
    static func index(_ x: UInt32) -> Int? {
        let i = Int(truncatingIfNeeded: x)
        return i >= 0 ? i : nil
    }

    /// A C `size_t` length as an `Int`, saturating at `Int.max` (no buffer can be
    /// larger, so a bigger claim only means "large enough").
    @inline(__always)
    static func length(_ x: UInt) -> Int {
        x > UInt(bitPattern: Int.max) ? Int.max : Int(bitPattern: x)
    }

    /// An `Int` count as a C `size_t`.
    @inline(__always)
    static func size(_ x: Int) -> UInt { UInt(bitPattern: x) }
}
