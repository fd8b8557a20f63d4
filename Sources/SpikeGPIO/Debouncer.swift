/// Debounces one input line in user space (libgpiod 1.6 has no kernel debounce),
/// without ever losing a level change that lasts, and without inventing timestamps.
///
/// Pure and deterministic: the input is the line's edge events with kernel timestamps,
/// plus the times at which the caller comes back (`settle(at:)`); the output is the
/// accepted edges. Period `P` in nanoseconds. The rules:
///
/// 1. **Accept at once.** An edge that changes the reported level while no window is
///    open is emitted immediately, with its own kernel timestamp, and opens a window
///    `[t, t + P)`. A line that was quiet for `P` reacts with zero latency, unlike a
///    debounce that waits for the line to settle first.
/// 2. **Suppress bounces.** Edges inside an open window only update the raw level.
/// 3. **Settle.** When the window ends (`settle(at:)` or the next edge at or after its
///    end) with the raw level other than the reported one, the settling edge is emitted
///    with the timestamp of the last edge inside the window (the one that left the line
///    at its final level), and it opens a window `[that timestamp, + P)` of its own.
///    If the raw level equals the reported one, the burst was a bounce (or a pulse
///    shorter than `P`) and nothing is emitted.
///
/// Timestamps: every emitted edge carries the kernel timestamp of a real input edge of
/// the same direction — never a read time, never a synthesized time. An accepted edge
/// keeps its own; a settling edge's timestamp lies inside the window it ends, so it is
/// less than `P` after the edge that opened the window (the shift against the start of
/// the burst is below `P`), and it is emitted less than `P` after its timestamp (the
/// latency is below `P`). Emitted timestamps never decrease and emitted directions
/// alternate. Guarantee: once the input has been quiet for `P` and the caller has
/// settled, the reported level equals the input level — a real change inside a bounce
/// burst is delayed at most `P`, never lost. Only pulses shorter than `P` (bounce,
/// by definition here) disappear.
///
/// `nextDeadline` is non-nil only while a change is pending, so the daemon arms a
/// timer only then and sleeps without one otherwise. Period 0 passes every change of
/// level through. Timestamps earlier than the last one seen (not sent by the kernel
/// for one line) are treated as equal to it.
public struct Debouncer: Sendable {
    public let periodNanoseconds: UInt64
    /// The `lineIndex` of the emitted edges.
    public let lineIndex: Int
    /// The level last emitted (nil: none yet and none given).
    public private(set) var reportedLevel: Bool?
    private var rawLevel: Bool?
    private var lastRawTime: UInt64 = 0
    /// End (exclusive) of the open window, nil when none is open.
    private var windowEnd: UInt64?

    /// `initialLevel` is the line's level when watching starts, if known (an edge to
    /// the same level then counts as no change).
    public init(periodNanoseconds: UInt64, lineIndex: Int, initialLevel: Bool? = nil) {
        self.periodNanoseconds = periodNanoseconds
        self.lineIndex = lineIndex
        self.reportedLevel = initialLevel
        self.rawLevel = initialLevel
    }

    /// When the caller must call `settle(at:)` at the latest, or nil when nothing is
    /// pending (the line's raw level is the reported one).
    public var nextDeadline: UInt64? {
        guard let end = windowEnd, let raw = rawLevel, raw != reportedLevel else { return nil }
        return end
    }

    /// Feed the line's next edge; `emit` receives 0, 1 or 2 edges in time order (a
    /// settling edge of a window that ended before this edge, then this edge if it is
    /// accepted).
    public mutating func feed(_ event: EdgeEvent, emit: (EdgeEvent) -> Void) {
        let time = max(event.timestampNanoseconds, lastRawTime)
        let level = event.rising
        settle(at: time, emit: emit)
        rawLevel = level
        lastRawTime = time
        if windowEnd != nil { return }
        guard reportedLevel != level else { return }
        reportedLevel = level
        emit(EdgeEvent(lineIndex: lineIndex, rising: level, timestampNanoseconds: time))
        if periodNanoseconds > 0 { windowEnd = Debouncer.adding(time, periodNanoseconds) }
    }

    /// Close the window if it has ended by `now`, emitting the settling edge if the
    /// line ended at a level other than the reported one.
    public mutating func settle(at now: UInt64, emit: (EdgeEvent) -> Void) {
        while let end = windowEnd, now >= end {
            windowEnd = nil
            guard let raw = rawLevel, raw != reportedLevel else { continue }
            reportedLevel = raw
            emit(EdgeEvent(lineIndex: lineIndex, rising: raw, timestampNanoseconds: lastRawTime))
            windowEnd = Debouncer.adding(lastRawTime, periodNanoseconds)
        }
    }

    private static func adding(_ time: UInt64, _ period: UInt64) -> UInt64 {
        let (sum, overflow) = time.addingReportingOverflow(period)
        return overflow ? UInt64.max : sum
    }
}
