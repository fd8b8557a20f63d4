import SpikeGPIO
import SpikeHost
import SpikeIO

/// The daemon's GPIO lines over one backend (libgpiod 1.6 or 2.x on a board, the fake
/// in tests): input edges read in batches with their kernel timestamps, debounced (here,
/// unless the backend's kernel does it), binned into ticks and queued as input spikes,
/// lost edges counted; output channels shown as pulses or levels.
final class GPIOPort<Backend: GPIOBackend & ~Copyable> {
    struct WatchedInput {
        var index: Int
        var spec: GPIOInputSpec
        var address: LineAddress
        /// nil without debounce, or when the kernel debounces: every kernel edge is
        /// taken as it is.
        var debouncer: Debouncer?
        /// Lost edges: from the sequence numbers when events carry them (v2), else the
        /// pair heuristic (v1).
        var lost = LostEdgeCounter()
        var sequence = EdgeSequenceTracker()
        var slot = -1
    }

    struct DrivenOutput {
        var index: Int
        var spec: GPIOOutputSpec
        var pulser: OutputPulser
        var active = false
    }

    var backend: Backend
    private(set) var inputs: [WatchedInput] = []
    private(set) var outputs: [DrivenOutput] = []
    private let batch = UnsafeMutableBufferPointer<EdgeEvent>.allocate(capacity: EdgeEvent.batchCapacity)
    /// Edges read from the kernel, edges that became input spikes, batches that came
    /// back full (the kernel's 16-event queue may have overflowed), read errors.
    private(set) var edgesRead: UInt64 = 0
    private(set) var spikesQueued: UInt64 = 0
    private(set) var fullBatches: UInt64 = 0
    private(set) var readErrors: UInt64 = 0

    /// Resolve and request every line; the first refusal is the error (naming the
    /// line as the user wrote it).
    init(backend: consuming Backend, board: BoardProfile, inputs specs: [GPIOInputSpec],
         outputs outputSpecs: [GPIOOutputSpec], channels: ChannelMap) throws(DaemonFailure) {
        self.backend = backend
        let resolver = LineResolver(profile: board)
        if !specs.isEmpty || !outputSpecs.isEmpty {
            do { try resolver.checkHeaderChip(in: self.backend) } catch {
                throw DaemonFailure(message: error.message, status: 2)
            }
        }
        for spec in specs {
            guard spec.channel < channels.inputChannels else {
                throw DaemonFailure(message: "--gpio-in \(spec.line)=\(spec.channel): the model has \(channels.inputChannels) input channels (0-\(channels.inputChannels - 1))", status: 2)
            }
            let address: LineAddress
            do { address = try resolver.resolve(spec.line, in: self.backend) } catch {
                throw DaemonFailure(message: "--gpio-in \(spec.line): \(error.message)", status: 2)
            }
            do {
                let config = InputLineConfig(address: address, edges: .both, bias: spec.bias,
                                             activeLow: spec.activeLow, debounceNanoseconds: spec.debounceNanoseconds)
                let index = try self.backend.requestInput(config)
                let debouncer = spec.debounceNanoseconds > 0 && !self.backend.debouncesInKernel
                    ? Debouncer(periodNanoseconds: spec.debounceNanoseconds, lineIndex: index) : nil
                inputs.append(WatchedInput(index: index, spec: spec, address: address, debouncer: debouncer))
            } catch {
                throw DaemonFailure(message: "--gpio-in \(spec.line): \(error.message)")
            }
        }
        for spec in outputSpecs {
            guard spec.channel < channels.outputChannels else {
                throw DaemonFailure(message: "--gpio-out \(spec.line)=\(spec.channel): the model has \(channels.outputChannels) output channels (0-\(channels.outputChannels - 1))", status: 2)
            }
            let address: LineAddress
            do { address = try resolver.resolve(spec.line, in: self.backend) } catch {
                throw DaemonFailure(message: "--gpio-out \(spec.line): \(error.message)", status: 2)
            }
            do {
                let index = try self.backend.requestOutput(OutputLineConfig(address: address, activeLow: spec.activeLow))
                outputs.append(DrivenOutput(index: index, spec: spec, pulser: OutputPulser(mode: spec.mode)))
            } catch {
                throw DaemonFailure(message: "--gpio-out \(spec.line): \(error.message)")
            }
        }
    }

    deinit {
        batch.deallocate()
        backend.releaseAll()
    }

    var isEmpty: Bool { inputs.isEmpty && outputs.isEmpty }
    var hasOutputs: Bool { !outputs.isEmpty }

    /// Pairs of edges known lost (kernel queue overflow) over all lines: the v1 lower
    /// bound, from edges of one direction in a row.
    var lostPairs: UInt64 { inputs.reduce(0) { $0 &+ $1.lost.lostPairs } }

    /// Edge events known lost (kernel queue overflow) over all lines: the exact count
    /// from the v2 sequence numbers (0 with a backend whose events carry none).
    var lostEvents: UInt64 { inputs.reduce(0) { $0 &+ $1.sequence.lostEvents } }

    func register(in poll: inout PollSet) {
        for k in inputs.indices {
            inputs[k].slot = poll.add(backend.eventDescriptor(input: inputs[k].index), events: PollSet.readable)
        }
    }

    /// Read the lines poll found ready, in batches, and queue their spikes.
    func service(_ poll: borrowing PollSet, clock: TickClock, queue: inout EventQueue) {
        for k in inputs.indices where inputs[k].slot >= 0 && poll.has(PollSet.readable, at: inputs[k].slot) {
            // A few batches per wake-up: a flood on one line cannot starve the rest.
            for _ in 0..<8 {
                let n: Int
                do { n = try backend.readEvents(input: inputs[k].index, into: batch) } catch {
                    readErrors &+= 1
                    Log.warning("--gpio-in \(inputs[k].spec.line): \(error.message)")
                    break
                }
                if n == EdgeEvent.batchCapacity { fullBatches &+= 1 }
                for e in 0..<n { take(batch[e], line: k, clock: clock, queue: &queue) }
                if n < EdgeEvent.batchCapacity { break }
            }
        }
    }

    private func take(_ event: EdgeEvent, line k: Int, clock: TickClock, queue: inout EventQueue) {
        edgesRead &+= 1
        if event.lineSequence != nil || event.globalSequence != nil {
            // One line per request: the request's numbers are the line's.
            let lost = inputs[k].sequence.observe(line: inputs[k].index, lineSequence: event.lineSequence,
                                                  globalSequence: event.globalSequence)
            if lost.request > 0 {
                Log.warning("--gpio-in \(inputs[k].spec.line): \(lost.request) edges lost (the kernel's event queue overflowed and dropped the oldest); \(inputs[k].sequence.lostEvents) so far")
            }
        } else if inputs[k].lost.observe(rising: event.rising) {
            Log.warning("--gpio-in \(inputs[k].spec.line): edges lost (the kernel's event queue overflowed); \(inputs[k].lost.lostPairs) pairs so far")
        }
        if inputs[k].debouncer == nil {
            accept(event, line: k, clock: clock, queue: &queue)
            return
        }
        var accepted: [EdgeEvent] = []
        inputs[k].debouncer?.feed(event) { accepted.append($0) }
        for e in accepted { accept(e, line: k, clock: clock, queue: &queue) }
    }

    private func accept(_ event: EdgeEvent, line k: Int, clock: TickClock, queue: inout EventQueue) {
        let wanted: Bool
        switch inputs[k].spec.spikeOn {
        case .rising: wanted = event.rising
        case .falling: wanted = !event.rising
        case .both: wanted = true
        }
        guard wanted else { return }
        if queue.push(SpikeEvent(tick: clock.tick(at: event.timestampNanoseconds), channel: inputs[k].spec.channel)) {
            spikesQueued &+= 1
        }
    }

    /// Settle debouncers whose window has ended by `now`.
    func settle(now: UInt64, clock: TickClock, queue: inout EventQueue) {
        for k in inputs.indices {
            guard let deadline = inputs[k].debouncer?.nextDeadline, deadline <= now else { continue }
            var accepted: [EdgeEvent] = []
            inputs[k].debouncer?.settle(at: now) { accepted.append($0) }
            for e in accepted { accept(e, line: k, clock: clock, queue: &queue) }
        }
    }

    /// The earliest debounce window still open.
    var nextDebounceDeadline: UInt64? {
        var earliest: UInt64? = nil
        for input in inputs {
            if let d = input.debouncer?.nextDeadline, earliest.map({ d < $0 }) ?? true { earliest = d }
        }
        return earliest
    }

    /// An output spike: every output line showing `channel` starts or extends its pulse.
    func spike(tick: UInt64, channel: Int) {
        for k in outputs.indices where outputs[k].spec.channel == channel {
            outputs[k].pulser.spike(at: tick)
        }
    }

    /// Drive each output line to its level at `tick` (only changes are written).
    func refreshOutputs(at tick: UInt64) {
        for k in outputs.indices {
            let level = outputs[k].pulser.level(at: tick)
            guard level != outputs[k].active else { continue }
            do {
                try backend.setOutput(outputs[k].index, active: level)
                outputs[k].active = level
            } catch {
                Log.warning("--gpio-out \(outputs[k].spec.line): \(error.message)")
            }
        }
    }

    /// The next tick at which an output line changes, if any is pending.
    func nextOutputChange(after tick: UInt64) -> UInt64? {
        var earliest: UInt64? = nil
        for output in outputs {
            if let t = output.pulser.nextChange(after: tick), earliest.map({ t < $0 }) ?? true { earliest = t }
        }
        return earliest
    }
}
