import SpikeIO

/// The daemon's pending input events, in tick order, in a fixed capacity.
///
/// GPIO lines are read one after another, so edges of different lines reach the queue
/// slightly out of order; `push` inserts by tick (stable: events of one tick keep the
/// order they came in). When the queue is full the new event is dropped and counted —
/// a flood must cost a counter, never memory.
public struct EventQueue: EventSource {
    private var ring: [SpikeEvent]
    private var head = 0
    public private(set) var count = 0
    /// Events refused because the queue was full.
    public private(set) var dropped: UInt64 = 0
    /// The most events ever waiting at once.
    public private(set) var highWater = 0

    public init(capacity: Int) {
        ring = [SpikeEvent](repeating: SpikeEvent(tick: 0, channel: 0), count: max(capacity, 1))
    }

    public var capacity: Int { ring.count }
    public var isEmpty: Bool { count == 0 }
    /// The tick of the first event, if any.
    public var firstTick: UInt64? { count > 0 ? ring[head].tick : nil }

    /// Add an event; false (and counted in `dropped`) when full.
    @discardableResult
    public mutating func push(_ event: SpikeEvent) -> Bool {
        guard count < ring.count else {
            dropped &+= 1
            return false
        }
        var i = count
        while i > 0, ring[slot(i - 1)].tick > event.tick {
            ring[slot(i)] = ring[slot(i - 1)]
            i -= 1
        }
        ring[slot(i)] = event
        count += 1
        if count > highWater { highWater = count }
        return true
    }

    public mutating func peek() throws(FileError) -> SpikeEvent? {
        count > 0 ? ring[head] : nil
    }

    public mutating func removeFirst() {
        guard count > 0 else { return }
        head = slot(1)
        count -= 1
    }

    public mutating func removeAll() {
        head = 0
        count = 0
    }

    private func slot(_ offset: Int) -> Int {
        let i = head + offset
        return i >= ring.count ? i - ring.count : i
    }
}
