/// What a request asks for: the method with its checked params.
public enum ControlCommand: Equatable, Sendable {
    case status
    case counters
    /// Q16.16 reward.
    case reward(Int32)
    case learning(LearningChange)
    case power(PowerChange)
    case checkpoint
    case reload
    case subscribe(SubscriptionChange)
    case unsubscribe

    public var method: ControlMethod {
        switch self {
        case .status: return .status
        case .counters: return .counters
        case .reward: return .reward
        case .learning: return .learning
        case .power: return .power
        case .checkpoint: return .checkpoint
        case .reload: return .reload
        case .subscribe: return .subscribe
        case .unsubscribe: return .unsubscribe
        }
    }
}
