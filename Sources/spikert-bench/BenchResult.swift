/// Everything measured for one workload: what the table and the JSON line print.
struct BenchResult {
    var name: String
    var shape: String
    var ticks: Int
    var repeats: Int
    /// Per-tick wall time over all timed passes (inject + step), nanoseconds.
    var medianNs: UInt64
    var p99Ns: UInt64
    var meanNs: Double
    /// Work of one pass (every pass does the same work).
    var synapticEvents: UInt64
    var neuronUpdates: UInt64
    /// Neurons in hidden populations (0 for the reservoirs: input and output only).
    var hiddenNeurons: Int
    /// Mean fraction of neurons firing per tick: hidden populations together, and the
    /// output population; the float reference from the file beside them.
    var hiddenActivity: Double
    var outputActivity: Double
    var floatHiddenActivity: Double
    var floatOutputActivity: Double
    var arenaBytes: Int
    /// Memory per synapse and per neuron from the arena size query (set by the caller).
    var footprint = ArenaFootprint()
    /// FNV-1a 64 over the output spikes (tick u64 LE, neuron u32 LE), then the final
    /// state hash (u64 LE); equal on every target iff they computed the same thing.
    var checksum: UInt64
    var stateHash: UInt64
    /// Size of the SpikeRT code in this binary (set by the caller; CodeSize says what).
    var code = CodeSize()

    var ticksPerSecond: Double { meanNs > 0 ? 1e9 / meanNs : 0 }
    var eventsPerSecond: Double { perSecond(synapticEvents) }
    var updatesPerSecond: Double { perSecond(neuronUpdates) }

    private func perSecond(_ perPass: UInt64) -> Double {
        let seconds = meanNs * Double(ticks) / 1e9
        return seconds > 0 ? Double(perPass) / seconds : 0
    }
}
