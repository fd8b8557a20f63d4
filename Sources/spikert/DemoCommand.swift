import SpikeHost

/// `spikert demo [--ticks N]`: the self-contained direction-detector demonstration.
///
/// Parses its options and hands over to `DirectionDemo`. Exit status 0 only if every
/// phase of the scene was classified correctly, so CI can run it as a smoke test.
enum DemoCommand {
    static let command = Command(
        name: "demo",
        summary: "run a built-in event-camera direction detector and show that it works",
        run: { args in run(&args) })

    static let defaultTicks = 240
    static let maximumTicks = 1_000_000

    static func run(_ args: inout Arguments) -> ExitCode {
        var ticks = defaultTicks
        while !args.isAtEnd {
            if args.take("--help") || args.take("-h") {
                printUsage(to: Console.out)
                return .success
            }
            switch args.takeValue("--ticks") {
            case .present(let word):
                guard let n = Arguments.parseCount(word, limit: maximumTicks),
                      n >= BarScene.minimumTicks
                else {
                    return usageError("--ticks wants a whole number from "
                        + "\(BarScene.minimumTicks) to \(maximumTicks), not '\(word)'")
                }
                ticks = n
                continue
            case .missing:
                return usageError("--ticks needs a value")
            case .absent:
                break
            }
            let word = args.take() ?? ""
            let what = Arguments.looksLikeOption(word) ? "option" : "argument"
            return usageError("unknown \(what) '\(word)'")
        }
        return DirectionDemo(ticks: ticks).run()
    }

    private static func usageError(_ message: String) -> ExitCode {
        UsageError.report("demo", message, usage: printUsage(to:))
    }

    static func printUsage(to emit: (String) -> Void) {
        emit("usage: \(ToolInfo.name) demo [--ticks N]")
        emit("")
        emit("Builds a small spiking direction detector in memory (16x16 event-camera retina,")
        emit("CONV2D edge maps, delay-based Reichardt correlators, two output neurons),")
        emit("shows it a bar moving right, standing still, moving left, standing still,")
        emit("and prints a spike raster, per-phase output counts and work counters.")
        emit("Exits 0 only if every phase is classified correctly.")
        emit("")
        emit("  --ticks N   length of the run in ticks (default \(defaultTicks), "
             + "at least \(BarScene.minimumTicks))")
        emit("  --help      show this text")
    }
}
