import SpikeHost

/// The two output forms of a result: a fixed-width table row for people and one JSON
/// object per line for scripts (tools/bench/, docs/BENCHMARKS.md).
///
/// Built by hand with integer formatting (DecimalText) and SpikeHost's column padding
/// (TextFormat) so the text is byte-identical in the full-Swift and the Embedded build.
enum BenchReport {
    static let widths = [19, 12, 7, 6, 11, 11, 11, 11, 11, 16, 16, 11, 6, 12, 9, 17]

    static var tableHeader: String {
        row(["workload", "shape", "ticks", "reps", "median_us", "p99_us", "ticks/s",
             "Mevents/s", "Mupdates/s", "hidden% (flt)", "output% (flt)", "arena_B",
             "B/syn", "B/nrn(STDP)", "code_B", "checksum"])
    }

    static func tableRow(_ r: BenchResult) -> String {
        row([r.name, r.shape, "\(r.ticks)", "\(r.repeats)",
             DecimalText.micros(r.medianNs), DecimalText.micros(r.p99Ns),
             DecimalText.integer(r.ticksPerSecond),
             DecimalText.fixed(r.eventsPerSecond / 1e6, 1),
             DecimalText.fixed(r.updatesPerSecond / 1e6, 1),
             r.hiddenNeurons > 0
                ? DecimalText.percent(r.hiddenActivity) + " (" + DecimalText.percent(r.floatHiddenActivity) + ")"
                : "-",
             DecimalText.percent(r.outputActivity) + " (" + DecimalText.percent(r.floatOutputActivity) + ")",
             "\(r.arenaBytes)", DecimalText.fixed(r.footprint.bytesPerSynapse, 2),
             DecimalText.fixed(r.footprint.bytesPerNeuron, 1) + " ("
                + DecimalText.fixed(r.footprint.bytesPerNeuronLearning, 1) + ")",
             r.code.spikeCoreBytes.map { "\($0)" } ?? "-",
             DecimalText.hex(r.checksum)])
    }

    /// Keys are stable: tools/bench scripts parse them. `synapse_bytes`,
    /// `neuron_bytes` and `neuron_bytes_learning` split the arena (ArenaFootprint);
    /// the `bytes_per_*` keys divide them by `synapses` and `neurons`. `hidden_activity` and
    /// `float_hidden_activity` are 0 for a workload without hidden populations
    /// (`hidden_neurons` 0); `code_bytes` and `text_bytes` are null when the binary's
    /// ELF file could not be read (CodeSize).
    static func jsonLine(_ r: BenchResult) -> String {
        "{\"workload\": \"\(r.name)\", \"shape\": \"\(r.shape)\", \"ticks\": \(r.ticks)"
            + ", \"repeats\": \(r.repeats)"
            + ", \"median_us\": " + DecimalText.micros(r.medianNs)
            + ", \"p99_us\": " + DecimalText.micros(r.p99Ns)
            + ", \"mean_us\": " + DecimalText.fixed(r.meanNs / 1000, 3)
            + ", \"ticks_per_s\": " + DecimalText.integer(r.ticksPerSecond)
            + ", \"synaptic_events\": \(r.synapticEvents)"
            + ", \"neuron_updates\": \(r.neuronUpdates)"
            + ", \"events_per_s\": " + DecimalText.integer(r.eventsPerSecond)
            + ", \"updates_per_s\": " + DecimalText.integer(r.updatesPerSecond)
            + ", \"hidden_neurons\": \(r.hiddenNeurons)"
            + ", \"hidden_activity\": " + DecimalText.fixed(r.hiddenActivity, 6)
            + ", \"output_activity\": " + DecimalText.fixed(r.outputActivity, 6)
            + ", \"float_hidden_activity\": " + DecimalText.fixed(r.floatHiddenActivity, 6)
            + ", \"float_output_activity\": " + DecimalText.fixed(r.floatOutputActivity, 6)
            + ", \"arena_bytes\": \(r.arenaBytes)"
            + ", \"synapses\": \(r.footprint.synapses)"
            + ", \"neurons\": \(r.footprint.neurons)"
            + ", \"synapse_bytes\": \(r.footprint.synapseBytes)"
            + ", \"neuron_bytes\": \(r.footprint.neuronBytes)"
            + ", \"neuron_bytes_learning\": \(r.footprint.learningNeuronBytes)"
            + ", \"bytes_per_synapse\": " + DecimalText.fixed(r.footprint.bytesPerSynapse, 3)
            + ", \"bytes_per_neuron\": " + DecimalText.fixed(r.footprint.bytesPerNeuron, 2)
            + ", \"bytes_per_neuron_learning\": " + DecimalText.fixed(r.footprint.bytesPerNeuronLearning, 2)
            + ", \"code_bytes\": " + (r.code.spikeCoreBytes.map { "\($0)" } ?? "null")
            + ", \"code_functions\": \(r.code.spikeCoreFunctions)"
            + ", \"text_bytes\": " + (r.code.textBytes.map { "\($0)" } ?? "null")
            + ", \"checksum\": \"" + DecimalText.hex(r.checksum) + "\""
            + ", \"state_hash\": \"" + DecimalText.hex(r.stateHash) + "\"}"
    }

    /// The first two columns (name, shape) left-aligned, numbers right-aligned.
    private static func row(_ cells: [String]) -> String {
        var line = ""
        for (k, cell) in cells.enumerated() {
            let width = k < widths.count ? widths[k] : 0
            line += k < 2 ? TextFormat.left(cell, width) : TextFormat.right(cell, width)
        }
        return line
    }
}
