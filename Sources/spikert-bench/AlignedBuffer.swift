import CSystem

/// A zeroed heap block from `posix_memalign`, for the network arena.
///
/// `Network.init` refuses an arena that is not 16-byte aligned; the Swift allocators do
/// not promise that for raw bytes in both build modes, libc does. Owned by the caller,
/// released with `free()`.
struct AlignedBuffer {
    static let alignment = 64

    let bytes: UnsafeMutableRawBufferPointer

    init(count: Int) throws(BenchError) {
        var raw: UnsafeMutableRawPointer? = nil
        let size = count > 0 ? count : 1
        guard posix_memalign(&raw, AlignedBuffer.alignment, size) == 0, let raw else {
            throw BenchError("cannot allocate an arena of \(count) bytes")
        }
        memset(raw, 0, size)
        bytes = UnsafeMutableRawBufferPointer(start: raw, count: count)
    }

    func free() {
        CSystem.free(bytes.baseAddress)
    }
}
