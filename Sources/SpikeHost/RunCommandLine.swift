/// The options of `spikert run`, parsed from its words (everything after `run`).
///
/// A library type, not the CLI's, so that the option fuzzer (docs/FUZZING.md) drives
/// exactly the parser users hit. Rules: an option that takes a value never takes the
/// next option as its value (`--output --stats` is "--output needs a value"; a file
/// whose name starts with `-` is given as `--output=-name` or `./-name`); `--name=` with
/// nothing after `=` is a missing value too; `-` alone is a value (stdin/stdout).
public enum RunCommandLine {
    /// What the words asked for.
    public enum Parsed {
        case help
        case run(RunOptions)
        /// A usage error: the message to print before the usage text.
        case usage(String)
    }

    public static func parse(_ words: [String]) -> Parsed {
        var args = Arguments(words)
        var options = RunOptions()
        while !args.isAtEnd {
            if args.take("--help") || args.take("-h") { return .help }
            if args.take("--stats") { options.stats = true; continue }
            if args.take("--learn") { options.settings.learn = true; continue }
            if args.take("--freeze") { options.settings.learn = false; continue }
            if args.take("--copy") { options.copyTensors = true; continue }
            var failure: String? = nil
            if take(&args, "--input", into: &options.input, failure: &failure)
                || take(&args, "--output", into: &options.output, failure: &failure)
                || take(&args, "--checkpoint", into: &options.checkpoint, failure: &failure)
            {
                continue
            }
            if let failure { return .usage(failure) }
            switch value(&args, "--param", failure: &failure) {
            case let word?:
                guard let setting = ParamOption.parse(word) else {
                    return .usage("--param wants NAME=VALUE with NAME one of a_plus, a_minus, "
                        + "decay_pre, decay_post, w_min, w_max, learning_rate, decay_elig, bounds, "
                        + "norm_target and VALUE a whole number from -2147483648 to 2147483647, "
                        + "not '\(word)'")
                }
                options.settings.parameters.append(setting)
                continue
            case nil:
                if let failure { return .usage(failure) }
            }
            switch value(&args, "--power", failure: &failure) {
            case let word?:
                guard let settings = PowerOption.parse(word) else {
                    return .usage("--power wants normal, full or low[:FOLD[:SCALE]] "
                        + "(FOLD 2-256, SCALE Q16 1-1048576), not '\(word)'")
                }
                options.settings.power = settings
                continue
            case nil:
                if let failure { return .usage(failure) }
            }
            switch value(&args, "--ticks", failure: &failure) {
            case let word?:
                guard let n = Arguments.parseCount(word, limit: RunLimits.maximumTicks) else {
                    return .usage("--ticks wants a whole number from 0 to \(RunLimits.maximumTicks), not '\(word)'")
                }
                options.ticks = n
                continue
            case nil:
                if let failure { return .usage(failure) }
            }
            let word = args.take() ?? ""
            if Arguments.looksLikeOption(word) && !Arguments.matches(word, "-") {
                return .usage("unknown option '\(word)'")
            }
            guard options.model.isEmpty else { return .usage("more than one model: '\(word)'") }
            guard !word.isEmpty else { return .usage("an empty word where the model blob's path was expected") }
            options.model = word
        }
        guard !options.model.isEmpty else { return .usage("no model blob given") }
        guard !options.input.isEmpty || options.ticks != nil else {
            return .usage("give --input FILE or --ticks N (or both)")
        }
        return .run(options)
    }

    /// `--name VALUE` / `--name=VALUE` into `value`; false when the next word is not
    /// the option, or (with `failure` set) when its value is missing.
    private static func take(_ args: inout Arguments, _ name: StaticString, into field: inout String,
                             failure: inout String?) -> Bool {
        guard let word = value(&args, name, failure: &failure) else { return false }
        field = word
        return true
    }

    /// The option's value; nil when the next word is not the option, or (with `failure`
    /// set to the message) when its value is missing.
    private static func value(_ args: inout Arguments, _ name: StaticString, failure: inout String?) -> String? {
        switch args.takeValue(name) {
        case .present(let word):
            return word
        case .missing:
            failure = args.missingValue(name)
            return nil
        case .absent:
            return nil
        }
    }
}
