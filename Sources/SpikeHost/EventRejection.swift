import SpikeCore

/// Why the tick driver did not apply an input event: the event is well formed but
/// does not fit the model. `line` is the event's line in its spike file (0 when it
/// came from elsewhere).
public enum EventRejection: Error {
    /// The channel is not one of the model's input channels.
    case notAnInput(channel: Int, inputChannels: Int, line: Int)
    /// A value for a channel whose population has no encoder.
    case noEncoder(channel: Int, line: Int)
    /// The network refused the reward, value or spike.
    case refused(kind: Kind, error: SpikeError, line: Int)

    public enum Kind: Sendable {
        case reward, value, spike
    }

    /// The spike-file line the event came from (0 when none).
    public var line: Int {
        switch self {
        case .notAnInput(_, _, let line), .noEncoder(_, let line), .refused(_, _, let line): return line
        }
    }

    /// What went wrong, as `spikert run` words it after "FILE line N: ".
    public var message: String {
        switch self {
        case .notAnInput(let channel, let inputs, _):
            return "channel \(channel) is not an input (the model has \(inputs) input channels)"
        case .noEncoder(let channel, _):
            return "channel \(channel) has no encoder to take a value"
        case .refused(let kind, let error, _):
            switch kind {
            case .reward: return "reward: \(error.message)"
            case .value, .spike: return error.message
            }
        }
    }
}
