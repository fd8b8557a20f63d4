import SpikeHost

/// One subcommand of `spikert`: its name, the line `spikert --help` shows for it, and
/// the function that runs it.
///
/// A plain struct holding a function, not a protocol: Embedded Swift has no
/// existentials, and a table of values is all a dispatcher needs. Adding a command is
/// one new file with a `static let command` and one line in `CommandDispatcher.commands`.
struct Command: Sendable {
    /// The word that selects the command (`spikert demo`).
    let name: StaticString
    /// One line for the command list in `spikert --help`.
    let summary: StaticString
    /// Parses the words after the command name and runs. It prints its own usage
    /// errors (to stderr) and returns `.usage` for them.
    let run: @Sendable (inout Arguments) -> ExitCode
}
