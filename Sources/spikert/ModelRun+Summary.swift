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
                + "\(replay.firstTick &+ replay.ticks &- 1) were not used")
        }
        summaryLine("ran      \(replay.ticks) ticks (\(modelTime(ticks: replay.ticks, dtNanoseconds: meta.dtNanoseconds)) of model time)"
            + powerNote(model.network.power))
        if let asked = options.ticks, UInt64(asked) != replay.ticks, replay.ticks > 0 {
            summaryLine("note     --ticks \(asked) rounded up to whole steps of \(model.network.power.ticksPerStep) ticks "
                + "(the last step runs to its end)")
        }
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
            let perTick = replay.ticks > 0 ? replay.nanoseconds / replay.ticks : 0
            summaryLine("stats    \(c.synapticEvents) synaptic events, \(c.neuronUpdates) neuron updates, "
                + "\(c.spikes) spikes emitted, \(c.inputSpikes) input spikes; \(perTick) ns per tick "
                + "(reading, stepping, writing)")
            summaryLine("         \(c.skippedTicks) ticks skipped while quiescent, "
                + "\(c.plasticityUpdates) plasticity updates")
        }
        summaryLine("state    hash \(TextFormat.hex64(model.network.stateHash())) at tick \(model.network.tick)")
    }

    /// `ticks` × `dt` as milliseconds, or in days when that does not fit a UInt64
    /// (multiplied full width: a run near the last tick must not wrap or trap here).
    private func modelTime(ticks: UInt64, dtNanoseconds: UInt64) -> String {
        let product = ticks.multipliedFullWidth(by: dtNanoseconds)
        let nanosecondsPerMillisecond: UInt64 = 1_000_000
        if product.high < nanosecondsPerMillisecond {
            return "\(nanosecondsPerMillisecond.dividingFullWidth(product).quotient) ms"
        }
        let nanosecondsPerDay: UInt64 = 86_400_000_000_000
        if product.high < nanosecondsPerDay {
            return "\(nanosecondsPerDay.dividingFullWidth(product).quotient) days"
        }
        return "more than \(UInt64.max) days"
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
        let rows = min(Self.rasterRows, replay.channels.outputChannels)
        var raster = SpikeRaster(rows: rows, ticks: replay.ticks, maxColumns: Self.rasterColumns)
        for (tick, channel) in replay.recorded { raster.add(row: channel, tick: tick) }
        summaryLine("raster   one column = \(raster.ticksPerColumn) ticks; digit = spikes in the column, '.' = none")
        for r in 0..<rows {
            summaryLine("  ch " + TextFormat.left("\(r)", 4) + raster.line(row: r, marks: .count))
        }
        if replay.channels.outputChannels > rows {
            summaryLine("  (\(replay.channels.outputChannels - rows) more channels in the spike file)")
        }
    }
}
