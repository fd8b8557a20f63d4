import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel

/// Times one model blob the way docs/WORKLOADS.md asks: batch 1, one tick per call, one
/// thread.
///
/// The blob is loaded as `spikert run --copy` loads it (`ModelFile`: SpikeModel's
/// loader, every tensor copied into the arena, as a RAM-resident model). Each pass
/// resets the network and runs the first `ticks` input frames; per tick the timed region
/// is "inject this tick's input spikes into population 0, step once" (the work a device
/// does per tick), bracketed by two monotonic clock reads. Reading the output spikes
/// (the last population's) for the checksum and activity happens outside the timed
/// region. Pass 0 is a warm-up (caches, page faults, branch predictors) and is not timed
/// into the statistics; with `repeats == 0` there is no warm-up and the single pass is
/// timed (callgrind runs, emulators). Every pass must produce the same checksum, or the
/// run fails.
///
/// The runner advances one pass per `runNextPass`, so two runners (frozen and learning)
/// can take turns: then a slow spell of a shared machine lands on both, and the ratio of
/// their medians is measured under the same conditions.
struct WorkloadRunner: ~Copyable {
    let name: String
    let path: String
    let ticks: Int
    let repeats: Int
    /// The blob has learning rules: its weights change from tick to tick, so each pass
    /// loads it again and learns from the blob's weights.
    let learning: Bool
    let arenaBytes: Int
    private var model: ModelFile
    private let samples: UnsafeMutableBufferPointer<UInt64>
    private var first = PassOutcome()
    private var passesRun = 0

    init(name: String, path: String, ticks: Int, repeats: Int, learning: Bool) throws(BenchError) {
        let model = try WorkloadRunner.open(path)
        self.name = name
        self.path = path
        self.ticks = ticks
        self.repeats = repeats
        self.learning = learning
        arenaBytes = model.arenaBytes
        self.model = model
        samples = UnsafeMutableBufferPointer<UInt64>.allocate(
            capacity: ticks * (repeats > 0 ? repeats : 1))
    }

    deinit { samples.deallocate() }

    /// The blob at `path` in an arena of its own, tensors copied.
    static func open(_ path: String) throws(BenchError) -> ModelFile {
        switch ModelFile.open(path, copyTensors: true) {
        case .success(let file): return file
        case .failure(let failure): throw BenchError(failure.message)
        }
    }

    private var warmups: Int { repeats > 0 ? 1 : 0 }
    var passCount: Int { warmups + (repeats > 0 ? repeats : 1) }
    var finished: Bool { passesRun >= passCount }

    /// The network's shape and population sizes (`WorkloadShape`).
    var shape: WorkloadShape { model.model.readNetwork { WorkloadShape($0) } }

    mutating func runNextPass(_ frames: borrowing InputFrames) throws(BenchError) {
        let pass = passesRun
        let k = pass - warmups
        let timed = k >= 0
            ? UnsafeMutableBufferPointer(rebasing: samples[(k * ticks)..<((k + 1) * ticks)])
            : nil
        if learning && pass > 0 {
            // reset() keeps learned weights: load the blob again so every pass learns
            // from the start.
            model = try WorkloadRunner.open(path)
        }
        let ticks = self.ticks, bits = UnsafePointer(frames.bits), stride = frames.stride
        let outcome = try model.model.withNetwork { (net: inout Network) throws(BenchError) in
            try WorkloadRunner.runPass(&net, bits, stride, ticks, timing: timed)
        }
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
        Console.error("\(name): pass \(pass + 1)/\(passCount)" + note)
    }

    /// The statistics over every timed pass (call once `finished`). Hidden populations
    /// are all but the input (0) and the output (the last); a workload without them
    /// reports 0 for their activity.
    func result(_ workload: Workload) -> BenchResult {
        let s = shape
        let stats = TickStatistics(sorting: samples)
        let output = s.sizes.count - 1
        var hiddenNeurons = 0
        var floatHidden = 0.0
        for p in 1..<max(output, 1) {
            hiddenNeurons += s.sizes[p]
            floatHidden += workload.floatActivity(p) * Double(s.sizes[p])
        }
        let perTick = Double(ticks)
        return BenchResult(
            name: name, shape: s.text, ticks: ticks, repeats: passCount - warmups,
            medianNs: stats.median, p99Ns: stats.p99, meanNs: stats.mean,
            synapticEvents: first.synapticEvents, neuronUpdates: first.neuronUpdates,
            hiddenNeurons: hiddenNeurons,
            hiddenActivity: hiddenNeurons > 0
                ? Double(first.hiddenSpikes) / (Double(hiddenNeurons) * perTick) : 0,
            outputActivity: Double(first.outputSpikes) / (Double(s.sizes[output]) * perTick),
            floatHiddenActivity: hiddenNeurons > 0 ? floatHidden / Double(hiddenNeurons) : 0,
            floatOutputActivity: workload.floatActivity(output),
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

    /// One pass over `ticks` frames of `stride` bytes each at `frames` (InputFrames).
    /// Never inlined: tools/bench/callgrind.sh counts the instructions inside this function
    /// by its name, leaving out the loading before and the statistics after, whose cost
    /// depends on the measured times.
    @inline(never)
    private static func runPass(_ net: inout Network, _ frames: UnsafePointer<UInt8>, _ stride: Int,
                                _ ticks: Int, timing: UnsafeMutableBufferPointer<UInt64>?)
        throws(BenchError) -> PassOutcome
    {
        let output = net.populationCount - 1
        net.reset()
        var hash = Fnv1a64()
        var outcome = PassOutcome()
        do throws(SpikeError) {
            for t in 0..<ticks {
                let frame = frames + t * stride
                let start = MonotonicClock.nanoseconds()
                for b in 0..<stride {
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
            throw BenchError(error.message)
        }
        outcome.stateHash = net.stateHash()
        hash.add(littleEndian: outcome.stateHash)
        outcome.checksum = hash.value
        outcome.synapticEvents = net.counters.synapticEvents
        outcome.neuronUpdates = net.counters.neuronUpdates
        return outcome
    }
}
