/// What a request asks for: the method with its checked params.
public enum ControlCommand: Equatable, Sendable {
    case status
    case counters
    /// Q16.16 reward.
    /// A reward (Q16.16), now or at a given network tick.
    case reward(Int32, tick: UInt64?)
    case learning(LearningChange)
    case power(PowerChange)
    case checkpoint
    case reload
    case subscribe(SubscriptionChange)
    case unsubscribe
    /// Stop time (no ticks run; inputs are queued) until `resume`.
    case pause
    case resume

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
        case .pause: return .pause
        case .resume: return .resume
        }
    }
}
