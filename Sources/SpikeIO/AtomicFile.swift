import CSystem

/// Replace a file so that a crash at any moment leaves complete contents, never a mix:
/// the checkpoints of `spikert run --checkpoint` and of the daemon.
///
/// The new contents go to a `ReplacementFile`: a temporary file with a unique name beside the target
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
    ) throws(FileError) {
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
    ) throws(FileError) {
        guard SplitPath(path) != nil else { throw FileError("the path names no file") }
        let targetExists = try isRegularFile(path, refusal: nil)
        var previousSplit: SplitPath? = nil
        if let previous {
            guard let split = SplitPath(previous) else {
                throw FileError("the previous-generation path names no file")
            }
            guard strcmp(previous, path) != 0 else {
                throw FileError("the previous-generation path is the target itself")
            }
            _ = try isRegularFile(previous, refusal: "the previous-generation path is not a regular file")
            previousSplit = split
        }

        let replacement = try ReplacementFile(replacing: path)
        do { try replacement.descriptor.writeAll(bytes) } catch {
            throw FileError("cannot write the temporary file", error)
        }
        try replacement.sync()
        if let previous, let previousSplit, targetExists {
            try keep(path, as: previous, in: previousSplit)
        }
        try replacement.commit()
    }

    /// Refuse, before any work whose result would go there, a target that `write` would
    /// refuse: a path naming no file, a directory that does not exist, or something
    /// other than a regular file at the path.
    public static func checkTarget(_ path: String) throws(FileError) {
        let target = CString(path)
        guard let split = SplitPath(target.pointer) else { throw FileError("the path names no file") }
        _ = try isRegularFile(target.pointer, refusal: nil)
        let directory = split.directoryPath()
        let kind: FileKind?
        do { kind = try FileIdentity.of(directory.pointer)?.kind } catch {
            throw FileError("cannot look at the directory", error)
        }
        guard let kind else { throw FileError("its directory does not exist", systemError: ENOENT) }
        guard kind == .directory else { throw FileError("its directory is not a directory", systemError: ENOTDIR) }
    }

    /// Whether a regular file is at `path` (false: nothing there); throws `refusal`
    /// for anything else there.
    private static func isRegularFile(_ path: UnsafePointer<CChar>, refusal: StaticString?)
        throws(FileError) -> Bool
    {
        let kind: FileKind?
        do { kind = try FileKind.at(path) } catch {
            throw FileError("cannot look at the checkpoint path", error)
        }
        guard let kind else { return false }
        guard kind == .regular else {
            // The target: say what is there ("is a character device, not a regular file").
            throw FileError(refusal ?? kind.notRegularFileReason)
        }
        return true
    }

    /// Give the current target the name `previous` as well, before the new file
    /// replaces it: a hard link under a temporary name renamed over `previous`, then
    /// `previous`'s directory fsynced. Without hard links, a rename.
    private static func keep(_ path: UnsafePointer<CChar>, as previous: UnsafePointer<CChar>, in split: SplitPath)
        throws(FileError)
    {
        var counter = 0
        while true {
            let link = split.temporarySibling(counter: counter)
            do {
                try Syscall.link(path, to: link.pointer)
            } catch {
                if error.code == EEXIST && counter < ReplacementFile.maximumAttempts {
                    counter += 1
                    continue
                }
                guard error.code == EPERM || error.code == EOPNOTSUPP || error.code == EMLINK else {
                    throw FileError("cannot link the target to keep it as the previous generation", error)
                }
                do { try Syscall.rename(path, to: previous) } catch {
                    throw FileError("cannot rename the target to the previous-generation path", error)
                }
                break
            }
            do { try Syscall.rename(link.pointer, to: previous) } catch {
                try? Syscall.unlink(link.pointer)
                throw FileError("cannot rename the previous generation into place", error)
            }
            break
        }
        try ReplacementFile.syncDirectory(of: split, "cannot fsync the previous generation's directory")
    }
}
