/// The methods a control client may call; `name` is the `"method"` string on the wire.
public enum ControlMethod: UInt8, CaseIterable, Sendable {
    /// The daemon's state: model, tick, power mode, learning, subscribers.
    case status
    /// The network's work counters (synaptic ops, neuron updates, spikes, skipped ticks).
    case counters
    /// A reward for reward-modulated learning, Q16.16.
    case reward
    /// Learning on/off and the learning-rule parameters.
    case learning
    /// The power mode and its low-power fold and threshold scale.
    case power
    /// Write a checkpoint now.
    case checkpoint
    /// Load the model file again (after a checkpoint or a new model).
    case reload
    /// Receive spike and/or event notifications on this connection.
    case subscribe
    /// Stop all notifications on this connection.
    case unsubscribe
    case pause
    case resume

    public var name: StaticString {
        switch self {
        case .status: return "status"
        case .counters: return "counters"
        case .reward: return "reward"
        case .learning: return "learning"
        case .power: return "power"
        case .checkpoint: return "checkpoint"
        case .reload: return "reload"
        case .subscribe: return "subscribe"
        case .unsubscribe: return "unsubscribe"
        case .pause: return "pause"
        case .resume: return "resume"
        }
    }

    /// The method named by `bytes`, exactly (case-sensitive).
    public init?<C: Collection>(name bytes: C) where C.Element == UInt8 {
        for method in ControlMethod.allCases where method.name.matches(bytes) {
            self = method
            return
        }
        return nil
    }
}
