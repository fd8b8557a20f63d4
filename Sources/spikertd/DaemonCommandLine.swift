import SpikeHost

/// Turns the command line (and the config file it names) into `DaemonOptions`.
///
/// The config file is read first and the flags after it, so a flag overrides the file;
/// a repeatable option given by flags replaces the file's list rather than adding to it
/// (what someone testing one line on the command line expects).
enum DaemonCommandLine {
    enum Outcome {
        case run(DaemonOptions)
        /// Print this and exit 0 (`--help`, `--version`).
        case exit(ExitCode)
    }

    /// A usage error: the message names the offending value; exit status 2.
    struct Failure: Error {
        var message: String
    }

    static func parse(_ arguments: Arguments) -> Result<Outcome, Failure> {
        var args = arguments
        var options = DaemonOptions()
        var flags: [(DaemonOption, String)] = []
        while !args.isAtEnd {
            if args.take("--help") || args.take("-h") {
                DaemonUsage.print(to: Console.out)
                return .success(.exit(.success))
            }
            if args.take("--version") {
                Console.out("spikertd \(DaemonUsage.version)")
                return .success(.exit(.success))
            }
            guard let (option, value) = take(&args) else {
                let word = args.take() ?? ""
                if Arguments.looksLikeOption(word) {
                    return .failure(Failure(message: "unknown option '\(word)' (see spikertd --help)"))
                }
                return .failure(Failure(message: "unexpected argument '\(word)' (options start with --; see spikertd --help)"))
            }
            guard let value else {
                return .failure(Failure(message: args.missingValue(option.flag, option.valueName)))
            }
            if option.named("--config") {
                options.config = value
            } else {
                flags.append((option, value))
            }
        }
        if !options.config.isEmpty {
            switch DaemonConfigFile.read(options.config, into: &options) {
            case .success: break
            case .failure(let failure): return .failure(Failure(message: failure.message))
            }
        }
        var cleared: [StaticString] = []
        for (option, value) in flags {
            if option.repeatable && !cleared.contains(where: { option.named($0) }) {
                cleared.append(option.flag)
                option.clear(&options)
            }
            if let message = option.apply(&options, value) { return .failure(Failure(message: message)) }
        }
        guard !options.model.isEmpty else {
            return .failure(Failure(message: "no model: give --model FILE (or MODEL= in the config file)"))
        }
        return .success(.run(options))
    }

    /// The option the next word names and its value (nil value: missing), consuming
    /// them; nil when the next word is no known option.
    private static func take(_ args: inout Arguments) -> (DaemonOption, String?)? {
        for option in DaemonOption.all {
            if option.isSwitch {
                if args.take(option.flag) { return (option, "yes") }
                continue
            }
            switch args.takeValue(option.flag) {
            case .present(let value): return (option, value)
            case .missing: return (option, nil)
            case .absent: continue
            }
        }
        return nil
    }
}
