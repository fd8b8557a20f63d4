import SpikeHost

/// Top level of the command line: global options, then the subcommand.
///
/// `spikert [--help | --version] <command> [options]`. Only global options may precede
/// the command; everything after it belongs to the command, which parses it itself.
enum CommandDispatcher {
    /// Every subcommand, in the order `--help` lists them.
    static let commands: [Command] = [
        RunCommand.command,
        ValidateCommand.command,
        InspectCommand.command,
        DemoCommand.command,
        ExportCCommand.command,
        CtlCommand.command,
    ]

    /// Run the command line and return the process exit status.
    static func run(_ arguments: Arguments) -> ExitCode {
        var args = arguments
        if args.take("--help") || args.take("-h") || args.take("help") {
            printUsage(to: Console.out)
            return .success
        }
        if args.take("--version") || args.take("-V") {
            Console.out("\(ToolInfo.name) \(ToolInfo.version)")
            return .success
        }
        guard let word = args.take() else {
            Console.error("\(ToolInfo.name): no command given")
            printUsage(to: Console.error)
            return .usage
        }
        for command in commands where Arguments.matches(word, command.name) {
            return command.run(&args)
        }
        let what = Arguments.looksLikeOption(word) ? "option" : "command"
        Console.error("\(ToolInfo.name): unknown \(what) '\(word)'")
        printUsage(to: Console.error)
        return .usage
    }

    /// The tool's usage text, one line at a time through `emit`.
    static func printUsage(to emit: (String) -> Void) {
        emit("usage: \(ToolInfo.name) [--help | --version] <command> [options]")
        emit("")
        emit("commands:")
        for command in commands {
            emit("  \(TextFormat.left("\(command.name)", 10))\(command.summary)")
        }
        emit("")
        emit("Run '\(ToolInfo.name) <command> --help' for a command's options.")
    }
}
