/// Wall time (CLOCK_MONOTONIC nanoseconds, the clock of the kernel's GPIO edge
/// timestamps and of timerfd) mapped onto network ticks.
///
/// Tick `firstTick + k` spans `[epoch + k·dt, epoch + (k+1)·dt)`. An event belongs to
/// the tick its *timestamp* falls in — the kernel's time of the edge, not the moment
/// the daemon read it — so a late read never moves an edge to a later tick unless that
/// tick has already run. Everything saturates: no timestamp, however far off, traps.
public struct TickClock: Sendable {
    /// Monotonic nanoseconds at which `firstTick` began.
    public private(set) var epoch: UInt64
    /// Length of one tick in nanoseconds (≥ 1).
    public let dt: UInt64
    /// The network tick at `epoch`.
    public private(set) var firstTick: UInt64

    public init(epoch: UInt64, dt: UInt64, firstTick: UInt64) {
        self.epoch = epoch
        self.dt = dt > 0 ? dt : 1
        self.firstTick = firstTick
    }

    /// The tick holding the instant `nanoseconds` (timestamps before the epoch belong
    /// to `firstTick`).
    public func tick(at nanoseconds: UInt64) -> UInt64 {
        guard nanoseconds > epoch else { return firstTick }
        let k = (nanoseconds &- epoch) / dt
        let (sum, overflow) = firstTick.addingReportingOverflow(k)
        return overflow ? UInt64.max : sum
    }

    /// The instant tick `tick` begins (saturating; ticks before `firstTick` begin at the
    /// epoch).
    public func start(of tick: UInt64) -> UInt64 {
        guard tick > firstTick else { return epoch }
        let (span, o1) = (tick &- firstTick).multipliedReportingOverflow(by: dt)
        let (sum, o2) = epoch.addingReportingOverflow(span)
        return o1 || o2 ? UInt64.max : sum
    }

    /// Restart the mapping so that `tick` begins at `nanoseconds` (after a pause, or
    /// when a replay is paced from a new point).
    public mutating func rebase(tick: UInt64, at nanoseconds: UInt64) {
        firstTick = tick
        epoch = nanoseconds
    }
}
