/// Why a spike file could not be read or written, and where.
public struct SpikeFileError: Error, Equatable, Sendable {
    public var reason: StaticString
    /// 1-based line of the offending text (0 when not about a line).
    public var line: Int
    /// `errno` for system-call failures, else 0.
    public var systemError: Int32

    public init(_ reason: StaticString, line: Int = 0, systemError: Int32 = 0) {
        self.reason = reason
        self.line = line
        self.systemError = systemError
    }

    /// A failed system call behind a file operation: `reason` says which step, the
    /// error's errno is kept.
    public init(_ reason: StaticString, _ error: SystemError) {
        self.init(reason, systemError: error.code)
    }

    public static func == (a: SpikeFileError, b: SpikeFileError) -> Bool {
        a.line == b.line && a.systemError == b.systemError
            && a.reason.utf8CodeUnitCount == b.reason.utf8CodeUnitCount
            && a.reason.utf8Start == b.reason.utf8Start
    }
}
