/// Why a file could not be read or written, and where: the one error of the file
/// layer, for spike files (with the line), checkpoints, models and other outputs
/// (with the failing system call's errno).
public struct FileError: Error, Equatable, Sendable {
    public var reason: StaticString
    /// 1-based line of the offending text (0 when not about a line).
    public var line: Int
    /// `errno` for system-call failures, else 0.
    public var systemError: Int32
    /// The limit a value broke, written after `reason` ("a tick above the largest, N").
    public var limit: UInt64?

    public init(_ reason: StaticString, line: Int = 0, systemError: Int32 = 0, limit: UInt64? = nil) {
        self.reason = reason
        self.line = line
        self.systemError = systemError
        self.limit = limit
    }

    /// A failed system call behind a file operation: `reason` says which step, the
    /// error's errno is kept.
    public init(_ reason: StaticString, _ error: SystemError) {
        self.init(reason, systemError: error.code)
    }

    public static func == (a: FileError, b: FileError) -> Bool {
        a.line == b.line && a.systemError == b.systemError && a.limit == b.limit
            && a.reason.utf8CodeUnitCount == b.reason.utf8CodeUnitCount
            && a.reason.utf8Start == b.reason.utf8Start
    }
}
