/// Which learning step a rule runs (docs/SEMANTICS.md 11.2), decided by its rule, its
/// bounds and its projection's kind. Resolved when the network is built and again when
/// a parameter it depends on changes (`PlasticityRuntime.resolveKernel`), so the step
/// switches on it once per rule per step instead of testing rule, bounds and kind on
/// every row and synapse: the Prepare/Eval split of an interpreter.
enum LearningKernel: UInt8 {
    /// Pair STDP, hard bounds, DENSE: depression split into floor and fraction once
    /// per step (rows move as one when every target has the same change), potentiation
    /// of the flagged rows in whole-row passes.
    case hardDense
    /// Pair STDP, hard bounds, SPARSE or ONE_TO_ONE: the same per-target depression
    /// through each row's columns, one increment per potentiated row.
    case hardRows
    /// Pair STDP, soft bounds: every change scaled by the distance to its bound.
    case softBounds
    /// Reward-modulated STDP: changes go to per-synapse eligibility traces, which a
    /// reward later turns into weight changes (`Network.reward`).
    case eligibility

    init(rule: PlasticityRule, bounds: WeightBounds, kind: ProjectionKind) {
        if rule.isRewardModulated {
            self = .eligibility
        } else if bounds == .soft {
            self = .softBounds
        } else {
            self = kind == .dense ? .hardDense : .hardRows
        }
    }
}
