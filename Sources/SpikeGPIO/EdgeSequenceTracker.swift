/// Counts the edge events the kernel dropped, from the sequence numbers of the events
/// that did arrive (libgpiod 2.x: the kernel's v2 GPIO interface).
///
/// The v2 kernel numbers every edge event it generates for a line request, before it
/// queues it: `globalSequence` across the request's lines, `lineSequence` per line, both
/// from 1 and 32 bits wide (for a request of one line the two are the same number).
/// When the request's queue is full it drops the *oldest* queued event to make room
/// (`GPIOQueueOverflow.dropOldest`). A dropped event keeps its number, so the numbers of
/// the events read afterwards jump, and the jump is the number of events lost: exactly,
/// down to a single lost event, and whatever their directions (unlike the v1 pair
/// heuristic, `LostEdgeCounter`, which also works on both-edges lines only).
///
/// What each number can tell:
/// - the global number counts every loss of the request at the first event read after
///   it; since the newest events are the ones the kernel keeps, a loss is never hidden
///   for longer than the next read, and never for good;
/// - the line number says which line lost the events, but only once that same line has
///   another event; on a shared request a line that falls silent after a loss keeps it
///   unattributed. spikertd requests each line alone, so both count the same events.
///
/// Pure and deterministic: tests feed it synthetic numbers. Numbers are compared modulo
/// 2^32 (the kernel's counters wrap, through 0); a number that is not ahead of the last
/// one seen (a re-requested line starting over at 1) restarts the count from it without
/// counting a loss. nil is "not numbered" (v1 events) and is ignored.
public struct EdgeSequenceTracker: Sendable {
    /// Events lost from the request, from the jumps of the global numbers.
    public private(set) var lostEvents: UInt64 = 0
    /// The last global number seen (nil: none yet).
    private var lastGlobal: UInt32?
    /// Per line (the caller's line number, e.g. the input index): the last line number
    /// seen and the events that line is known to have lost.
    private var lines: [(line: Int, last: UInt32, lost: UInt64)] = []

    public init() {}

    /// Events `line` is known to have lost, from the jumps of its own numbers.
    public func lostEvents(line: Int) -> UInt64 {
        for entry in lines where entry.line == line { return entry.lost }
        return 0
    }

    /// Note the next event read from the request; returns the events lost just before
    /// it: from the request's global numbers, and from `line`'s own.
    @discardableResult
    public mutating func observe(line: Int, lineSequence: UInt32?,
                                 globalSequence: UInt32?) -> (request: UInt64, line: UInt64) {
        var requestGap: UInt64 = 0
        if let number = globalSequence {
            requestGap = EdgeSequenceTracker.gap(from: lastGlobal, to: number)
            lastGlobal = number
            lostEvents &+= requestGap
        }
        guard let number = lineSequence else { return (requestGap, 0) }
        var lineGap: UInt64 = 0
        var seen = false
        for k in lines.indices where lines[k].line == line {
            lineGap = EdgeSequenceTracker.gap(from: lines[k].last, to: number)
            lines[k].last = number
            lines[k].lost &+= lineGap
            seen = true
        }
        if !seen {
            lineGap = EdgeSequenceTracker.gap(from: nil, to: number)
            lines.append((line: line, last: number, lost: lineGap))
        }
        return (requestGap, lineGap)
    }

    /// The numbers skipped between `last` and `next`, modulo 2^32; 0 when `next` is not
    /// ahead of `last` (less than half the range). With none seen yet, the numbers
    /// before `next`: the kernel's first number is 1.
    static func gap(from last: UInt32?, to next: UInt32) -> UInt64 {
        guard let last else { return next == 0 ? 0 : UInt64(next - 1) }
        let step = next &- last
        guard step != 0, step < 0x8000_0000 else { return 0 }
        return UInt64(step - 1)
    }
}
