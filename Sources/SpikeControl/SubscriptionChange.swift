/// The params of `subscribe`: which notification streams this connection wants.
/// A stream not named defaults to true, so `subscribe` without params takes both and
/// `{"spikes": false}` takes the events only; asking for neither is refused.
public struct SubscriptionChange: Equatable, Sendable {
    /// `{"event":"spike",…}` lines, one per output spike.
    public var spikes: Bool
    /// The other notifications (checkpoints written, power changes, errors, …).
    public var events: Bool

    public init(spikes: Bool = true, events: Bool = true) {
        self.spikes = spikes
        self.events = events
    }
}
