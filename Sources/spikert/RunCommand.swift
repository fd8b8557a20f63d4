import SpikeHost
/// `spikert run MODEL [--input FILE] [--output FILE] [--ticks N] [--stats] [--learn]
/// [--checkpoint FILE] [--copy]`: replay a spike file through a model blob.
///
/// Parses the options and hands over to `ModelRun`. Exit status 1 when the model or the
/// input is refused (with the offending byte offset, field or line), 2 for a bad
/// command line.
enum RunCommand {
    static let command = Command(
        name: "run",
        summary: "replay a spike file through a model blob and write its output spikes",
        run: { args in run(&args) })

    static let maximumTicks = RunLimits.maximumTicks

    static func run(_ args: inout Arguments) -> ExitCode {
        var options = RunOptions()
        while !args.isAtEnd {
            if args.take("--help") || args.take("-h") {
                printUsage(to: Console.out)
                return .success
            }
            if args.take("--stats") { options.stats = true; continue }
            if args.take("--learn") { options.settings.learn = true; continue }
            if args.take("--freeze") { options.settings.learn = false; continue }
            if args.take("--copy") { options.copyTensors = true; continue }
            var failed: ExitCode? = nil
            if take(&args, "--input", into: &options.input, failed: &failed) { continue }
            if take(&args, "--output", into: &options.output, failed: &failed) { continue }
            if take(&args, "--checkpoint", into: &options.checkpoint, failed: &failed) { continue }
            if let failed { return failed }
            switch args.takeValue("--param") {
            case .present(let word):
                guard let setting = ParamOption.parse(word) else {
                    return usageError("--param wants NAME=VALUE with NAME one of a_plus, a_minus, "
                        + "decay_pre, decay_post, w_min, w_max, learning_rate, decay_elig, bounds, "
                        + "norm_target and an integer VALUE, not '\(word)'")
                }
                options.settings.parameters.append(setting)
                continue
            case .missing:
                return usageError("--param needs a value")
            case .absent:
                break
            }
            switch args.takeValue("--power") {
            case .present(let word):
                guard let settings = PowerOption.parse(word) else {
                    return usageError("--power wants normal, full or low[:FOLD[:SCALE]] "
                        + "(FOLD 2-256, SCALE Q16 1-1048576), not '\(word)'")
                }
                options.settings.power = settings
                continue
            case .missing:
                return usageError("--power needs a value")
            case .absent:
                break
            }
            switch args.takeValue("--ticks") {
            case .present(let word):
                guard let n = Arguments.parseCount(word, limit: maximumTicks) else {
                    return usageError("--ticks wants a whole number, not '\(word)'")
                }
                options.ticks = n
                continue
            case .missing:
                return usageError("--ticks needs a value")
            case .absent:
                break
            }
            let word = args.take() ?? ""
            if Arguments.looksLikeOption(word) { return usageError("unknown option '\(word)'") }
            guard options.model.isEmpty else { return usageError("more than one model: '\(word)'") }
            options.model = word
        }
        guard !options.model.isEmpty else { return usageError("no model blob given") }
        guard !options.input.isEmpty || options.ticks != nil else {
            return usageError("give --input FILE or --ticks N (or both)")
        }
        return ModelRun(options: options).run()
    }

    /// `--name VALUE` into `value`; on a missing value sets `failed` to a usage error.
    private static func take(_ args: inout Arguments, _ name: StaticString, into value: inout String,
                             failed: inout ExitCode?) -> Bool {
        switch args.takeValue(name) {
        case .present(let word):
            value = word
            return true
        case .missing:
            failed = usageError("\(name) needs a value")
            return false
        case .absent:
            return false
        }
    }

    private static func usageError(_ message: String) -> ExitCode {
        UsageError.report("run", message, usage: printUsage(to:))
    }

    static func printUsage(to emit: (String) -> Void) {
        emit("usage: \(ToolInfo.name) run MODEL.spkb [--input FILE] [--output FILE] [--ticks N]")
        emit("                   [--stats] [--learn | --freeze] [--param NAME=VALUE] [--power MODE]")
        emit("                   [--checkpoint FILE] [--copy]")
        emit("")
        emit("Loads a model blob into memory it owns, replays the input spike file through")
        emit("it tick by tick, writes the spikes of the decoded populations, and prints a")
        emit("summary. Spike files are CSV lines 'tick,channel' (a spike),")
        emit("'tick,channel,value' (an encoder value) or 'tick,reward,value' (a reward, Q16.16,")
        emit("for reward-modulated learning); channels number the input populations' neurons in")
        emit("population order (docs/EXPORT.md). Silent stretches of a quiescent network are")
        emit("skipped in one jump (bit-identical to stepping through them).")
        emit("")
        emit("  --input FILE       input spike file ('-' = stdin)")
        emit("  --output FILE      output spike file ('-' = stdout; the summary then goes to stderr)")
        emit("  --ticks N          run N ticks (default: up to the input's last tick)")
        emit("  --stats            print work counters and time per tick")
        emit("  --learn            switch every learning rule of the model on")
        emit("  --freeze           switch every learning rule off (weights stay as they are)")
        emit("  --param NAME=VALUE set a learning parameter on every rule (blob units, e.g.")
        emit("                     a_plus=131072; see docs/model.cddl), repeatable")
        emit("  --power MODE       normal (default), full (nothing skipped: for comparisons) or")
        emit("                     low[:FOLD[:SCALE]]: FOLD ticks per step (default 2), thresholds")
        emit("                     times SCALE/65536 (default: the model's)")
        emit("  --checkpoint FILE  save the final state as a checkpoint blob (atomic write)")
        emit("  --copy             copy all tensors into memory instead of using the blob in place")
        emit("  --help             show this text")
    }
}
