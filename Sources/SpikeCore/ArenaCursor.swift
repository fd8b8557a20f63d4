/// A bump allocator over the caller's arena, or a measuring one that only counts.
///
/// The same code path serves the size query and the placement: `ArenaCursor.measuring`
/// has no base address and only adds up, so the size `Network.arenaSize` and a
/// loader's size query (`Network.measure`) return is by construction exactly what
/// `Network.init` consumes. Every block is aligned to 16 bytes (SIMD loads, and the
/// strictest alignment of any type we store), so the total does not depend on where
/// the cursor starts or on the order of the blocks. Sizes are computed with overflow
/// reporting: on 32-bit targets a huge description must fail cleanly, not wrap.
public struct ArenaCursor {
    public static let alignment = 16

    let base: UnsafeMutableRawPointer?
    let capacity: Int
    /// Bytes taken so far (a multiple of `alignment`).
    public private(set) var used = 0
    /// A block did not fit (or its size overflowed `Int`); nothing is taken after that.
    public private(set) var overflowed = false

    /// The measuring cursor: counts bytes, places nothing, never runs out.
    public static var measuring: ArenaCursor { ArenaCursor(base: nil, capacity: Int.max) }

    private init(base: UnsafeMutableRawPointer?, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// Placing cursor over `arena`, which must start on a 16-byte boundary.
    init(arena: UnsafeMutableRawBufferPointer) {
        base = arena.baseAddress
        capacity = arena.count
    }

    /// Reserve `count` values of `T`, zero-filled. Returns nil when measuring, when
    /// `count` is 0, or when the block does not fit (then `overflowed` is set).
    ///
    /// Inlined: all it adds to `takeBytes` is the stride and the binding, so every type
    /// shares one copy of the bookkeeping instead of one specialization each (the layout
    /// takes a dozen types; on a Cortex-M4 each copy was about 100 bytes).
    @inline(__always)
    public mutating func take<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T>? {
        takeBytes(stride: MemoryLayout<T>.stride, count: count)?
            .bindMemory(to: T.self, capacity: count)
    }

    /// `take` without the type: `count` blocks of `stride` bytes.
    @inline(never)
    public mutating func takeBytes(stride: Int, count: Int) -> UnsafeMutableRawPointer? {
        guard count > 0, !overflowed else { return nil }
        let (bytes, o1) = stride.multipliedReportingOverflow(by: count)
        let (padded, o2) = bytes.addingReportingOverflow(ArenaCursor.alignment - 1)
        let (end, o3) = used.addingReportingOverflow(padded & ~(ArenaCursor.alignment - 1))
        guard !o1, !o2, !o3, end <= capacity else {
            overflowed = true
            return nil
        }
        let start = used
        used = end
        guard let base else { return nil }
        let raw = base + start
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        return raw
    }
}
