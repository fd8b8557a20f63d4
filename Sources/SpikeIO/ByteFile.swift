import CSystem

/// A whole file in memory, 16-byte aligned: model blobs are loaded from it (and may be
/// used in place, so the buffer lives as long as the network that borrows it).
public struct ByteFile: ~Copyable {
    public let bytes: UnsafeMutableRawBufferPointer
    private let allocation: UnsafeMutableRawPointer

    /// Read all of `path`; files larger than `limit` bytes are refused.
    public init(path: UnsafePointer<CChar>, limit: Int = 1 << 30) throws(SpikeFileError) {
        let file: FileDescriptor
        do { file = try FileDescriptor(path: path, flags: O_RDONLY) } catch {
            throw SpikeFileError("cannot open the file", systemError: error.code)
        }
        let info: stat
        do { info = try file.status() } catch {
            throw SpikeFileError("cannot stat the file", systemError: error.code)
        }
        guard let size = Int(exactly: info.st_size), size >= 0, size <= limit else {
            throw SpikeFileError("file too large")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 16)
        var offset = 0
        while offset < size {
            let n: Int
            do { n = try Syscall.read(file.rawValue, into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<size])) } catch {
                buffer.deallocate()
                throw SpikeFileError("cannot read the file", systemError: error.code)
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
