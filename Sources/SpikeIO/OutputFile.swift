import CSystem

/// An output file a user named on a command line (`spikert run --output`, `spikert
/// export-c --output`), opened so that a failed run never destroys what was there:
///
/// - `-` is standard output;
/// - a path that names a FIFO, a character device or a socket (`/dev/null`,
///   `/dev/stdout`, a pipe a reader waits on) is written directly: there is nothing
///   stored to protect, and a stream cannot be renamed into place;
/// - anything else is written to a `ReplacementFile` beside the regular file the path
///   resolves to, symlinks followed deliberately (the link stays, the file it names is
///   replaced, keeping its permission bits), and renamed into place by `commit()`. A run
///   that fails, or a process that dies, leaves the previous file byte for byte as it
///   was and no partial file under the target name;
/// - a directory, a block device, a symlink that leads nowhere or a path in a missing
///   directory is refused before anything is written.
///
/// `streaming: true` (the daemon's long-running spike log, which readers follow as it
/// grows) opens a regular file directly, created or truncated, instead.
public struct OutputFile: ~Copyable {
    /// The descriptor written: standard output's (1), the stream's, or the
    /// replacement's temporary file.
    public let descriptor: Int32
    private var stream: FileDescriptor?
    private var replacement: ReplacementFile?

    public init(path: UnsafePointer<CChar>, streaming: Bool = false) throws(FileError) {
        stream = nil
        replacement = nil
        if path[0] == 45 && path[1] == 0 {
            descriptor = 1
            return
        }
        let identity: FileIdentity?
        do { identity = try FileIdentity.of(path) } catch { throw FileError("cannot look at the path", error) }
        if let identity {
            switch identity.kind {
            case .regular: break
            case .fifo, .characterDevice, .socket:
                let opened: FileDescriptor
                do { opened = try FileDescriptor(path: path, flags: O_WRONLY) } catch {
                    throw FileError("cannot open it for writing", error)
                }
                descriptor = opened.rawValue
                stream = Optional(consume opened)
                return
            case .directory:
                throw FileError("is a directory", systemError: EISDIR)
            default:
                throw FileError("is neither a regular file nor a stream", systemError: EEXIST)
            }
        } else if (try? Syscall.lstat(path)) ?? nil != nil {
            throw FileError("is a symbolic link to nothing", systemError: ENOENT)
        }
        if streaming {
            let opened: FileDescriptor
            do { opened = try FileDescriptor(path: path, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644) } catch {
                throw FileError("cannot create the file", error)
            }
            descriptor = opened.rawValue
            stream = Optional(consume opened)
            return
        }
        // A regular file or nothing: replace the file the path resolves to, so that
        // a symlink keeps pointing at the new contents.
        let created: ReplacementFile
        if identity != nil {
            let resolved: CString
            do { resolved = try Syscall.realPath(path) } catch { throw FileError("cannot resolve the path", error) }
            created = try ReplacementFile(replacing: resolved.pointer)
            let info: stat?
            do { info = try Syscall.status(resolved.pointer) } catch { throw FileError("cannot look at the path", error) }
            if let info {
                do { try Syscall.fchmod(created.descriptor.rawValue, mode: info.st_mode & 0o7777) } catch {
                    throw FileError("cannot give the new file the old one's permissions", error)
                }
            }
        } else {
            created = try ReplacementFile(replacing: path)
        }
        descriptor = created.descriptor.rawValue
        replacement = Optional(consume created)
    }

    /// Whether the file is written under a temporary name until `commit()`.
    public var isReplacement: Bool { replacement != nil }

    /// Put the written contents in place (a replacement is renamed over its target;
    /// streams need nothing). Call once, after the last write succeeded.
    public mutating func commit() throws(FileError) {
        if let pending = replacement.take() { try pending.commit() }
    }
}
