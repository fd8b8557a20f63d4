/// Turns one output neuron's spikes into the level of one output line, by ticks.
///
/// Pure logic: the daemon tells it the ticks at which the neuron fired, asks for the
/// level to drive, and asks when the level will next change by itself, so that it can
/// sleep until then (or without any timer when `nextChange` is nil) instead of ticking
/// outputs that have nothing to do. Widths of 0 are taken as 1: a spike is never
/// invisible. Tick arithmetic saturates; spikes at ticks earlier than the last one
/// count as at the last one.
public struct OutputPulser: Sendable {
    public let mode: OutputPulseMode
    /// First tick of the current (or last) high stretch.
    private var highFrom: UInt64 = 0
    /// First tick after it (exclusive end); equal to `highFrom` when never high.
    private var highUntil: UInt64 = 0
    private var lastSpike: UInt64 = 0

    public init(mode: OutputPulseMode) {
        self.mode = mode
    }

    /// The neuron fired at `tick`.
    public mutating func spike(at tick: UInt64) {
        let tick = max(tick, lastSpike)
        lastSpike = tick
        let isHigh = tick >= highFrom && tick < highUntil
        switch mode {
        case .pulse(let ticks):
            let width = max(ticks, 1)
            if isHigh {
                highUntil = OutputPulser.adding(highUntil, width)
            } else {
                highFrom = tick
                highUntil = OutputPulser.adding(tick, width)
            }
        case .activityWindow(let ticks):
            let end = OutputPulser.adding(tick, max(ticks, 1))
            if isHigh {
                highUntil = max(highUntil, end)
            } else {
                highFrom = tick
                highUntil = end
            }
        }
    }

    /// The level at `tick` (meaningful for ticks from the last spike on).
    public func level(at tick: UInt64) -> Bool {
        tick >= highFrom && tick < highUntil
    }

    /// The first tick after `tick` at which the level changes without a new spike, or
    /// nil when it stays as it is until the next spike.
    public func nextChange(after tick: UInt64) -> UInt64? {
        if level(at: tick) { return highUntil }
        return tick < highFrom ? highFrom : nil
    }

    private static func adding(_ tick: UInt64, _ width: UInt64) -> UInt64 {
        let (sum, overflow) = tick.addingReportingOverflow(width)
        return overflow ? UInt64.max : sum
    }
}
