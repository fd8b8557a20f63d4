import SpikeHost

/// The one way a subcommand rejects its command line: `spikert CMD: message` and the
/// command's usage on stderr, exit status 2.
enum UsageError {
    static func report(_ command: StaticString, _ message: String,
                       usage printUsage: ((String) -> Void) -> Void) -> ExitCode {
        Console.error("\(ToolInfo.name) \(command): \(message)")
        printUsage(Console.error)
        return .usage
    }
}
