import CSystem

/// The caller-owned memory a `Network` lives in, from `posix_memalign`.
///
/// SpikeCore never allocates: it asks for a size (`Network.arenaSize`) and a 16-byte
/// aligned buffer. Non-copyable, so exactly one owner frees it; `release()` ends its
/// life at an explicit point, after the last use of the network placed in it.
public struct AlignedArena: ~Copyable {
    /// The arena's bytes; valid until `release()` or the end of the value's life.
    public let bytes: UnsafeMutableRawBufferPointer

    /// `byteCount` bytes aligned to `alignment`, or nil when libc has no memory.
    public init?(byteCount: Int, alignment: Int = 16) {
        var base: UnsafeMutableRawPointer? = nil
        guard byteCount >= 0,
              posix_memalign(&base, alignment, byteCount > 0 ? byteCount : 1) == 0,
              let base else { return nil }
        bytes = UnsafeMutableRawBufferPointer(start: base, count: byteCount)
    }

    /// Free the memory now. Call it after the network's last use, so that the order is
    /// visible in the code rather than left to where the compiler ends the lifetime.
    public consuming func release() {}

    deinit {
        free(bytes.baseAddress)
    }
}
