import CSystem

/// Replace a file so that a crash at any moment leaves either the old or the new
/// contents, never a mix: write a temporary file beside it, fsync it, rename it over
/// the target, fsync the directory. Used for checkpoints.
public enum AtomicFile {
    /// Write `bytes` to `path` atomically. `path` must name a file in an existing
    /// directory; the temporary file is `path` + ".tmp".
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: UnsafePointer<CChar>)
        throws(SpikeFileError)
    {
        let length = strlen(path)
        guard length > 0, length < 4000 else { throw SpikeFileError("checkpoint path too long") }
        let temporary = UnsafeMutablePointer<CChar>.allocate(capacity: length + 5)
        defer { temporary.deallocate() }
        memcpy(temporary, path, length)
        memcpy(temporary + length, ".tmp", 5)

        let fd = spk_open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SpikeFileError("cannot create the temporary file", systemError: __errno_location().pointee)
        }
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let n = CSystem.write(fd, base + offset, bytes.count - offset)
            if n < 0 {
                let e = __errno_location().pointee
                if e == EINTR { continue }
                close(fd)
                unlink(temporary)
                throw SpikeFileError("cannot write the temporary file", systemError: e)
            }
            offset += n
        }
        guard fsync(fd) == 0 else {
            let e = __errno_location().pointee
            close(fd)
            unlink(temporary)
            throw SpikeFileError("cannot fsync the temporary file", systemError: e)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let e = __errno_location().pointee
            unlink(temporary)
            throw SpikeFileError("cannot rename the temporary file", systemError: e)
        }
        try syncDirectory(of: path, length: length)
    }

    /// fsync the directory holding `path`, so the rename itself is durable.
    private static func syncDirectory(of path: UnsafePointer<CChar>, length: Int)
        throws(SpikeFileError)
    {
        var slash = length
        while slash > 0 && path[slash - 1] != 47 { slash -= 1 }
        let directory = UnsafeMutablePointer<CChar>.allocate(capacity: slash + 2)
        defer { directory.deallocate() }
        if slash == 0 {
            directory[0] = 46  // "."
            directory[1] = 0
        } else {
            memcpy(directory, path, slash)
            directory[slash] = 0
        }
        let fd = spk_open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard fd >= 0 else {
            throw SpikeFileError("cannot open the checkpoint's directory", systemError: __errno_location().pointee)
        }
        defer { close(fd) }
        guard fsync(fd) == 0 else {
            throw SpikeFileError("cannot fsync the checkpoint's directory", systemError: __errno_location().pointee)
        }
    }
}
