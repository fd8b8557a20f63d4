/// The process exit status of a command: one convention for `spikert`, `spikertd` and
/// `spikert-export` (README, "Exit status").
///
/// - 0: the command did what was asked and every check it makes passed;
/// - 1: a run-time failure: the command started on valid input but could not finish
///   (a write failed, the disk is full, a device or socket failed, a check such as the
///   demo's classification did not pass);
/// - 2: a usage or input error: the command line, or a file or value it names, was
///   refused before the work began (with the value, byte offset, field or line).
public struct ExitCode: Equatable, Sendable {
    public var rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// 0: done, every check passed.
    public static let success = ExitCode(rawValue: 0)
    /// 1: a run-time failure.
    public static let failure = ExitCode(rawValue: 1)
    /// 2: the command line could not be understood; usage went to stderr.
    public static let usage = ExitCode(rawValue: 2)
    /// 2 as well: an input the command names (a model, a spike file, an output path,
    /// a value) was refused. The same status as `usage`, by the convention: both mean
    /// "what was asked cannot be done as asked", as opposed to a failure on the way.
    public static let badInput = usage
}
