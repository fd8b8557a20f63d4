import CSystem
import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel

/// The work of `spikert run`: load the blob into an arena this process owns, replay
/// the input file tick by tick, stream the output spikes, then summarise.
struct ModelRun {
    let options: RunOptions

    /// Output spikes kept for the summary's raster (the spike file gets all of them).
    static let rasterLimit = 1_000_000

    func run() -> ExitCode {
        if let clash = clobberedInput() { return fail(clash, status: .badInput) }
        if !options.checkpoint.isEmpty {
            do { try AtomicFile.checkTarget(options.checkpoint) } catch {
                return fail("--checkpoint \(options.checkpoint): \(error.message)", status: .badInput)
            }
        }
        var opened: ModelFile
        switch ModelFile.open(options.model, copyTensors: options.copyTensors) {
        case .success(let file): opened = file
        case .failure(let failure): return fail(failure.message, status: failure.isInputError ? .badInput : .failure)
        }
        if let failure = options.settings.apply(to: &opened.model.network, modelName: options.model) {
            return fail(failure, status: .badInput)
        }
        let channels: ChannelMap
        do { channels = try ChannelMap(opened.model.network) } catch {
            return fail("\(options.model): \(error.message)", status: .badInput)
        }
        var replay = Replay(channels: channels)
        let status = replay.run(&opened.model, options: options)
        if status == .success {
            summarize(opened.model, replay: replay, arenaBytes: opened.arenaBytes)
            if !options.checkpoint.isEmpty, !saveCheckpoint(opened.model) { return .failure }
        }
        return status
    }

    /// An output path that names one of the run's inputs (or the other output), which
    /// writing would destroy: compared by device and inode, so `./x`, a symlink or a
    /// hard link are caught too. A checkpoint may replace the model it was resumed
    /// from (`run ck.spkb --checkpoint ck.spkb`): the model is read whole first and the
    /// checkpoint is written atomically.
    private func clobberedInput() -> String? {
        let output = options.outputIsStdout ? "" : options.output
        let input = Arguments.matches(options.input, "-") ? "" : options.input
        let pairs: [(String, StaticString, String, StaticString)] = [
            (output, "--output", options.model, "the model"),
            (output, "--output", input, "--input"),
            (options.checkpoint, "--checkpoint", input, "--input"),
            (options.checkpoint, "--checkpoint", output, "--output"),
        ]
        for (written, writtenName, read, readName) in pairs where !written.isEmpty && !read.isEmpty {
            if FileIdentity.overwrites(written, read) {
                return "\(writtenName) \(written) is the same file as \(readName) \(read): "
                    + "writing it would destroy what is read; choose another path"
            }
        }
        return nil
    }

    private func saveCheckpoint(_ model: borrowing LoadedModel) -> Bool {
        var checkpointer = Checkpointer(path: options.checkpoint)
        switch checkpointer.save(model) {
        case .success(let record):
            summaryLine("checkpoint \(options.checkpoint): \(record.bytes) bytes at tick \(record.tick)")
            return true
        case .failure(let failure):
            _ = fail(failure.message, status: .failure)
            return false
        }
    }

    /// Summary lines go to stdout, or to stderr when stdout carries the spike file.
    func summaryLine(_ line: String) {
        if options.outputIsStdout { Console.error(line) } else { Console.out(line) }
    }

    private func fail(_ message: String, status: ExitCode) -> ExitCode {
        Console.error("\(ToolInfo.name) run: \(message)")
        return status
    }
}
