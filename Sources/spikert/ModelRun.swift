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
        var opened: ModelFile
        switch ModelFile.open(options.model, copyTensors: options.copyTensors) {
        case .success(let file): opened = file
        case .failure(let failure): return fail(failure.message)
        }
        if let failure = options.settings.apply(to: &opened.model.network, modelName: options.model) {
            return fail(failure)
        }
        let channels: ChannelMap
        do { channels = try ChannelMap(opened.model.network) } catch {
            return fail("\(options.model): \(error.message)")
        }
        var replay = Replay(channels: channels)
        let status = replay.run(&opened.model, options: options)
        if status == .success {
            summarize(opened.model, replay: replay, arenaBytes: opened.arenaBytes)
            if !options.checkpoint.isEmpty, !saveCheckpoint(opened.model) { return .failure }
        }
        return status
    }

    private func saveCheckpoint(_ model: borrowing LoadedModel) -> Bool {
        var checkpointer = Checkpointer(path: options.checkpoint)
        switch checkpointer.save(model) {
        case .success(let record):
            summaryLine("checkpoint \(options.checkpoint): \(record.bytes) bytes at tick \(record.tick)")
            return true
        case .failure(let failure):
            return fail(failure.message) == .success
        }
    }

    /// Summary lines go to stdout, or to stderr when stdout carries the spike file.
    func summaryLine(_ line: String) {
        if options.outputIsStdout { Console.error(line) } else { Console.out(line) }
    }

    private func fail(_ message: String) -> ExitCode {
        Console.error("\(ToolInfo.name) run: \(message)")
        return .failure
    }
}
