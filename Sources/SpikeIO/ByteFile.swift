import CSystem

/// A whole file in memory, 16-byte aligned: model blobs are loaded from it (and may be
/// used in place, so the buffer lives as long as the network that borrows it).
public struct ByteFile: ~Copyable {
    public let bytes: UnsafeMutableRawBufferPointer
    private let allocation: UnsafeMutableRawPointer

    /// Read `path` — all of it, or its first `prefixBytes` — refusing, before anything
    /// is read, what is not a regular file (a FIFO would block, `/dev/zero` never ends)
    /// and files larger than `limit` bytes (the limit is in the message).
    public init(path: UnsafePointer<CChar>, limit: Int = 1 << 30, prefixBytes: Int = Int.max) throws(FileError) {
        let file: FileDescriptor
        // O_NONBLOCK: opening a FIFO must not wait for a writer before the kind check.
        do { file = try FileDescriptor(path: path, flags: O_RDONLY | O_NONBLOCK) } catch {
            throw FileError("cannot open the file", systemError: error.code)
        }
        let info: stat
        do { info = try file.status() } catch {
            throw FileError("cannot stat the file", systemError: error.code)
        }
        let kind = FileKind(mode: info.st_mode)
        guard kind == .regular else { throw FileError(kind.notRegularFileReason) }
        guard let size = Int(exactly: info.st_size), size >= 0, size <= limit else {
            throw FileError("file too large: the limit in bytes is", limit: UInt64(limit))
        }
        let wanted = min(size, prefixBytes)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(wanted, 1), alignment: 16)
        var offset = 0
        while offset < wanted {
            let n: Int
            do { n = try Syscall.read(file.rawValue, into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<wanted])) } catch {
                buffer.deallocate()
                throw FileError("cannot read the file", systemError: error.code)
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
