import SpikeHost
import SpikeIO

/// What the host and daemon tests feed the tick driver and hear from it, in one place.

/// An output spike as a sink hears it (and as spike files write it).
public struct OutputSpike: Equatable, Hashable, CustomStringConvertible {
    public var tick: UInt64
    public var channel: Int
    public init(tick: UInt64, channel: Int) {
        self.tick = tick
        self.channel = channel
    }
    public var description: String { "\(tick),\(channel)" }
}

/// A sink that keeps every spike in order.
public struct SpikeRecorder: SpikeSink {
    public var spikes: [OutputSpike] = []
    public init() {}
    public mutating func spike(tick: UInt64, channel: Int) {
        spikes.append(OutputSpike(tick: tick, channel: channel))
    }
}

/// A test's events as a source (all available at once, like a file).
public struct ArraySource: EventSource {
    public var events: [SpikeEvent]
    public var next = 0

    public init(_ events: [SpikeEvent]) { self.events = events }

    public var remaining: Int { events.count - next }

    public mutating func peek() throws(FileError) -> SpikeEvent? {
        next < events.count ? events[next] : nil
    }

    public mutating func removeFirst() {
        if next < events.count { next += 1 }
    }
}
