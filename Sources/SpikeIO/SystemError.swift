import CSystem

/// A failed system call: the `errno` it left, the operation that failed and, when the
/// call was about a file, its path.
///
/// One error type for every call in `Syscall`, so the daemon reports them all the same
/// way. The operation is a `StaticString` (no allocation on the hot path); only the
/// path, when there is one, is copied into a String, and only when the call failed.
public struct SystemError: Error, Equatable, Sendable {
    /// The `errno` value (EAGAIN, ENOENT, ...), or the code chosen for a refusal that is
    /// not a system call's (EEXIST for "not a socket", ENAMETOOLONG for a long path).
    public var code: Int32
    /// What was attempted, e.g. "bind" or "refusing to remove a file that is not a socket".
    public var operation: StaticString
    /// The path involved, or "" when the operation is not about a path.
    public var path: String

    public init(code: Int32, operation: StaticString, path: String = "") {
        self.code = code
        self.operation = operation
        self.path = path
    }

    /// The error the last failed call left in `errno`.
    static func current(_ operation: StaticString, path: UnsafePointer<CChar>? = nil) -> SystemError {
        let code = spk_errno()
        guard let path else { return SystemError(code: code, operation: operation) }
        return SystemError(code: code, operation: operation, path: String(cString: path))
    }

    /// True for EAGAIN/EWOULDBLOCK: a nonblocking descriptor has nothing to give now.
    public var isWouldBlock: Bool { code == EAGAIN || code == EWOULDBLOCK }

    /// One line for logs: `operation path: strerror text (errno N)`.
    public var message: String {
        var text = "\(operation)"
        if !path.isEmpty { text += " " + path }
        if let description = strerror(code) {
            text += ": " + String(cString: description)
        }
        text += " (errno \(code))"
        return text
    }

    /// Equal when the code, the operation's text and the path are the same bytes (no
    /// String comparison: Embedded Swift lacks the Unicode tables it needs).
    public static func == (a: SystemError, b: SystemError) -> Bool {
        a.code == b.code
            && a.operation.utf8CodeUnitCount == b.operation.utf8CodeUnitCount
            && memcmp(a.operation.utf8Start, b.operation.utf8Start, a.operation.utf8CodeUnitCount) == 0
            && a.path.utf8.elementsEqual(b.path.utf8)
    }
}
