import CSystem

/// What kind of object a path names (from `lstat`'s mode), for the checks that refuse
/// to replace anything but what they expect: the atomic writer only replaces regular
/// files, the socket listener only removes sockets.
public enum FileKind: Equatable, Sendable {
    case regular
    case directory
    case symbolicLink
    case socket
    case fifo
    case characterDevice
    case blockDevice
    case unknown

    /// The kind encoded in `st_mode`.
    public init(mode: mode_t) {
        switch mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): self = .regular
        case mode_t(S_IFDIR): self = .directory
        case mode_t(S_IFLNK): self = .symbolicLink
        case mode_t(S_IFSOCK): self = .socket
        case mode_t(S_IFIFO): self = .fifo
        case mode_t(S_IFCHR): self = .characterDevice
        case mode_t(S_IFBLK): self = .blockDevice
        default: self = .unknown
        }
    }

    /// The kind of what is at `path` itself (a symlink is not followed), or nil when
    /// nothing is there.
    public static func at(_ path: UnsafePointer<CChar>) throws(SystemError) -> FileKind? {
        guard let info = try Syscall.lstat(path) else { return nil }
        return FileKind(mode: info.st_mode)
    }

    /// Why a file of this kind is refused where a regular file is needed.
    public var notRegularFileReason: StaticString {
        switch self {
        case .regular: return "is a regular file"
        case .directory: return "is a directory, not a file"
        case .symbolicLink: return "is a symbolic link, not a regular file"
        case .socket: return "is a socket, not a regular file"
        case .fifo: return "is a FIFO (named pipe), not a regular file"
        case .characterDevice: return "is a character device, not a regular file"
        case .blockDevice: return "is a block device, not a regular file"
        case .unknown: return "is not a regular file"
        }
    }
}
