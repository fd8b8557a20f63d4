import CSystem

/// A whole file in memory, 16-byte aligned: model blobs are loaded from it (and may be
/// used in place, so the buffer lives as long as the network that borrows it).
public struct ByteFile: ~Copyable {
    public let bytes: UnsafeMutableRawBufferPointer
    private let allocation: UnsafeMutableRawPointer

    /// Read all of `path`; files larger than `limit` bytes are refused.
    public init(path: UnsafePointer<CChar>, limit: Int = 1 << 30) throws(SpikeFileError) {
        let fd = spk_open(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else {
            throw SpikeFileError("cannot open the file", systemError: __errno_location().pointee)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw SpikeFileError("cannot stat the file", systemError: __errno_location().pointee)
        }
        let size = Int(info.st_size)
        guard size >= 0, size <= limit else { throw SpikeFileError("file too large") }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 16)
        var offset = 0
        while offset < size, let base = buffer.baseAddress {
            let n = read(fd, base + offset, size - offset)
            if n < 0 {
                let e = __errno_location().pointee
                if e == EINTR { continue }
                buffer.deallocate()
                throw SpikeFileError("cannot read the file", systemError: e)
            }
            if n == 0 { break }
            offset += n
        }
        allocation = buffer.baseAddress!
        bytes = UnsafeMutableRawBufferPointer(start: allocation, count: offset)
    }

    deinit {
        allocation.deallocate()
    }
}
