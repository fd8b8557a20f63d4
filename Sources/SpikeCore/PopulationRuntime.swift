/// Where one population's state lives in the arena, plus its parameters.
///
/// All pointers are optional only because the same layout code also runs as a pure size
/// query; once a network is placed, every buffer its model needs is non-nil, and the
/// step loop unwraps each once per population per tick, never per neuron.
struct PopulationRuntime {
    var spec: PopulationSpec
    /// Membrane `v` (every model but INPUT).
    var v: UnsafeMutablePointer<Int32>?
    /// `i_syn` (CUBA), adaptation `a` (ALIF) or recovery `u` (IZH).
    var aux: UnsafeMutablePointer<Int32>?
    /// Refractory counters (spiking models).
    var refractory: UnsafeMutablePointer<UInt16>?
    /// `s`: the spike of the last completed tick, 0 or 1, one byte per neuron.
    var spiked: UnsafeMutablePointer<UInt8>?
    /// INPUT only: spikes injected for the next tick.
    var pending: UnsafeMutablePointer<UInt8>?
    /// Non-input: the input current of the tick being computed. It doubles as the
    /// accumulator of the population's first incoming projection.
    var current: UnsafeMutablePointer<Int32>?
    /// `slotMask + 1` spike lists (a power of two ≥ `historyDepth + 1`) of `size`
    /// ascending neuron indices; the list of tick `t` is in slot `t & slotMask`. A power
    /// of two because 64-bit division is a library call on 32-bit targets.
    var spikeLists: UnsafeMutablePointer<UInt16>?
    /// Length of each spike list.
    var spikeCounts: UnsafeMutablePointer<Int32>?
    /// Largest delay among the projections leaving this population.
    var historyDepth: Int
    var slotMask: Int
    /// This population's incoming projections: `incoming[incomingStart ..< +incomingCount]`.
    var incomingStart: Int
    var incomingCount: Int

    var size: Int { spec.size }

    /// Spike-list slots needed to look `depth` ticks back: a power of two > depth.
    static func slotCount(depth: Int) -> Int {
        var slots = 1
        while slots <= depth { slots &<<= 1 }
        return slots
    }

    /// Slot of the spike list of tick `t`.
    @inline(__always)
    func slot(ofTick t: UInt64) -> Int {
        Int(truncatingIfNeeded: t) & slotMask
    }
}
