/// What one rule's kernel works on in one step: the rule, its projection and weights,
/// both traces (already decayed), this step's spike lists and the target's spike
/// flags. Built once per rule per step, so the kernels share one argument.
struct LearningStep {
    let rule: PlasticityRuntime
    let projection: ProjectionRuntime
    let weights: UnsafeMutablePointer<Int8>
    /// `x`, one per source neuron.
    let preTraces: UnsafeMutablePointer<Int32>
    /// `y`, one per target neuron.
    let postTraces: UnsafeMutablePointer<Int32>
    /// Source neurons whose spikes arrive in this step (after the projection's delay).
    let preEvents: UnsafeBufferPointer<UInt16>
    /// Target neurons that fired in this step.
    let postEvents: UnsafeBufferPointer<UInt16>
    let targetSpiked: UnsafeMutablePointer<UInt8>
    /// Some post trace is live after the decay: the rows of the pre events are depressed.
    let depresses: Bool

    /// The rule's traces take spikes as one spike (nearest) or add them (all-to-all).
    var nearest: Bool { rule.spec.rule.isNearest }
}
