import SpikeCore
import SpikeHost
import SpikeModel

/// `spikert validate MODEL...`: load each blob exactly as `run` would (every check of
/// docs/LOADER.md: CRC, schema, ranges, shapes, SpikeCore's own validation) and say
/// whether it passed, with the byte offset and field of the first problem.
enum ValidateCommand {
    static let command = Command(
        name: "validate",
        summary: "check model blobs (schema, ranges, shapes, checksum) without running them",
        run: { args in run(&args) })

    static func run(_ args: inout Arguments) -> ExitCode {
        var paths: [String] = []
        while let word = args.take() {
            if Arguments.matches(word, "--help") || Arguments.matches(word, "-h") {
                printUsage(to: Console.out)
                return .success
            }
            if Arguments.looksLikeOption(word) {
                return UsageError.report("validate", "unknown option '\(word)'", usage: printUsage(to:))
            }
            paths.append(word)
        }
        guard !paths.isEmpty else {
            return UsageError.report("validate", "no model blob given", usage: printUsage(to:))
        }
        var status = ExitCode.success
        for path in paths {
            switch ModelFile.open(path, copyTensors: false) {
            case .success(let file):
                let kind = file.model.restoredState
                    ? "checkpoint at tick \(file.model.network.tick)" : "model"
                Console.out("\(path): ok (\(kind), \(file.model.network.populationCount) populations, "
                    + "\(file.model.network.projectionCount) projections, arena \(file.arenaBytes) bytes)")
            case .failure(let failure):
                Console.out("\(path): INVALID: \(failure.message)")
                status = .failure
            }
        }
        return status
    }

    static func printUsage(to emit: (String) -> Void) {
        emit("usage: \(ToolInfo.name) validate MODEL.spkb...")
        emit("")
        emit("Loads each blob with every check the runtime makes and prints 'ok' or the first")
        emit("problem with its byte offset and field. Exits 1 if any blob is invalid.")
    }
}
