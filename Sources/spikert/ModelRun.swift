import CSystem
import SpikeCore
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
        if let learn = options.learn {
            let rules = opened.model.network.plasticityCount
            guard rules > 0 else {
                return fail("\(learn ? "--learn" : "--freeze"): \(options.model) has no learning rules")
            }
            for r in 0..<rules {
                do { try opened.model.network.setLearning(rule: r, enabled: learn) } catch {
                    return fail("\(options.model): \(error.message)")
                }
            }
        }
        if !options.parameters.isEmpty {
            let rules = opened.model.network.plasticityCount
            guard rules > 0 else { return fail("--param: \(options.model) has no learning rules") }
            for (parameter, value) in options.parameters {
                for r in 0..<rules {
                    do {
                        try opened.model.network.setPlasticityParameter(rule: r, parameter, to: value)
                    } catch {
                        return fail("--param: rule \(r): \(error.message)")
                    }
                }
            }
        }
        if let power = options.power {
            var settings = power
            if settings.thresholdScale == 0 {
                settings.thresholdScale = opened.model.network.power.thresholdScale
            }
            do { try opened.model.network.setPower(settings) } catch {
                return fail("--power: \(error.message)")
            }
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
        let size: Int
        do { size = try model.checkpointSize() } catch {
            return fail("checkpoint: \(error.message)") == .success
        }
        guard let buffer = AlignedArena(byteCount: size) else {
            return fail("cannot allocate \(size) bytes for the checkpoint") == .success
        }
        let written: Int
        do { written = try model.writeCheckpoint(into: buffer.bytes) } catch {
            return fail("checkpoint: \(error.message)") == .success
        }
        let path = CString(options.checkpoint)
        do {
            try AtomicFile.write(UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<written]),
                                 to: path.pointer)
        } catch {
            return fail("checkpoint \(options.checkpoint): \(error.message)") == .success
        }
        buffer.release()
        summaryLine("checkpoint \(options.checkpoint): \(written) bytes at tick \(model.network.tick)")
        return true
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
