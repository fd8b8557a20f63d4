/// The placement of a whole network in one arena.
///
/// `init(spec:cursor:)` walks the description once and takes every buffer from the
/// cursor; with a measuring cursor it only adds up sizes (the size query), with a placing
/// cursor it fills the runtime records. Keeping both in one function is what guarantees
/// the size query and the placement can never disagree.
struct NetworkLayout {
    var populations: UnsafeMutablePointer<PopulationRuntime>?
    var populationCount: Int
    var projections: UnsafeMutablePointer<ProjectionRuntime>?
    var projectionCount: Int
    var encoders: UnsafeMutablePointer<EncoderRuntime>?
    var encoderCount: Int
    var decoders: UnsafeMutablePointer<DecoderRuntime>?
    var decoderCount: Int
    #if SPK_NO_LEARNING
    // Built without learning (`-D SPK_NO_LEARNING`): a network never has a rule, and
    // these constants say so to the optimizer, which then drops the learning step, the
    // rule bookkeeping and the rules' parts of reset, hash and restore altogether.
    // `Network.init` refuses a description with rules.
    var rules: UnsafeMutablePointer<PlasticityRuntime>? { nil }
    var ruleCount: Int { 0 }
    var plasticScratch: UnsafeMutablePointer<Int32>? { nil }
    var plasticFlags: UnsafeMutablePointer<UInt8>? { nil }
    #else
    var rules: UnsafeMutablePointer<PlasticityRuntime>?
    var ruleCount: Int
    /// Per target neuron, the floor and fraction of this step's depression amount
    /// (`2 × largest target` Int32), so a depressed row is one vectorizable loop.
    var plasticScratch: UnsafeMutablePointer<Int32>?
    /// One flag per row (`largest source` bytes): which rows of a rule change in this
    /// step, decided for all rows in one vectorizable pass before any row is written.
    var plasticFlags: UnsafeMutablePointer<UInt8>?
    #endif
    /// Projection indices grouped by target population (see PopulationRuntime).
    var incoming: UnsafeMutablePointer<UInt16>?
    /// Non-input populations in tick order (topological over zero-delay projections).
    var order: UnsafeMutablePointer<UInt16>?
    var orderCount: Int
    /// Scratch for populations with several incoming projections: their shifted sums
    /// are added exactly in 64 bits before saturating.
    var wideScratch: UnsafeMutablePointer<Int64>?
    /// Int16 partial sums of DENSE delivery (the largest DENSE target): up to 256 int8
    /// rows add up exactly in 16 bits, so the Int32 accumulator is touched once per 256
    /// spikes. All zero between uses.
    var partialSums: UnsafeMutablePointer<Int16>?
    /// Build-time only: marks populations already placed in `order`.
    var placed: UnsafeMutablePointer<UInt8>?

    /// Lay out `spec` (already validated) with `cursor`. The limits checked by then
    /// (sizes, counts, delays) keep every count here far from overflow, hence the
    /// wrapping operators: they need no overflow trap.
    init(spec: NetworkSpec, cursor: inout ArenaCursor) {
        populationCount = spec.populations.count
        projectionCount = spec.projections.count
        encoderCount = spec.encoders.count
        decoderCount = spec.decoders.count
        populations = cursor.take(PopulationRuntime.self, count: populationCount)
        projections = cursor.take(ProjectionRuntime.self, count: projectionCount)
        encoders = cursor.take(EncoderRuntime.self, count: encoderCount)
        decoders = cursor.take(DecoderRuntime.self, count: decoderCount)
        #if !SPK_NO_LEARNING
        ruleCount = spec.plasticity.count
        rules = cursor.take(PlasticityRuntime.self, count: ruleCount)
        #endif
        incoming = cursor.take(UInt16.self, count: projectionCount)
        order = cursor.take(UInt16.self, count: populationCount)
        placed = cursor.take(UInt8.self, count: populationCount)
        orderCount = 0

        var needsWide = false
        var largest = 0
        var incomingNext = 0
        for i in 0..<populationCount {
            let p = spec.populations[i]
            var depth = 0
            var fanIn = 0
            for q in spec.projections {
                if q.source == i, q.delay > depth { depth = q.delay }
                if q.target == i { fanIn &+= 1 }
            }
            if fanIn > 1 { needsWide = true }
            if p.size > largest { largest = p.size }
            let runtime = NetworkLayout.placePopulation(
                p, depth: depth, incomingStart: incomingNext, incomingCount: fanIn,
                cursor: &cursor)
            if let populations { (populations + i).initialize(to: runtime) }
            if let incoming {
                var k = incomingNext
                for j in 0..<projectionCount where spec.projections[j].target == i {
                    incoming[k] = UInt16(truncatingIfNeeded: j)
                    k &+= 1
                }
            }
            incomingNext &+= fanIn
        }
        wideScratch = needsWide ? cursor.take(Int64.self, count: largest) : nil
        var largestDense = 0
        for q in spec.projections where q.kind == .dense {
            let n = spec.populations[q.target].size
            if n > largestDense { largestDense = n }
        }
        partialSums = cursor.take(Int16.self, count: largestDense)

        for j in 0..<projectionCount {
            var runtime = placeProjection(spec, j, cursor: &cursor)
            #if !SPK_NO_LEARNING
            runtime.rule = spec.ruleIndex(ofProjection: j) ?? -1
            #endif
            if let projections { (projections + j).initialize(to: runtime) }
        }
        for e in 0..<encoderCount {
            let es = spec.encoders[e]
            let channels = es.channelCount(populationSize: spec.populations[es.population].size)
            let runtime = EncoderRuntime(
                spec: es, channels: channels,
                values: cursor.take(Int32.self, count: channels),
                state: es.kind == .rate ? nil : cursor.take(Int32.self, count: channels))
            if let encoders { (encoders + e).initialize(to: runtime) }
        }
        for d in 0..<decoderCount {
            let ds = spec.decoders[d]
            let n = spec.populations[ds.population].size
            let runtime = DecoderRuntime(
                spec: ds,
                values: ds.kind == .membrane ? nil : cursor.take(UInt32.self, count: n))
            if let decoders { (decoders + d).initialize(to: runtime) }
        }
        #if !SPK_NO_LEARNING
        var largestTarget = 0, largestSource = 0
        for r in 0..<ruleCount {
            let rule = spec.plasticity[r]
            let q = spec.projections[rule.projection]
            let nSrc = spec.populations[q.source].size, nTgt = spec.populations[q.target].size
            if nTgt > largestTarget { largestTarget = nTgt }
            if nSrc > largestSource { largestSource = nSrc }
            let synapses = q.weights.count
            let reward = rule.rule.isRewardModulated
            let runtime = PlasticityRuntime(
                spec: rule, sourceSize: nSrc, targetSize: nTgt, synapseCount: synapses,
                pre: cursor.take(Int32.self, count: nSrc),
                post: cursor.take(Int32.self, count: nTgt),
                eligibility: reward ? cursor.take(Int32.self, count: synapses) : nil,
                stamps: reward ? cursor.take(UInt32.self, count: synapses) : nil,
                decayPreStep: rule.decayPre, decayPostStep: rule.decayPost)
            if let rules { (rules + r).initialize(to: runtime) }
        }
        plasticScratch = ruleCount > 0 ? cursor.take(Int32.self, count: 2 &* largestTarget) : nil
        plasticFlags = ruleCount > 0 ? cursor.take(UInt8.self, count: largestSource) : nil
        #endif
    }

    private static func placePopulation(
        _ p: PopulationSpec, depth: Int, incomingStart: Int, incomingCount: Int,
        cursor: inout ArenaCursor
    ) -> PopulationRuntime {
        let n = p.size
        let isInput = p.model == .input
        let slots = PopulationRuntime.slotCount(depth: depth)
        return PopulationRuntime(
            spec: p,
            declared: p,
            v: isInput ? nil : cursor.take(Int32.self, count: n),
            aux: p.model.hasAuxiliaryState ? cursor.take(Int32.self, count: n) : nil,
            refractory: p.model.spikes ? cursor.take(UInt16.self, count: n) : nil,
            spiked: cursor.take(UInt8.self, count: n),
            pending: isInput ? cursor.take(UInt8.self, count: n) : nil,
            current: isInput ? nil : cursor.take(Int32.self, count: n),
            spikeLists: cursor.take(UInt16.self, count: n &* slots),
            spikeCounts: cursor.take(Int32.self, count: slots),
            historyDepth: depth,
            slotMask: slots &- 1,
            incomingStart: incomingStart,
            incomingCount: incomingCount)
    }

    private func placeProjection(_ spec: NetworkSpec, _ j: Int, cursor: inout ArenaCursor)
        -> ProjectionRuntime
    {
        let q = spec.projections[j]
        let nTgt = spec.populations[q.target].size
        // The first incoming projection of a population accumulates straight into the
        // population's `current` buffer; the others get their own accumulators.
        var accumulator: UnsafeMutablePointer<Int32>? = nil
        var firstIncoming = true
        for k in 0..<j where spec.projections[k].target == q.target { firstIncoming = false }
        if firstIncoming {
            accumulator = populations?[q.target].current
        } else {
            accumulator = cursor.take(Int32.self, count: nTgt)
        }
        var weights: UnsafeMutablePointer<Int8>? = nil
        var rows: UnsafePointer<UInt32>? = nil
        var cols: UnsafePointer<UInt16>? = nil
        // Weights a learning rule writes are always the arena's own copy: in place they
        // would be the caller's read-only blob.
        let plastic = NetworkLayout.learns(spec, j)
        if spec.tensorsInPlace {
            if plastic {
                weights = NetworkLayout.copy(q.weights, cursor: &cursor)
            } else if let b = q.weights.baseAddress {
                weights = UnsafeMutablePointer(mutating: b)
            }
            rows = q.rowPointers.baseAddress
            cols = q.columns.baseAddress
        } else {
            weights = NetworkLayout.copy(q.weights, cursor: &cursor)
            if q.kind == .sparse {
                rows = UnsafePointer(NetworkLayout.copy(q.rowPointers, cursor: &cursor))
                cols = UnsafePointer(NetworkLayout.copy(q.columns, cursor: &cursor))
            }
        }
        return ProjectionRuntime(
            kind: q.kind, source: q.source, target: q.target, delay: q.delay,
            declaredDelay: q.delay,
            shift: q.shift, sourceSize: spec.populations[q.source].size, targetSize: nTgt,
            weights: weights, weightCount: q.weights.count, rowPointers: rows,
            columns: cols, conv: q.conv, outHeight: q.conv.outHeight,
            outWidth: q.conv.outWidth, accumulator: accumulator)
    }

    /// Projection `j` has a learning rule (never, built without learning).
    private static func learns(_ spec: NetworkSpec, _ j: Int) -> Bool {
        #if SPK_NO_LEARNING
        return false
        #else
        return spec.ruleIndex(ofProjection: j) != nil
        #endif
    }

    /// Inlined over `copyBytes`, so the three element types share one copy routine.
    @inline(__always)
    private static func copy<T>(_ source: UnsafeBufferPointer<T>, cursor: inout ArenaCursor)
        -> UnsafeMutablePointer<T>?
    {
        copyBytes(UnsafeRawPointer(source.baseAddress), stride: MemoryLayout<T>.stride,
                  count: source.count, cursor: &cursor)?
            .bindMemory(to: T.self, capacity: source.count)
    }

    @inline(never)
    private static func copyBytes(_ from: UnsafeRawPointer?, stride: Int, count: Int,
                                  cursor: inout ArenaCursor) -> UnsafeMutableRawPointer?
    {
        let destination = cursor.takeBytes(stride: stride, count: count)
        if let destination, let from {
            // A byte copy (memcpy), not an element loop: weights are megabytes.
            destination.copyMemory(from: from, byteCount: count &* stride)
        }
        return destination
    }

    /// Fill `order` with the non-input populations so that every zero-delay projection
    /// goes from an earlier to a later entry; among the ready populations the lowest
    /// index goes first (any topological order computes the same, this one is stable).
    mutating func computeOrder() throws(SpikeError) {
        // `projections`/`incoming` are nil for a network without projections.
        guard let populations, let order, let placed else { return }
        var remaining = 0
        for i in 0..<populationCount {
            let isInput = populations[i].spec.model == .input
            placed[i] = isInput ? 1 : 0
            if !isInput { remaining &+= 1 }
        }
        orderCount = 0
        while remaining > 0 {
            var chosen = -1
            for i in 0..<populationCount where placed[i] == 0 {
                let p = populations[i]
                var ready = true
                for k in p.incomingStart..<(p.incomingStart &+ p.incomingCount) {
                    guard let projections, let incoming else { break }
                    let q = projections[Int(incoming[k])]
                    if q.delay == 0, placed[q.source] == 0 { ready = false; break }
                }
                if ready { chosen = i; break }
            }
            guard chosen >= 0 else {
                var stuck = 0
                // `+=`, not `&+=`: without the overflow check LLVM turns this scan into
                // a call of strlen, which the archive must not need (check-abi.py).
                while placed[stuck] != 0 { stuck += 1 }
                throw SpikeError(.zeroDelayCycle, index: stuck, field: "delay")
            }
            placed[chosen] = 1
            order[orderCount] = UInt16(truncatingIfNeeded: chosen)
            orderCount &+= 1
            remaining &-= 1
        }
    }
}
