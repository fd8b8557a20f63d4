import SpikeCore
import SpikeHost
import SpikeModel

/// The readable end of `spikert run`: what was loaded, what came in, what came out (with
/// a raster of the output channels), the work done, and the state hash.
extension ModelRun {
    static let rasterColumns = 60
    static let rasterRows = 16

    func summarize(_ model: borrowing LoadedModel, replay: Replay, arenaBytes: Int) {
        let meta = model.metadata
        let dtMicros = meta.dtNanoseconds / 1000
        summaryLine("model    \(TextFormat.ascii(Array(meta.name))) (\(TextFormat.ascii(Array(meta.producer)))), "
            + "dt \(dtMicros) us, \(model.network.populationCount) populations, \(model.network.projectionCount) projections")
        summaryLine("memory   arena \(arenaBytes) bytes (" + (options.copyTensors ? "tensors copied" : "tensors used in place") + ")")
        if options.input.isEmpty {
            summaryLine("input    none")
        } else {
            summaryLine("input    \(options.input): \(replay.inputEvents) events on "
                + "\(replay.channels.inputChannels) channels, last at tick \(replay.lastInputTick)")
        }
        if replay.firstTick > 0 {
            summaryLine("resumed  from the checkpoint's tick \(replay.firstTick); \(replay.skippedEvents) "
                + "earlier input events skipped")
        }
        if replay.ignoredEvents > 0 {
            summaryLine("warning  \(replay.ignoredEvents) input events after tick "
                + "\(replay.firstTick &+ UInt64(replay.ticks) &- 1) were not used")
        }
        let modelMillis = UInt64(replay.ticks) &* meta.dtNanoseconds / 1_000_000
        summaryLine("ran      \(replay.ticks) ticks (\(modelMillis) ms of model time)"
            + powerNote(model.network.power))
        var d = 0
        for slot in replay.channels.outputs {
            var total = 0
            for c in slot.firstChannel..<(slot.firstChannel + slot.size) { total += replay.counts[c] }
            let name = outputName(model, population: slot.population, decoderHint: &d)
            summaryLine("output   \(name) (population \(slot.population), \(slot.size) \(slot.size == 1 ? "neuron" : "neurons"), channels "
                + "\(slot.firstChannel)-\(slot.firstChannel + slot.size - 1)): \(total) spikes")
        }
        printRaster(replay)
        if options.stats {
            let c = model.network.counters
            let perTick = replay.ticks > 0 ? replay.nanoseconds / UInt64(replay.ticks) : 0
            summaryLine("stats    \(c.synapticEvents) synaptic events, \(c.neuronUpdates) neuron updates, "
                + "\(c.spikes) spikes emitted, \(c.inputSpikes) input spikes; \(perTick) ns per tick "
                + "(reading, stepping, writing)")
            summaryLine("         \(c.skippedTicks) ticks skipped while quiescent, "
                + "\(c.plasticityUpdates) plasticity updates")
        }
        summaryLine("state    hash \(TextFormat.hex64(model.network.stateHash())) at tick \(model.network.tick)")
    }

    private func powerNote(_ power: PowerSettings) -> String {
        switch power.mode {
        case .normal: return ""
        case .full: return ", full mode (nothing skipped)"
        case .low:
            return ", low-power mode: \(power.fold) ticks per step, thresholds x \(power.thresholdScale)/65536"
        }
    }

    private func outputName(_ model: borrowing LoadedModel, population: Int, decoderHint: inout Int) -> String {
        for d in 0..<model.network.decoderCount {
            guard let spec = try? model.network.decoderSpec(d), spec.population == population else { continue }
            if let name = model.decoderName(d) { return "'" + TextFormat.ascii(Array(name)) + "'" }
        }
        if let name = model.populationName(population) { return "'" + TextFormat.ascii(Array(name)) + "'" }
        return "population \(population)"
    }

    /// One row per output channel (the first 16), one column per bin of ticks; a digit
    /// is the number of spikes in the bin (9 = nine or more), '.' none.
    private func printRaster(_ replay: Replay) {
        guard replay.ticks > 0, replay.channels.outputChannels > 0 else { return }
        let columns = min(Self.rasterColumns, replay.ticks)
        let bin = (replay.ticks + columns - 1) / columns
        let rows = min(Self.rasterRows, replay.channels.outputChannels)
        var cells = [UInt8](repeating: 0, count: rows * columns)
        for (tick, channel) in replay.recorded where channel < rows {
            let i = channel * columns + tick / bin
            if cells[i] < 9 { cells[i] += 1 }
        }
        summaryLine("raster   one column = \(bin) ticks; digit = spikes in the column, '.' = none")
        for r in 0..<rows {
            var line = [UInt8]()
            for c in 0..<columns {
                let n = cells[r * columns + c]
                line.append(n == 0 ? UInt8(ascii: ".") : UInt8(ascii: "0") + n)
            }
            summaryLine("  ch " + TextFormat.left("\(r)", 4) + TextFormat.ascii(line))
        }
        if replay.channels.outputChannels > rows {
            summaryLine("  (\(replay.channels.outputChannels - rows) more channels in the spike file)")
        }
    }
}
