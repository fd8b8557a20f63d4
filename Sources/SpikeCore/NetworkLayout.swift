/// The placement of a whole network in one arena.
///
/// `init(_:cursor:)` walks a description (`NetworkDescription`: a `NetworkSpec`, or a
/// blob read element by element) and takes every buffer from the cursor; with a
/// measuring cursor it only adds up sizes (the size query), with a placing cursor it
/// fills the runtime records. Keeping both in one function is what guarantees the size
/// query and the placement can never disagree.
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
    var learningPerTarget: UnsafeMutableRawPointer? { nil }
    var learningRowFlags: UnsafeMutablePointer<UInt8>? { nil }
    #else
    var rules: UnsafeMutablePointer<PlasticityRuntime>?
    var ruleCount: Int
    /// The learning step's scratch (nil without rules): the per-target block and the
    /// row flags, seen through `learningScratch(targets:)`. Two pointers, not the typed
    /// views, so that the `Network` value (a block of every loaded model) stays small.
    var learningPerTarget: UnsafeMutableRawPointer?
    var learningRowFlags: UnsafeMutablePointer<UInt8>?
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

    /// Lay out the description `d` with `cursor`: measuring, only the sizes add up
    /// (`Network.measure`); placing, every runtime record is filled in too, all but the
    /// tensors, which `bindTensors` then copies or points at (the description's
    /// tensors are in memory only for a `NetworkSpec`). The limits checked by then
    /// (sizes, counts, delays: validation, or a blob's schema) keep every count here
    /// far from overflow, hence the wrapping operators: they need no overflow trap.
    init<D: NetworkDescription>(_ d: inout D, cursor: inout ArenaCursor) throws(D.ReadError) {
        populationCount = d.populationCount
        projectionCount = d.projectionCount
        encoderCount = d.encoderCount
        decoderCount = d.decoderCount
        populations = cursor.take(PopulationRuntime.self, count: populationCount)
        projections = cursor.take(ProjectionRuntime.self, count: projectionCount)
        encoders = cursor.take(EncoderRuntime.self, count: encoderCount)
        decoders = cursor.take(DecoderRuntime.self, count: decoderCount)
        #if !SPK_NO_LEARNING
        ruleCount = d.ruleCount
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
            let p = try d.population(i)
            var depth = 0
            var fanIn = 0
            for j in 0..<projectionCount {
                let q = try d.projection(j)
                if q.source == i, q.delay > depth { depth = q.delay }
                if q.target == i {
                    incoming?[incomingNext &+ fanIn] = UInt16(truncatingIfNeeded: j)
                    fanIn &+= 1
                }
            }
            if fanIn > 1 { needsWide = true }
            if p.size > largest { largest = p.size }
            let runtime = NetworkLayout.placePopulation(
                p, depth: depth, incomingStart: incomingNext, incomingCount: fanIn,
                cursor: &cursor)
            if let populations { (populations + i).initialize(to: runtime) }
            incomingNext &+= fanIn
        }
        wideScratch = needsWide ? cursor.take(Int64.self, count: largest) : nil
        var largestDense = 0
        for j in 0..<projectionCount {
            let q = try d.projection(j)
            guard q.kind == .dense else { continue }
            let n = try d.population(q.target).size
            if n > largestDense { largestDense = n }
        }
        partialSums = cursor.take(Int16.self, count: largestDense)

        for j in 0..<projectionCount {
            let runtime = try placeProjection(&d, j, cursor: &cursor)
            if let projections { (projections + j).initialize(to: runtime) }
        }
        for e in 0..<encoderCount {
            let es = try d.encoder(e)
            let channels = es.channelCount(populationSize: try d.population(es.population).size)
            let runtime = EncoderRuntime(
                spec: es, channels: channels,
                values: cursor.take(Int32.self, count: channels),
                state: es.kind == .rate ? nil : cursor.take(Int32.self, count: channels))
            if let encoders { (encoders + e).initialize(to: runtime) }
        }
        for k in 0..<decoderCount {
            let ds = try d.decoder(k)
            let n = try d.population(ds.population).size
            let runtime = DecoderRuntime(
                spec: ds,
                values: ds.kind == .membrane ? nil : cursor.take(UInt32.self, count: n))
            if let decoders { (decoders + k).initialize(to: runtime) }
        }
        #if !SPK_NO_LEARNING
        var largestTarget = 0, largestSource = 0
        for r in 0..<ruleCount {
            let rule = try d.rule(r)
            let q = try d.projection(rule.projection)
            let nSrc = try d.population(q.source).size, nTgt = try d.population(q.target).size
            if nTgt > largestTarget { largestTarget = nTgt }
            if nSrc > largestSource { largestSource = nSrc }
            let reward = rule.rule.isRewardModulated
            var runtime = PlasticityRuntime(
                spec: rule, sourceSize: nSrc, targetSize: nTgt, synapseCount: q.synapses,
                pre: cursor.take(Int32.self, count: nSrc),
                post: cursor.take(Int32.self, count: nTgt),
                eligibility: reward ? cursor.take(Int32.self, count: q.synapses) : nil,
                stamps: reward ? cursor.take(UInt32.self, count: q.synapses) : nil,
                decayPreStep: rule.decayPre, decayPostStep: rule.decayPost)
            runtime.resolveKernel(kind: q.kind)
            if let rules { (rules + r).initialize(to: runtime) }
            projections?[rule.projection].rule = r
        }
        if ruleCount > 0 {
            (learningPerTarget, learningRowFlags) = LearningScratch.place(
                targets: largestTarget, sources: largestSource, cursor: &cursor)
        } else {
            (learningPerTarget, learningRowFlags) = (nil, nil)
        }
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

    /// Projection `j`'s runtime record, its own accumulator unless it is its target's
    /// first incoming projection, and the blocks of the tensors the arena holds: all of
    /// them when copying, else only the weights of a projection with a learning rule
    /// (in place they would be the caller's read-only blob). The blocks are left for
    /// `bindTensors` to fill; the rule index is set by the rules' loop.
    private func placeProjection<D: NetworkDescription>(
        _ d: inout D, _ j: Int, cursor: inout ArenaCursor
    ) throws(D.ReadError) -> ProjectionRuntime {
        let q = try d.projection(j)
        let nTgt = try d.population(q.target).size
        // The first incoming projection of a population accumulates straight into the
        // population's `current` buffer; the others get their own accumulators.
        var accumulator: UnsafeMutablePointer<Int32>? = nil
        var firstIncoming = true
        for k in 0..<j {
            if try d.projection(k).target == q.target { firstIncoming = false }
        }
        if firstIncoming {
            accumulator = populations?[q.target].current
        } else {
            accumulator = cursor.take(Int32.self, count: nTgt)
        }
        var weights: UnsafeMutablePointer<Int8>? = nil
        var rows: UnsafePointer<UInt32>? = nil
        var cols: UnsafePointer<UInt16>? = nil
        var ownsWeights = !d.tensorsInPlace
        if !ownsWeights { ownsWeights = try NetworkLayout.learns(&d, j) }
        if ownsWeights {
            weights = cursor.take(Int8.self, count: q.synapses)
        }
        if !d.tensorsInPlace && q.kind == .sparse {
            rows = UnsafePointer(cursor.take(UInt32.self, count: q.rowPointerCount))
            cols = UnsafePointer(cursor.take(UInt16.self, count: q.columnCount))
        }
        return ProjectionRuntime(
            kind: q.kind, source: q.source, target: q.target, delay: q.delay,
            declaredDelay: q.delay,
            shift: q.shift, sourceSize: try d.population(q.source).size, targetSize: nTgt,
            weights: weights, weightCount: q.synapses, rowPointers: rows,
            columns: cols, conv: q.conv, outHeight: q.conv.outHeight,
            outWidth: q.conv.outWidth, accumulator: accumulator)
    }

    /// Projection `j` has a learning rule (never, built without learning).
    private static func learns<D: NetworkDescription>(_ d: inout D, _ j: Int) throws(D.ReadError) -> Bool {
        #if SPK_NO_LEARNING
        return false
        #else
        return try d.hasRule(projection: j)
        #endif
    }

    /// The learning scratch as typed arrays for a rule of `n` targets, or nil (no rules).
    func learningScratch(targets n: Int) -> LearningScratch? {
        guard let learningPerTarget, let learningRowFlags else { return nil }
        return LearningScratch(perTarget: learningPerTarget, rowFlags: learningRowFlags, targets: n)
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
