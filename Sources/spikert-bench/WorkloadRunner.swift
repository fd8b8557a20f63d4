import SpikeCore

/// Times one workload the way WORKLOADS.md asks: batch 1, one tick per call, one thread.
///
/// Each pass resets the network and runs the first `ticks` input frames; per tick the
/// timed region is "inject this tick's input spikes, step once" (the work a device does
/// per tick), bracketed by two monotonic clock reads. Reading the output spikes for the
/// checksum and activity happens outside the timed region. Pass 0 is a warm-up (caches,
/// page faults, branch predictors) and is not timed into the statistics; with
/// `repeats == 0` there is no warm-up and the single pass is timed (callgrind runs,
/// emulators). Every pass must produce the same checksum, or the run fails.
///
/// The runner advances one pass per `runNextPass()`, so two runners (frozen and
/// learning) can take turns: then a slow spell of a shared machine lands on both, and
/// the ratio of their medians is measured under the same conditions.
struct WorkloadRunner: ~Copyable {
    let workload: Workload
    let ticks: Int
    let repeats: Int
    /// STDP on every projection (the weights then change from tick to tick; each pass
    /// starts from the file's weights again).
    let learning: Bool
    let arenaBytes: Int
    private let arena: AlignedBuffer
    private var net: Network
    private let samples: UnsafeMutableBufferPointer<UInt64>
    private var first = PassOutcome()
    private var passesRun = 0

    init(workload: Workload, ticks: Int, repeats: Int, learning: Bool) throws(BenchError) {
        // Everything that can fail comes first: a noncopyable field is then stored on
        // one path only.
        let bytes = try workload.arenaSize(learning: learning)
        let buffer = try AlignedBuffer(count: bytes)
        let network = try WorkloadRunner.place(workload, buffer, learning)
        self.workload = workload
        self.ticks = ticks
        self.repeats = repeats
        self.learning = learning
        arenaBytes = bytes
        arena = buffer
        net = network
        samples = UnsafeMutableBufferPointer<UInt64>.allocate(
            capacity: ticks * (repeats > 0 ? repeats : 1))
    }

    /// The network in `arena`, or the arena released and the error passed on.
    private static func place(_ workload: Workload, _ arena: AlignedBuffer, _ learning: Bool)
        throws(BenchError) -> Network
    {
        do throws(BenchError) {
            return try workload.makeNetwork(arena: arena.bytes, learning: learning)
        } catch {
            arena.free()
            throw error
        }
    }

    deinit {
        samples.deallocate()
        arena.free()
    }

    private var warmups: Int { repeats > 0 ? 1 : 0 }
    var passCount: Int { warmups + (repeats > 0 ? repeats : 1) }
    var finished: Bool { passesRun >= passCount }
    var name: String { learning ? workload.name + "+STDP" : workload.name }

    mutating func runNextPass() throws(BenchError) {
        let pass = passesRun
        let k = pass - warmups
        let timed = k >= 0
            ? UnsafeMutableBufferPointer(rebasing: samples[(k * ticks)..<((k + 1) * ticks)])
            : nil
        if learning && pass > 0 {
            // Reset keeps learned weights: rebuild so every pass learns from the start.
            net = try workload.makeNetwork(arena: arena.bytes, learning: true)
        }
        let outcome = try WorkloadRunner.runPass(&net, workload, ticks, timing: timed)
        passesRun += 1
        if pass == 0 {
            first = outcome
        } else if outcome.checksum != first.checksum {
            throw BenchError("\(name): pass \(pass) checksum \(DecimalText.hex(outcome.checksum))"
                + " differs from the warm-up's \(DecimalText.hex(first.checksum))")
        }
        var note = timed == nil ? " (warm-up)" : ""
        if let timed {
            // Sorting a pass's slice in place is harmless: the final statistics
            // sort the whole buffer again and do not depend on sample order.
            let stats = TickStatistics(sorting: timed)
            note = ": median " + DecimalText.micros(stats.median) + " us/tick"
        }
        StandardError.line("\(name): pass \(pass + 1)/\(passCount)" + note)
    }

    /// The statistics over every timed pass (call once `finished`). Hidden populations
    /// are all but the input (0) and the output (the last); a workload without them
    /// reports 0 for their activity.
    func result() -> BenchResult {
        let w = workload
        let stats = TickStatistics(sorting: samples)
        let output = w.populations[w.outputPopulation]
        var hiddenNeurons = 0
        var floatHidden = 0.0
        for p in w.populations.dropFirst().dropLast() {
            hiddenNeurons += p.size
            floatHidden += Double(p.floatActivityPPM) * Double(p.size)
        }
        let perTick = Double(ticks)
        return BenchResult(
            name: name, shape: w.shape, ticks: ticks, repeats: passCount - warmups,
            medianNs: stats.median, p99Ns: stats.p99, meanNs: stats.mean,
            synapticEvents: first.synapticEvents, neuronUpdates: first.neuronUpdates,
            hiddenNeurons: hiddenNeurons,
            hiddenActivity: hiddenNeurons > 0
                ? Double(first.hiddenSpikes) / (Double(hiddenNeurons) * perTick) : 0,
            outputActivity: Double(first.outputSpikes) / (Double(output.size) * perTick),
            floatHiddenActivity: hiddenNeurons > 0 ? floatHidden / 1e6 / Double(hiddenNeurons) : 0,
            floatOutputActivity: Double(output.floatActivityPPM) / 1e6,
            arenaBytes: arenaBytes, checksum: first.checksum, stateHash: first.stateHash)
    }

    /// What one pass computed.
    struct PassOutcome {
        var checksum: UInt64 = 0
        var stateHash: UInt64 = 0
        var synapticEvents: UInt64 = 0
        var neuronUpdates: UInt64 = 0
        var hiddenSpikes = 0
        var outputSpikes = 0
    }

    private static func runPass(_ net: inout Network, _ w: Workload, _ ticks: Int,
                                timing: UnsafeMutableBufferPointer<UInt64>?)
        throws(BenchError) -> PassOutcome
    {
        let output = w.outputPopulation
        net.reset()
        var hash = Fnv1a64()
        var outcome = PassOutcome()
        do throws(SpikeError) {
            for t in 0..<ticks {
                let frame = w.frames + t * w.frameStride
                let start = MonotonicClock.nanoseconds()
                for b in 0..<w.frameStride {
                    var bits = frame[b]
                    while bits != 0 {
                        try net.injectSpike(population: 0, neuron: b &* 8 &+ bits.trailingZeroBitCount)
                        bits &= bits &- 1
                    }
                }
                net.step()
                let end = MonotonicClock.nanoseconds()
                if let timing { timing[t] = end &- start }
                for p in 1..<output { outcome.hiddenSpikes += try net.spikes(population: p).count }
                let spikes = try net.spikes(population: output)
                outcome.outputSpikes += spikes.count
                for j in spikes {
                    hash.add(littleEndian: UInt64(truncatingIfNeeded: t))
                    hash.add(littleEndian: UInt32(j))
                }
            }
        } catch {
            throw Workload.describe(error)
        }
        outcome.stateHash = net.stateHash()
        hash.add(littleEndian: outcome.stateHash)
        outcome.checksum = hash.value
        outcome.synapticEvents = net.counters.synapticEvents
        outcome.neuronUpdates = net.counters.neuronUpdates
        return outcome
    }
}
