/// The process exit status of a command.
///
/// Three values only, so scripts and CI can tell a failed check (1) from a bad command
/// line (2) without parsing output.
public struct ExitCode: Equatable, Sendable {
    public var rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The command did what was asked and every check it makes passed.
    public static let success = ExitCode(rawValue: 0)
    /// The command ran but a check failed (for `demo`: a phase was misclassified), or
    /// the runtime refused the input.
    public static let failure = ExitCode(rawValue: 1)
    /// The command line could not be understood; usage went to stderr.
    public static let usage = ExitCode(rawValue: 2)
}
