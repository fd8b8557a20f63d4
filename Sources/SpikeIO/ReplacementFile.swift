import CSystem

/// A new file written under a temporary name beside the file it will replace, and
/// renamed over it only by `commit()`. Until then — and for good if the writer fails,
/// is killed or drops this value — whatever was at the target stays as it was. Dropped
/// uncommitted, the temporary file is removed.
///
/// The temporary name is `.NAME.tmp.PID.COUNTER`, created with O_EXCL: unique to this
/// process and attempt, so concurrent writers of one target never share a file, and
/// recognisable as debris if a crash leaves one behind. The caller decides what may be
/// replaced (the atomic checkpoint writer refuses anything but a regular file;
/// `OutputFile` follows symlinks first).
public struct ReplacementFile: ~Copyable {
    /// The temporary file, open for writing.
    public let descriptor: FileDescriptor
    private let temporary: CString
    private let target: CString
    private let split: SplitPath
    private var committed = false

    /// Names tried before giving up on a unique temporary name (each one taken is
    /// another writer's file in flight, or debris of a crash).
    static let maximumAttempts = 10_000

    /// Create the temporary file for `path`, with permission bits `mode` (before the
    /// umask). Throws when `path` names no file or its directory refuses the file.
    public init(replacing path: UnsafePointer<CChar>, mode: mode_t = 0o644) throws(FileError) {
        guard let split = SplitPath(path) else { throw FileError("the path names no file") }
        var counter = 0
        var opened: Int32 = -1
        while opened < 0 {
            let name = split.temporarySibling(counter: counter)
            do {
                opened = try Syscall.open(name.pointer, flags: O_WRONLY | O_CREAT | O_EXCL, mode: mode)
            } catch {
                guard error.code == EEXIST && counter < ReplacementFile.maximumAttempts else {
                    throw FileError("cannot create a temporary file beside it", error)
                }
                counter += 1
            }
        }
        descriptor = FileDescriptor(owning: opened)
        temporary = split.temporarySibling(counter: counter)
        target = CString(bytes: UnsafeRawBufferPointer(start: path, count: strlen(path)))
        self.split = split
    }

    deinit {
        if !committed { try? Syscall.unlink(temporary.pointer) }
    }

    /// The target's path (as given).
    public var targetPath: UnsafePointer<CChar> { UnsafePointer(target.pointer) }

    /// The directory holding the target, for callers that rename other files there.
    var targetSplit: SplitPath { split }

    /// fsync the temporary file: its contents are on the storage.
    public func sync() throws(FileError) {
        do { try descriptor.sync() } catch { throw FileError("cannot write the temporary file", error) }
    }

    /// Make the new contents the target: fsync, rename over the target, fsync the
    /// directory so that the rename is durable too.
    public consuming func commit() throws(FileError) {
        try sync()
        do { try Syscall.rename(temporary.pointer, to: target.pointer) } catch {
            throw FileError("cannot rename the temporary file over the target", error)
        }
        committed = true
        try ReplacementFile.syncDirectory(of: split, "cannot fsync the target's directory")
    }

    /// fsync the directory holding `path`, so that renames in it are durable.
    static func syncDirectory(of path: SplitPath, _ reason: StaticString) throws(FileError) {
        let directory = path.directoryPath()
        do throws(SystemError) {
            let file = try FileDescriptor(path: directory.pointer, flags: O_RDONLY | O_DIRECTORY)
            try file.sync()
        } catch {
            throw FileError(reason, error)
        }
    }
}
