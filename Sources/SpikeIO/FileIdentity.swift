import CSystem

/// Which file a path names, after symlinks: its device and inode. Two paths name the
/// same file exactly when their identities are equal, whatever the spelling (`./a`,
/// `a`, a symlink, a hard link) — how the tools refuse an output that would overwrite
/// one of their own inputs before anything is opened for writing.
public struct FileIdentity: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public var kind: FileKind

    /// The identity of what `path` names; nil when nothing is there.
    public static func of(_ path: UnsafePointer<CChar>) throws(SystemError) -> FileIdentity? {
        guard let info = try Syscall.status(path) else { return nil }
        return FileIdentity(device: UInt64(truncatingIfNeeded: info.st_dev),
                            inode: UInt64(truncatingIfNeeded: info.st_ino),
                            kind: FileKind(mode: info.st_mode))
    }

    /// The identity of `path`; nil when nothing is there or it cannot be looked at (the
    /// open that follows reports why).
    public static func of(_ path: String) -> FileIdentity? {
        let cPath = CString(path)
        return (try? of(cPath.pointer)) ?? nil
    }

    /// Whether writing to `output` would overwrite `input`: both name the same regular
    /// file. (The same FIFO or device on both sides — `/dev/null` twice — is not a
    /// clobber: nothing stored is replaced.)
    public static func overwrites(_ output: String, _ input: String) -> Bool {
        guard let o = of(output), o.kind == .regular, let i = of(input) else { return false }
        return o == i
    }
}
