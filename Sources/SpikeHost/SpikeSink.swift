/// Where the tick driver's output spikes go: a spike file, GPIO output lines, JSON
/// lines, control-socket subscribers, a CLI summary. One call per spike, in the order
/// of the channel map's output slots and, within a slot, the order the network lists
/// its spikes: the order `spikert run` has always written.
public protocol SpikeSink: ~Copyable {
    /// Output `channel` spiked in the step that began at `tick`.
    mutating func spike(tick: UInt64, channel: Int)
}

/// Two sinks fed the same spikes, in order: `first`, then `second`.
public struct SinkPair<First: SpikeSink & ~Copyable, Second: SpikeSink & ~Copyable>: ~Copyable, SpikeSink {
    public var first: First
    public var second: Second

    public init(_ first: consuming First, _ second: consuming Second) {
        self.first = first
        self.second = second
    }

    public mutating func spike(tick: UInt64, channel: Int) {
        first.spike(tick: tick, channel: channel)
        second.spike(tick: tick, channel: channel)
    }
}
