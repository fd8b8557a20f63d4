import SpikeCore

/// The size query for the network part of the arena, computed from the blob alone.
///
/// `Network.arenaSize(for:)` needs the description arrays in memory, which the size
/// query does not have (it gets no memory at all). So this mirrors SpikeCore's
/// `NetworkLayout` block by block (every block rounded up to 16 bytes, so the total does
/// not depend on the order of the blocks), reading the
/// elements through `ListCursor`s. The sizes of SpikeCore's internal per-element
/// records are measured once by asking `Network.arenaSize` about tiny networks built
/// on the stack. `ModelLoader.load` still calls the real `Network.arenaSize` and
/// refuses (never overruns) if the two ever disagree; the tests compare them on every
/// golden network.
enum NetworkSizing {
    struct Strides {
        var population = 0, projection = 0, encoder = 0, decoder = 0, rule = 0
    }

    /// A description the mirror can read element by element.
    protocol Source {
        var populationCount: Int { get }
        var projectionCount: Int { get }
        var encoderCount: Int { get }
        var decoderCount: Int { get }
        var ruleCount: Int { get }
        mutating func population(_ i: Int) throws(ModelError) -> PopulationSpec
        /// Source, target, delay, number of weights (synapses) and kind of projection `j`.
        mutating func projection(_ j: Int) throws(ModelError)
            -> (source: Int, target: Int, delay: Int, weights: Int, kind: ProjectionKind)
        mutating func encoder(_ e: Int) throws(ModelError) -> EncoderSpec
        mutating func decoder(_ d: Int) throws(ModelError) -> DecoderSpec
        /// Projection of learning rule `r` (already checked to be in range) and whether
        /// the rule is reward-modulated.
        mutating func rule(_ r: Int) throws(ModelError) -> (projection: Int, reward: Bool)
    }

    /// Sum of 16-byte rounded blocks, with overflow detection (32-bit `Int` too).
    struct Total {
        var bytes = 0
        var overflowed = false

        mutating func add(_ count: Int, stride: Int) {
            let (b, o1) = count.multipliedReportingOverflow(by: stride)
            let (p, o2) = b.addingReportingOverflow(15)
            let (s, o3) = bytes.addingReportingOverflow(p & ~15)
            if o1 || o2 || o3 || count < 0 { overflowed = true } else { bytes = s }
        }
    }

    /// Bytes `Network.init` takes for the description `s` (tensors used in place), or
    /// `limitExceeded` when the sum does not fit in `Int`.
    static func networkBytes<S: Source>(_ s: inout S, _ k: Strides) throws(ModelError) -> Int {
        var t = Total()
        let np = s.populationCount, nq = s.projectionCount
        t.add(np, stride: k.population)
        t.add(nq, stride: k.projection)
        t.add(s.encoderCount, stride: k.encoder)
        t.add(s.decoderCount, stride: k.decoder)
        t.add(s.ruleCount, stride: k.rule)
        t.add(nq, stride: 2)       // incoming
        t.add(np, stride: 2)       // order
        t.add(np, stride: 1)       // placed
        var needsWide = false
        var largest = 0
        for i in 0..<np {
            let p = try s.population(i)
            var depth = 0, fanIn = 0
            for j in 0..<nq {
                let q = try s.projection(j)
                if q.source == i, q.delay > depth { depth = q.delay }
                if q.target == i { fanIn &+= 1 }
            }
            let n = p.size
            if fanIn > 1 { needsWide = true }
            if n > largest { largest = n }
            var slots = 1
            while slots <= depth { slots &<<= 1 }
            let input = p.model == .input
            if !input { t.add(n, stride: 4) }                    // v
            if p.model.hasAuxiliaryState { t.add(n, stride: 4) } // aux
            if p.model.spikes { t.add(n, stride: 2) }            // refractory
            t.add(n, stride: 1)                                  // spiked
            if input { t.add(n, stride: 1) }                     // pending
            if !input { t.add(n, stride: 4) }                    // current
            t.add(n &* slots, stride: 2)                         // spike lists
            t.add(slots, stride: 4)                              // spike counts
            // Every incoming projection but the first has its own accumulator.
            var extra = 1
            while extra < fanIn { t.add(n, stride: 4); extra &+= 1 }
        }
        if needsWide { t.add(largest, stride: 8) }
        var largestDense = 0                                     // partial sums
        for j in 0..<nq {
            let q = try s.projection(j)
            guard q.kind == .dense, q.target >= 0, q.target < np else { continue }
            let n = try s.population(q.target).size
            if n > largestDense { largestDense = n }
        }
        t.add(largestDense, stride: 2)
        for e in 0..<s.encoderCount {
            let spec = try s.encoder(e)
            let n = try s.population(spec.population).size
            let channels = spec.kind == .delta ? n / 2 : n
            t.add(channels, stride: 4)
            if spec.kind != .rate { t.add(channels, stride: 4) }
        }
        for d in 0..<s.decoderCount {
            let spec = try s.decoder(d)
            if spec.kind != .membrane { t.add(try s.population(spec.population).size, stride: 4) }
        }
        // Learning rules: the weights they change are always the network's own copy,
        // then traces, and for reward-modulated rules eligibility and stamps per synapse;
        // after them a scratch of 2 × the largest target (Int32) and the row flags
        // (a byte per row of the largest source).
        var largestTarget = 0, largestSource = 0
        for r in 0..<s.ruleCount {
            let rule = try s.rule(r)
            guard rule.projection >= 0, rule.projection < nq else {
                throw ModelError(.invalidPlasticity, offset: 0, field: "projection")
            }
            let q = try s.projection(rule.projection)
            let nSrc = try s.population(q.source).size, nTgt = try s.population(q.target).size
            if nTgt > largestTarget { largestTarget = nTgt }
            if nSrc > largestSource { largestSource = nSrc }
            t.add(q.weights, stride: 1)                          // copied weights
            t.add(nSrc, stride: 4)                               // pre traces
            t.add(nTgt, stride: 4)                               // post traces
            if rule.reward {
                t.add(q.weights, stride: 4)                      // eligibility
                t.add(q.weights, stride: 4)                      // stamps
            }
        }
        if s.ruleCount > 0 {
            t.add(2 &* largestTarget, stride: 4)
            t.add(largestSource, stride: 1)
        }
        guard !t.overflowed else { throw ModelError(.limitExceeded, offset: 0, field: "arena") }
        return t.bytes
    }

    // MARK: measuring SpikeCore's record sizes

    /// A description held in caller memory (the probes below, on the stack).
    struct Buffers: Source {
        var populations: UnsafeBufferPointer<PopulationSpec>
        var projections: UnsafeBufferPointer<ProjectionSpec>
        var encoders: UnsafeBufferPointer<EncoderSpec>
        var decoders: UnsafeBufferPointer<DecoderSpec>
        var rules: UnsafeBufferPointer<PlasticitySpec> = .init(start: nil, count: 0)
        var populationCount: Int { populations.count }
        var projectionCount: Int { projections.count }
        var encoderCount: Int { encoders.count }
        var decoderCount: Int { decoders.count }
        var ruleCount: Int { rules.count }
        func population(_ i: Int) throws(ModelError) -> PopulationSpec { populations[i] }
        func projection(_ j: Int) throws(ModelError)
            -> (source: Int, target: Int, delay: Int, weights: Int, kind: ProjectionKind)
        {
            let q = projections[j]
            return (q.source, q.target, q.delay, q.weights.count, q.kind)
        }
        func encoder(_ e: Int) throws(ModelError) -> EncoderSpec { encoders[e] }
        func decoder(_ d: Int) throws(ModelError) -> DecoderSpec { decoders[d] }
        func rule(_ r: Int) throws(ModelError) -> (projection: Int, reward: Bool) {
            (rules[r].projection, rules[r].rule.isRewardModulated)
        }

        var spec: NetworkSpec {
            var s = NetworkSpec(populations: populations, projections: projections,
                                encoders: encoders, decoders: decoders)
            s.plasticity = rules
            s.tensorsInPlace = true
            return s
        }
    }

    typealias Sixteen<T> = (T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T)

    static func sixteen<T>(_ x: T) -> Sixteen<T> { (x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x) }

    /// Stride of one record: 16 of them minus everything else, over 16.
    private static func measure(_ b: Buffers, zero: Strides) throws(ModelError) -> Int {
        var mirror = b
        let rest = try networkBytes(&mirror, zero)
        let real: Int
        do { real = try Network.arenaSize(for: b.spec) } catch {
            throw ModelError(.unsupported, offset: 0, field: "layout probe")
        }
        return (real &- rest) / 16
    }

    static func strides() throws(ModelError) -> Strides {
        var k = Strides()
        var input = sixteen(PopulationSpec(size: 1, model: .input))
        var lif = input
        lif.1 = PopulationSpec(size: 1, model: .lif)
        var weight: Int8 = 1
        return try withUnsafeBytes(of: &weight) { (w) throws(ModelError) -> Strides in
            let wb = UnsafeBufferPointer(start: w.baseAddress?.assumingMemoryBound(to: Int8.self), count: 1)
            var projections = sixteen(ProjectionSpec(source: 0, target: 1, kind: .dense, weights: wb))
            var encoders = sixteen(EncoderSpec(population: 0, kind: .rate))
            var decoders = sixteen(DecoderSpec(population: 0, kind: .count))
            // Rule r on projection r (one rule per projection).
            var rules = sixteen(PlasticitySpec(projection: 0, rule: .stdpNearest))
            try withBuffer(&input) { (pops) throws(ModelError) in
                k.population = try measure(Buffers(populations: pops, projections: .init(start: nil, count: 0),
                                                   encoders: .init(start: nil, count: 0),
                                                   decoders: .init(start: nil, count: 0)), zero: k)
                // Encoder e on input population e.
                try withBuffer(&encoders) { (encs) throws(ModelError) in
                    let m = UnsafeMutableBufferPointer(mutating: encs)
                    for e in 0..<16 { m[e].population = e }
                    k.encoder = try measure(Buffers(populations: pops, projections: .init(start: nil, count: 0),
                                                    encoders: encs, decoders: .init(start: nil, count: 0)),
                                            zero: k)
                }
                try withBuffer(&decoders) { (decs) throws(ModelError) in
                    k.decoder = try measure(Buffers(populations: pops, projections: .init(start: nil, count: 0),
                                                    encoders: .init(start: nil, count: 0), decoders: decs),
                                            zero: k)
                }
            }
            try withBuffer(&lif) { (pops) throws(ModelError) in
                try withBuffer(&projections) { (projs) throws(ModelError) in
                    let two = UnsafeBufferPointer(rebasing: pops[0..<2])
                    let none = UnsafeBufferPointer<EncoderSpec>(start: nil, count: 0)
                    let noDecoders = UnsafeBufferPointer<DecoderSpec>(start: nil, count: 0)
                    k.projection = try measure(Buffers(populations: two, projections: projs,
                                                       encoders: none, decoders: noDecoders), zero: k)
                    try withBuffer(&rules) { (rs) throws(ModelError) in
                        let m = UnsafeMutableBufferPointer(mutating: rs)
                        for r in 0..<16 { m[r].projection = r }
                        k.rule = try measure(Buffers(populations: two, projections: projs, encoders: none,
                                                     decoders: noDecoders, rules: rs), zero: k)
                    }
                }
            }
            return k
        }
    }

    private static func withBuffer<T>(_ t: inout Sixteen<T>,
                                      _ body: (UnsafeBufferPointer<T>) throws(ModelError) -> Void)
        throws(ModelError)
    {
        try withUnsafeMutablePointer(to: &t) { (p) throws(ModelError) in
            try body(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: T.self),
                                         count: 16))
        }
    }
}
