/// One learning rule in the arena: its current parameters, its traces and, for the
/// reward-modulated rules, the per-synapse eligibility and stamps
/// (docs/SEMANTICS.md 11.1).
struct PlasticityRuntime {
    var spec: PlasticitySpec
    var sourceSize: Int
    var targetSize: Int
    var synapseCount: Int
    /// Pre traces `x_i` (`sourceSize`), 65536 = one spike.
    var pre: UnsafeMutablePointer<Int32>?
    /// Post traces `y_j` (`targetSize`).
    var post: UnsafeMutablePointer<Int32>?
    /// R-STDP: eligibility per synapse, in 2^-16 weight steps, weight storage order.
    var eligibility: UnsafeMutablePointer<Int32>?
    /// R-STDP: low 32 bits of the tick each eligibility was last brought up to date.
    var stamps: UnsafeMutablePointer<UInt32>?
    /// Trace decays per step: the rule's own, or their `fold`-th powers in the
    /// low-power mode.
    var decayPreStep: Int32
    var decayPostStep: Int32
    /// Some trace is nonzero. False means the decay pass has nothing to do and the rule
    /// does not stand in the way of quiescence.
    var tracesActive: Bool = false
    /// The step this rule runs, from its rule, bounds and projection kind.
    var kernel = LearningKernel.hardDense
    /// Columns of the neurons that fired are rescaled (`normTarget` on a DENSE projection).
    var normalizes = false

    /// Choose the kernel and normalization for the rule's current parameters on a
    /// projection of `kind`; again whenever a parameter changes.
    mutating func resolveKernel(kind: ProjectionKind) {
        kernel = LearningKernel(rule: spec.rule, bounds: spec.bounds, kind: kind)
        normalizes = spec.normTarget > 0 && kind == .dense
    }

    /// Q16 pre-trace decay for one step of `ticks` ticks.
    mutating func refreshDecays(ticksPerStep ticks: Int) {
        let k = UInt64(truncatingIfNeeded: ticks)
        decayPreStep = ticks == 1 ? spec.decayPre : FixedPoint.powQ16Outlined(spec.decayPre, k)
        decayPostStep = ticks == 1 ? spec.decayPost : FixedPoint.powQ16Outlined(spec.decayPost, k)
    }
}
