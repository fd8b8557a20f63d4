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
struct WorkloadRunner {
    let workload: Workload
    let ticks: Int
    let repeats: Int
    /// Run the workload with STDP on every projection (the weights then change from
    /// tick to tick; each pass starts from the file's weights again).
    var learning = false

    func run() throws(BenchError) -> BenchResult {
        let w = workload
        let arenaBytes = try w.arenaSize(learning: learning)
        let arena = try AlignedBuffer(count: arenaBytes)
        defer { arena.free() }
        var net = try w.makeNetwork(arena: arena.bytes, learning: learning)
        let warmups = repeats > 0 ? 1 : 0
        let timedPasses = repeats > 0 ? repeats : 1
        let samples = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: ticks * timedPasses)
        defer { samples.deallocate() }

        var first = PassOutcome()
        for pass in 0..<(warmups + timedPasses) {
            let k = pass - warmups
            let timed = k >= 0
                ? UnsafeMutableBufferPointer(rebasing: samples[(k * ticks)..<((k + 1) * ticks)])
                : nil
            if learning && pass > 0 {
                // Reset keeps learned weights: rebuild so every pass learns from the start.
                net = try w.makeNetwork(arena: arena.bytes, learning: true)
            }
            let outcome = try runPass(&net, timing: timed)
            if pass == 0 {
                first = outcome
            } else if outcome.checksum != first.checksum {
                throw BenchError("\(w.name): pass \(pass) checksum \(DecimalText.hex(outcome.checksum))"
                    + " differs from the warm-up's \(DecimalText.hex(first.checksum))")
            }
            var note = timed == nil ? " (warm-up)" : ""
            if let timed {
                // Sorting a pass's slice in place is harmless: the final statistics
                // sort the whole buffer again and do not depend on sample order.
                let stats = TickStatistics(sorting: timed)
                note = ": median " + DecimalText.micros(stats.median) + " us/tick"
            }
            StandardError.line("\(w.name): pass \(pass + 1)/\(warmups + timedPasses)" + note)
        }
        let stats = TickStatistics(sorting: samples)
        let hiddenNeurons = w.sizes.dropFirst().dropLast().reduce(0, +)
        let outputNeurons = w.sizes[w.sizes.count - 1]
        let perTick = Double(ticks)
        var floatHidden = 0.0
        for l in 0..<(w.layers.count - 1) {
            floatHidden += Double(w.layers[l].floatActivityPPM) * Double(w.sizes[l + 1])
        }
        return BenchResult(
            name: learning ? w.name + "+STDP" : w.name, shape: w.shape, ticks: ticks, repeats: timedPasses,
            medianNs: stats.median, p99Ns: stats.p99, meanNs: stats.mean,
            synapticEvents: first.synapticEvents, neuronUpdates: first.neuronUpdates,
            hiddenActivity: hiddenNeurons > 0
                ? Double(first.hiddenSpikes) / (Double(hiddenNeurons) * perTick) : 0,
            outputActivity: Double(first.outputSpikes) / (Double(outputNeurons) * perTick),
            floatHiddenActivity: hiddenNeurons > 0 ? floatHidden / 1e6 / Double(hiddenNeurons) : 0,
            floatOutputActivity: Double(w.layers[w.layers.count - 1].floatActivityPPM) / 1e6,
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

    private func runPass(_ net: inout Network,
                         timing: UnsafeMutableBufferPointer<UInt64>?) throws(BenchError) -> PassOutcome {
        let w = workload
        let output = w.sizes.count - 1
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
