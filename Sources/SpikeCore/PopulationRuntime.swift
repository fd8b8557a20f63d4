/// Where one population's state lives in the arena, plus its parameters.
///
/// All pointers are optional only because the same layout code also runs as a pure size
/// query; once a network is placed, every buffer its model needs is non-nil, and the
/// step loop unwraps each once per population per tick, never per neuron.
struct PopulationRuntime {
    /// The parameters the step uses: `declared`, or in the low-power mode its scaled
    /// and folded form (docs/SEMANTICS.md 12.2).
    var spec: PopulationSpec
    /// The parameters as the model gives them.
    var declared: PopulationSpec
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
    /// ascending neuron indices; the list of step `h` is in slot `h & slotMask`. A power
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
    /// Every neuron is at rest (docs/SEMANTICS.md 12.1): a step without input would
    /// leave the population unchanged and silent. Kept up to date by every update.
    var restingNeurons: Bool = false
    /// The model and parameters allow rest at all (not IZH, no bias, θ ≥ 0).
    var canRest: Bool = false
    /// Consecutive most recent steps without a spike (saturating): the spike history is
    /// empty once this reaches `historyDepth`.
    var quietSteps: Int = 0

    var size: Int { spec.size }

    /// Count a step with `spikes` spikes into `quietSteps`.
    @inline(__always)
    mutating func noteSpikes(_ spikes: Int) {
        if spikes != 0 {
            quietSteps = 0
        } else if quietSteps < Int(Int32.max) {
            quietSteps &+= 1
        }
    }

    /// The spike history holds no spike (docs/SEMANTICS.md 12.1, quiescence).
    var historyEmpty: Bool { quietSteps >= historyDepth && quietSteps >= 1 }

    /// Spike-list slots needed to look `depth` ticks back: a power of two > depth.
    static func slotCount(depth: Int) -> Int {
        var slots = 1
        while slots <= depth { slots &<<= 1 }
        return slots
    }

    /// Slot of the spike list of step `h` (docs/SEMANTICS.md 3: histories count steps).
    @inline(__always)
    func slot(ofStep h: UInt64) -> Int {
        Int(truncatingIfNeeded: h) & slotMask
    }
}
