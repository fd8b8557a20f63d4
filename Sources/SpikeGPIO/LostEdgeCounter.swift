/// Detects edges the kernel dropped on a line requested for both edges.
///
/// libgpiod 1.6 (the kernel's v1 interface) cannot report overflow: when a line's queue
/// of 16 events is full, the kernel drops new events silently, and v1 events carry no
/// sequence numbers. But on a `both`-edges line the true events alternate rising,
/// falling, rising... so two consecutive events of the same direction prove that at
/// least one pair (the opposite edge and one more of the same) was lost in between.
/// The daemon counts that per line and reports it (a lower bound: an even number of
/// lost pairs between alternating events stays invisible). A full batch of 16 read at
/// once is the other hint: the queue may have been full. Lines requested for one
/// direction only can not be checked this way.
public struct LostEdgeCounter: Sendable {
    /// Pairs of edges known to be lost so far.
    public private(set) var lostPairs: UInt64 = 0
    private var lastRising: Bool?

    /// Start without a known level; pass `initialLevelHigh: true` when the line is known high
    /// (the next true edge is falling) to check the very first event too.
    public init(initialLevelHigh: Bool? = nil) {
        lastRising = initialLevelHigh
    }

    /// Note the next event of the line; returns whether it proves a loss.
    @discardableResult
    public mutating func observe(rising: Bool) -> Bool {
        defer { lastRising = rising }
        guard let last = lastRising, last == rising else { return false }
        lostPairs &+= 1
        return true
    }
}
