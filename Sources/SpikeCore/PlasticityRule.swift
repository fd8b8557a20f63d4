/// Learning rule of one projection (docs/SEMANTICS.md 11.1): pair STDP with
/// nearest-spike or all-to-all traces, applied to the weights directly or, for the
/// reward-modulated rules, to per-synapse eligibility traces that a reward turns into
/// weight changes.
public enum PlasticityRule: UInt8, Sendable {
    case stdpNearest = 0
    case stdpAllToAll = 1
    case rewardNearest = 2
    case rewardAllToAll = 3

    /// Traces are set to one spike (nearest) rather than incremented (all-to-all).
    public var isNearest: Bool { self == .stdpNearest || self == .rewardNearest }

    /// Updates go to eligibility traces and reach the weights through rewards.
    public var isRewardModulated: Bool { self == .rewardNearest || self == .rewardAllToAll }
}
