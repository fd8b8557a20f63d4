import CSystem

/// Replace a file so that a crash at any moment leaves complete contents, never a mix:
/// the checkpoints of `spikert run --checkpoint` and of the daemon.
///
/// The new contents go to a temporary file with a unique name beside the target
/// (`.NAME.tmp.PID.COUNTER`, created with O_EXCL, so two writers of the same target
/// never share one), are fsynced, and are renamed over the target; then the directory
/// is fsynced so the rename itself is durable. With `keepingPrevious`, the file being
/// replaced first gets a second name (a hard link made under a temporary name and
/// renamed over the previous path, its directory fsynced), so that at every instant a
/// complete, fsynced file exists under the target name or the previous one, and after
/// the write both exist: the new generation and the one before it. Where the file
/// system has no hard links (vfat), the target is renamed to the previous path
/// instead: for an instant only the previous name then holds it.
///
/// Only regular files are replaced: a target (or previous path) that is a symlink, a
/// directory, a FIFO or a device is refused before anything is touched, since writing
/// a checkpoint through or over one is never what was meant. (The check is lstat
/// before the rename; a process racing to swap the target meanwhile can only get its
/// own object replaced by a regular file.)
///
/// On any failure the temporary file is removed and the target is as it was.
public enum AtomicFile {
    /// Write `bytes` to `path` atomically, keeping the file it replaces at `previous`
    /// (if given and the target exists); see the type's description.
    public static func write(
        _ bytes: UnsafeRawBufferPointer, to path: String, keepingPrevious previous: String? = nil
    ) throws(SpikeFileError) {
        let target = CString(path)
        if let previous {
            let previousPath = CString(previous)
            try write(bytes, to: target.pointer, keepingPrevious: previousPath.pointer)
        } else {
            try write(bytes, to: target.pointer, keepingPrevious: nil)
        }
    }

    /// The same for callers that already hold C paths.
    public static func write(
        _ bytes: UnsafeRawBufferPointer, to path: UnsafePointer<CChar>,
        keepingPrevious previous: UnsafePointer<CChar>? = nil
    ) throws(SpikeFileError) {
        guard let target = SplitPath(path) else { throw SpikeFileError("the path names no file") }
        let targetExists = try isRegularFile(path, refusal: "the target exists and is not a regular file")
        var previousSplit: SplitPath? = nil
        if let previous {
            guard let split = SplitPath(previous) else {
                throw SpikeFileError("the previous-generation path names no file")
            }
            guard strcmp(previous, path) != 0 else {
                throw SpikeFileError("the previous-generation path is the target itself")
            }
            _ = try isRegularFile(previous, refusal: "the previous-generation path exists and is not a regular file")
            previousSplit = split
        }

        let temporary = try createTemporary(beside: target, contents: bytes)
        do throws(SpikeFileError) {
            if let previous, let previousSplit, targetExists {
                try keep(path, as: previous, in: previousSplit)
            }
            do { try Syscall.rename(temporary.pointer, to: path) } catch {
                throw SpikeFileError("cannot rename the temporary file over the target", error)
            }
        } catch {
            try? Syscall.unlink(temporary.pointer)
            throw error
        }
        try syncDirectory(of: target, "cannot fsync the target's directory")
    }

    /// Whether a regular file is at `path` (false: nothing there); throws `refusal`
    /// for anything else there.
    private static func isRegularFile(_ path: UnsafePointer<CChar>, refusal: StaticString)
        throws(SpikeFileError) -> Bool
    {
        let kind: FileKind?
        do { kind = try FileKind.at(path) } catch {
            throw SpikeFileError("cannot look at the checkpoint path", error)
        }
        guard let kind else { return false }
        guard kind == .regular else { throw SpikeFileError(refusal, systemError: EEXIST) }
        return true
    }

    /// Names tried before giving up on a unique temporary name (each one taken is
    /// another writer's file in flight, or debris of a crash).
    private static let maximumAttempts = 10_000

    /// A new, uniquely named temporary file beside `target` holding `contents`,
    /// fsynced and closed; removed again if any step fails.
    private static func createTemporary(beside target: SplitPath, contents: UnsafeRawBufferPointer)
        throws(SpikeFileError) -> CString
    {
        var counter = 0
        while true {
            let name = target.temporarySibling(counter: counter)
            let file: FileDescriptor
            do {
                file = try FileDescriptor(path: name.pointer, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
            } catch {
                if error.code == EEXIST && counter < maximumAttempts {
                    counter += 1
                    continue
                }
                throw SpikeFileError("cannot create the temporary file", error)
            }
            do throws(SystemError) {
                try file.writeAll(contents)
                try file.sync()
            } catch {
                file.close()
                try? Syscall.unlink(name.pointer)
                throw SpikeFileError("cannot write the temporary file", error)
            }
            file.close()
            return name
        }
    }

    /// Give the current target the name `previous` as well, before the new file
    /// replaces it: a hard link under a temporary name renamed over `previous`, then
    /// `previous`'s directory fsynced. Without hard links, a rename.
    private static func keep(_ path: UnsafePointer<CChar>, as previous: UnsafePointer<CChar>, in split: SplitPath)
        throws(SpikeFileError)
    {
        var counter = 0
        while true {
            let link = split.temporarySibling(counter: counter)
            do {
                try Syscall.link(path, to: link.pointer)
            } catch {
                if error.code == EEXIST && counter < maximumAttempts {
                    counter += 1
                    continue
                }
                guard error.code == EPERM || error.code == EOPNOTSUPP || error.code == EMLINK else {
                    throw SpikeFileError("cannot link the target to keep it as the previous generation", error)
                }
                do { try Syscall.rename(path, to: previous) } catch {
                    throw SpikeFileError("cannot rename the target to the previous-generation path", error)
                }
                break
            }
            do { try Syscall.rename(link.pointer, to: previous) } catch {
                try? Syscall.unlink(link.pointer)
                throw SpikeFileError("cannot rename the previous generation into place", error)
            }
            break
        }
        try syncDirectory(of: split, "cannot fsync the previous generation's directory")
    }

    /// fsync the directory holding `path`, so that renames in it are durable.
    private static func syncDirectory(of path: SplitPath, _ reason: StaticString) throws(SpikeFileError) {
        let directory = path.directoryPath()
        do throws(SystemError) {
            let file = try FileDescriptor(path: directory.pointer, flags: O_RDONLY | O_DIRECTORY)
            try file.sync()
        } catch {
            throw SpikeFileError(reason, error)
        }
    }
}
