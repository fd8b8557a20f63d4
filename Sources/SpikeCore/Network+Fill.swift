/// Filling and scanning state buffers outside the step (reset, restore, rest flags).
///
/// One out-of-line routine per element width instead of an inlined
/// `update(repeating:count:)` or scan loop at each of some twenty call sites: each site
/// then costs a call, not a nil test, a count check and a loop (on a Cortex-M4 that
/// was 15–30 bytes of Thumb-2 per site). Narrower buffers are viewed as bytes
/// (`withMemoryRebound` to a type whose stride divides theirs).
extension Network {
    /// `count` copies of `value` from `p`; nothing if `p` is nil or `count` ≤ 0.
    @inline(never)
    static func fill(_ p: UnsafeMutablePointer<Int32>?, _ value: Int32, _ count: Int) {
        guard let p, count > 0 else { return }
        p.update(repeating: value, count: count)
    }

    @inline(__always)
    static func fill(_ p: UnsafeMutablePointer<UInt32>?, _ value: UInt32, _ count: Int) {
        guard let p else { return }
        p.withMemoryRebound(to: Int32.self, capacity: count) {
            fill($0, Int32(bitPattern: value), count)
        }
    }

    /// `count` zero bytes from `p`.
    @inline(never)
    static func zero(_ p: UnsafeMutablePointer<UInt8>?, _ count: Int) {
        guard let p, count > 0 else { return }
        p.update(repeating: 0, count: count)
    }

    @inline(__always)
    static func zero(_ p: UnsafeMutablePointer<UInt16>?, _ count: Int) {
        guard let p else { return }
        p.withMemoryRebound(to: UInt8.self, capacity: count &* 2) { zero($0, count &* 2) }
    }

    /// Some byte of `p[0 ..< count]` is not 0 (false for nil).
    @inline(never)
    static func anyNonzero(_ p: UnsafeMutablePointer<UInt8>?, _ count: Int) -> Bool {
        guard let p else { return false }
        var any: UInt8 = 0
        for k in 0..<max(count, 0) { any |= p[k] }
        return any != 0
    }

    @inline(__always)
    static func anyNonzero(_ p: UnsafeMutablePointer<UInt16>?, _ count: Int) -> Bool {
        guard let p else { return false }
        return p.withMemoryRebound(to: UInt8.self, capacity: count &* 2) {
            anyNonzero($0, count &* 2)
        }
    }

    @inline(__always)
    static func anyNonzero(_ p: UnsafeMutablePointer<Int32>?, _ count: Int) -> Bool {
        guard let p else { return false }
        return p.withMemoryRebound(to: UInt8.self, capacity: count &* 4) {
            anyNonzero($0, count &* 4)
        }
    }
}
