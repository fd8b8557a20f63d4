import SpikeHost
/// `spikert run MODEL [--input FILE] [--output FILE] [--ticks N] [--stats] [--learn]
/// [--checkpoint FILE] [--copy]`: replay a spike file through a model blob.
///
/// Parses the options (`RunCommandLine`) and hands over to `ModelRun`. Exit status 2
/// for a bad command line or a model, input or output path that is refused (with the
/// offending value, byte offset, field or line), 1 when the run fails (a write error).
enum RunCommand {
    static let command = Command(
        name: "run",
        summary: "replay a spike file through a model blob and write its output spikes",
        run: { args in run(&args) })

    static func run(_ args: inout Arguments) -> ExitCode {
        var words: [String] = []
        while let word = args.take() { words.append(word) }
        switch RunCommandLine.parse(words) {
        case .help:
            printUsage(to: Console.out)
            return .success
        case .usage(let message):
            return usageError(message)
        case .run(let options):
            return ModelRun(options: options).run()
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
