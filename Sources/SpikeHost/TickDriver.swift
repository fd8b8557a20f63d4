import SpikeCore
import SpikeIO

/// The host-side step loop that `spikert run` and `spikertd` share: the events due in
/// a step go in, the network steps, the decoded populations' spikes go out; while the
/// network is quiescent and nothing is due, time jumps ahead in one `idle` call
/// (bit-identical to stepping through the silence, docs/SEMANTICS.md).
///
/// The driver owns no input or output: each `run` is handed a source and a sink, so the
/// CLI passes a spike file and a recorder, and the daemon its queue of binned GPIO
/// edges and its fan-out of outputs. Counters accumulate over all runs.
public struct TickDriver {
    public let channels: ChannelMap
    /// Whether a rejected event ends the run (`spikert run`: a bad line is an error) or
    /// is counted and skipped (`spikertd`: a bad replay line must not stop a device).
    public var stopsOnRejection: Bool
    /// Events applied to the network.
    public private(set) var appliedEvents = 0
    /// The tick of the last event applied.
    public private(set) var lastEventTick: UInt64 = 0
    /// Events that arrived for a tick the network had already run: applied in the
    /// current step, never dropped.
    public private(set) var lateEvents = 0
    /// Events skipped because they did not fit the model (when not stopping on them).
    public private(set) var rejectedEvents = 0
    /// The last rejection, for the log.
    public private(set) var lastRejection: EventRejection?

    public init(channels: ChannelMap, stopsOnRejection: Bool) {
        self.channels = channels
        self.stopsOnRejection = stopsOnRejection
    }

    /// Run the network from its current tick up to `end` (exclusive), or — when `end`
    /// is nil — until the source has no event left and the step holding the last one
    /// has run. In the low-power mode a step spans `fold` ticks; its events are those
    /// with ticks inside it. A step that would cross `end` runs only when
    /// `finishesLastStep` is true (`spikert run --ticks`: the last step completes); the
    /// daemon passes false, because events for the step's later ticks may still come,
    /// and runs it once the wall clock has passed the whole step. The network's tick
    /// never wraps: the run ends before a step that would pass UInt64.max.
    public mutating func run<Source: EventSource & ~Copyable, Sink: SpikeSink & ~Copyable>(
        _ net: inout Network, source: inout Source, sink: inout Sink, end: UInt64?,
        finishesLastStep: Bool = true
    ) throws(DriverFailure) {
        while true {
            let tick = net.tick
            let stepTicks = UInt64(truncatingIfNeeded: net.power.ticksPerStep)
            var next: SpikeEvent?
            do { next = try source.peek() } catch { throw .source(error) }
            if let end {
                if tick >= end { return }
                if !finishesLastStep && end &- tick < stepTicks { return }
            } else if next == nil {
                return
            }
            guard tick <= UInt64.max &- stepTicks else {
                // No further step fits in a UInt64 tick: the events left belong to the
                // step that cannot run. They are applied (counted), and the run ends.
                while let event = next {
                    try apply(event, to: &net)
                    source.removeFirst()
                    do { next = try source.peek() } catch { throw .source(error) }
                }
                return
            }
            let stepEnd = tick &+ stepTicks
            while let event = next, event.tick < stepEnd {
                try apply(event, to: &net)
                source.removeFirst()
                do { next = try source.peek() } catch { throw .source(error) }
            }
            if net.power.mode != .full && net.isQuiescent {
                let due = next?.tick ?? end ?? tick
                let target = end.map { due < $0 ? due : $0 } ?? due
                let steps = target > tick ? (target &- tick) / stepTicks : 0
                if steps > 0 {
                    net.idle(steps: steps)
                    continue
                }
            }
            net.step()
            emit(net, tick: tick, into: &sink)
        }
    }

    /// Apply one event to the network now: a reward, an encoder value, or a spike on an
    /// input neuron.
    public mutating func apply(_ event: SpikeEvent, to net: inout Network) throws(DriverFailure) {
        do {
            try deliver(event, to: &net)
        } catch {
            if stopsOnRejection { throw .event(error) }
            rejectedEvents += 1
            lastRejection = error
            return
        }
        appliedEvents += 1
        lastEventTick = event.tick
        if event.tick < net.tick { lateEvents += 1 }
    }

    private func deliver(_ event: SpikeEvent, to net: inout Network) throws(EventRejection) {
        if event.isReward, let value = event.value {
            do { try net.reward(value) } catch { throw .refused(kind: .reward, error: error, line: event.line) }
            return
        }
        guard let (slot, neuron) = channels.input(event.channel) else {
            throw .notAnInput(channel: event.channel, inputChannels: channels.inputChannels, line: event.line)
        }
        if let value = event.value {
            guard slot.encoder >= 0 else { throw .noEncoder(channel: event.channel, line: event.line) }
            do { try net.setEncoderValue(encoder: slot.encoder, channel: neuron, value: value) } catch {
                throw .refused(kind: .value, error: error, line: event.line)
            }
        } else {
            do { try net.injectSpike(population: slot.population, neuron: neuron) } catch {
                throw .refused(kind: .spike, error: error, line: event.line)
            }
        }
    }

    private func emit<Sink: SpikeSink & ~Copyable>(_ net: borrowing Network, tick: UInt64, into sink: inout Sink) {
        for slot in channels.outputs {
            guard let spikes = try? net.spikes(population: slot.population) else { continue }
            for j in spikes {
                sink.spike(tick: tick, channel: slot.firstChannel + Int(j))
            }
        }
    }
}
