import SpikeCore

/// Shape of one population's state, as the checkpoint must give it.
struct PopulationShape {
    var size: Int
    var model: NeuronModel
    var historyDepth: Int
}

/// tick, PRNG, decoder window start and counters (`state` keys 0, 1, 5, 6).
struct RunState {
    var tick: UInt64 = 0
    var prng = Xoshiro128StarStar(s0: 0, s1: 0, s2: 0, s3: 0)
    var window: UInt64 = 0
    var counters = NetworkCounters()
}

/// Shape of one learning rule's state (`plasticity-state`): traces per source and per
/// target neuron, and for a reward-modulated rule eligibility and stamps per synapse.
struct RuleShape {
    var sources: Int
    var targets: Int
    /// Synapses of a reward-modulated rule; nil for the STDP rules.
    var synapses: Int?
}

/// A learning rule's state tensors in the blob.
struct RuleTensors {
    var pre: TensorRef? = nil, post: TensorRef? = nil
    var eligibility: TensorRef? = nil, stamps: TensorRef? = nil
}

/// A population's state tensors in the blob (`population-state`).
struct PopulationTensors {
    var v: TensorRef? = nil, aux: TensorRef? = nil, refractory: TensorRef? = nil
    var spiked: TensorRef? = nil, history: TensorRef? = nil, pending: TensorRef? = nil
}

/// What the state walker validates against (shapes) and where it puts the values
/// (no-ops in pass (a); the network in pass (b)).
protocol StateVisitor {
    mutating func populationShape(_ i: Int) throws(ModelError) -> PopulationShape
    mutating func encoderShape(_ e: Int) throws(ModelError) -> (channels: Int, hasState: Bool)
    /// Values of decoder `d`, or nil for MEMBRANE (no state).
    mutating func decoderSize(_ d: Int) throws(ModelError) -> Int?
    mutating func ruleShape(_ r: Int) throws(ModelError) -> RuleShape
    mutating func applyRunState(_ s: RunState, at offset: Int) throws(ModelError)
    mutating func applyPopulation(_ i: Int, _ t: PopulationTensors, at offset: Int) throws(ModelError)
    mutating func applyEncoder(_ e: Int, values: TensorRef, state: TensorRef?) throws(ModelError)
    mutating func applyDecoder(_ d: Int, values: TensorRef?) throws(ModelError)
    mutating func applyRule(_ r: Int, _ t: RuleTensors) throws(ModelError)
}

extension StateVisitor {
    mutating func applyRunState(_ s: RunState, at offset: Int) throws(ModelError) {}
    mutating func applyPopulation(_ i: Int, _ t: PopulationTensors, at offset: Int) throws(ModelError) {}
    mutating func applyEncoder(_ e: Int, values: TensorRef, state: TensorRef?) throws(ModelError) {}
    mutating func applyDecoder(_ d: Int, values: TensorRef?) throws(ModelError) {}
    mutating func applyRule(_ r: Int, _ t: RuleTensors) throws(ModelError) {}
}

/// The checkpoint `state` map (docs/model.cddl): every field checked against the
/// model's shapes, then handed to the visitor in a fixed order (run state first, so
/// that spike histories are placed relative to the restored tick; learning rules last).
/// Counters: 3 to 6 entries (older checkpoints have the first 3), the missing ones 0.
enum StateWalker {
    static func walk<V: StateVisitor>(_ blob: UnsafeRawBufferPointer, at offset: Int,
                                      _ body: ModelBody, _ v: inout V) throws(ModelError)
    {
        var r = CBORReader(blob, offset: offset)
        let m = try r.map("state")
        var seen: UInt64 = 0
        var run = RunState()
        var populations = 0, encoders = -1, decoders = -1, rules = -1
        var windowAt = m.offset, prngAt = m.offset
        for _ in 0..<m.count {
            guard let k = try r.key("state", maxKey: 7, seen: &seen, depth: 4) else { continue }
            switch k {
            case 0: run.tick = try r.uint("tick")
            case 1:
                let t = try r.tensor("prng", tag: 70, elementSize: 4)
                guard t.bytes == 16 else { throw ModelError(.badShape, offset: t.offset, field: "prng") }
                prngAt = t.offset
                let b = blob.start + t.start
                func word(_ k: Int) -> UInt32 {
                    UInt32(littleEndian: b.loadUnaligned(fromByteOffset: 4 &* k, as: UInt32.self))
                }
                run.prng = Xoshiro128StarStar(s0: word(0), s1: word(1), s2: word(2), s3: word(3))
            case 2: populations = try list(&r, "population_states", body.populationCount)
            case 3: encoders = try list(&r, "encoder_states", body.encoderCount)
            case 4: decoders = try list(&r, "decoder_states", body.decoderCount)
            case 5:
                windowAt = r.offset
                run.window = try r.uint("window_start")
            case 6: run.counters = try counters(&r)
            default: rules = try list(&r, "plasticity_states", body.plasticityCount)
            }
        }
        try require(seen, 0, at: m.offset, "tick")
        try require(seen, 1, at: m.offset, "prng")
        try require(seen, 2, at: m.offset, "population_states")
        guard run.window <= run.tick else {
            throw ModelError(.valueOutOfRange, offset: windowAt, field: "window_start")
        }
        guard run.prng.s0 | run.prng.s1 | run.prng.s2 | run.prng.s3 != 0 else {
            throw ModelError(.valueOutOfRange, offset: prngAt, field: "prng")
        }
        try v.applyRunState(run, at: m.offset)
        r.offset = populations
        for i in 0..<body.populationCount { try population(&r, blob, i, &v) }
        if encoders >= 0 {
            r.offset = encoders
            for e in 0..<body.encoderCount { try encoder(&r, e, &v) }
        }
        if decoders >= 0 {
            r.offset = decoders
            for d in 0..<body.decoderCount { try decoder(&r, d, &v) }
        }
        if rules >= 0 {
            r.offset = rules
            for k in 0..<body.plasticityCount { try rule(&r, k, &v) }
        }
    }

    /// `[3*6 uint64]`: synaptic events, neuron updates, spikes, then (newer
    /// checkpoints) input spikes, skipped ticks, plasticity updates.
    private static func counters(_ r: inout CBORReader) throws(ModelError) -> NetworkCounters {
        let a = try r.array("counters", 0, UInt64.max)
        guard a.count >= 3, a.count <= 6 else {
            throw ModelError(.badShape, offset: a.offset, field: "counters")
        }
        var c = NetworkCounters()
        c.synapticEvents = try r.uint("synaptic_events")
        c.neuronUpdates = try r.uint("neuron_updates")
        c.spikes = try r.uint("spikes")
        if a.count > 3 { c.inputSpikes = try r.uint("input_spikes") }
        if a.count > 4 { c.skippedTicks = try r.uint("skipped_ticks") }
        if a.count > 5 { c.plasticityUpdates = try r.uint("plasticity_updates") }
        return c
    }

    /// An array of exactly `count` elements (skipped here); returns the first one's offset.
    private static func list(_ r: inout CBORReader, _ field: StaticString, _ count: Int)
        throws(ModelError) -> Int
    {
        let a = try r.array(field, 0, SchemaBounds.stateList)
        guard a.count == count else { throw ModelError(.badShape, offset: a.offset, field: field) }
        let first = r.offset
        for _ in 0..<a.count { try r.skipNext(depth: 5) }
        return first
    }

    /// `t` must be present exactly when `wanted`, with `bytes` bytes.
    private static func check(_ t: TensorRef?, wanted: Bool, bytes: Int, map: Int, _ field: StaticString)
        throws(ModelError)
    {
        guard let t else {
            if wanted { throw ModelError(.missingField, offset: map, field: field) }
            return
        }
        guard wanted, t.bytes == bytes else { throw ModelError(.badShape, offset: t.offset, field: field) }
    }

    /// Spike flags must be 0 or 1.
    private static func checkFlags(_ t: TensorRef?, _ blob: UnsafeRawBufferPointer, _ field: StaticString)
        throws(ModelError)
    {
        guard let t else { return }
        let b = blob.start.assumingMemoryBound(to: UInt8.self) + t.start
        for j in 0..<t.bytes where b[j] > 1 {
            throw ModelError(.valueOutOfRange, offset: t.offset, field: field)
        }
    }

    private static func population<V: StateVisitor>(_ r: inout CBORReader, _ blob: UnsafeRawBufferPointer,
                                                     _ i: Int, _ v: inout V) throws(ModelError)
    {
        let m = try r.map("population_state")
        var t = PopulationTensors()
        var seen: UInt64 = 0
        for _ in 0..<m.count {
            guard let k = try r.key("population_state", maxKey: 6, seen: &seen, depth: 6) else { continue }
            switch k {
            case 0: t.v = try r.tensor("v", tag: 78, elementSize: 4)
            case 1: t.aux = try r.tensor("aux", tag: 78, elementSize: 4)
            case 2: t.refractory = try r.tensor("refractory", tag: 69, elementSize: 2)
            case 3: t.spiked = try r.tensor("s", tag: 64, elementSize: 1)
            case 4: t.history = try r.tensor("history", tag: 64, elementSize: 1)
            case 5: t.pending = try r.tensor("pending", tag: 64, elementSize: 1)
            default: _ = try r.tensor("weights", tag: 72, elementSize: 1)
            }
        }
        let shape = try v.populationShape(i)
        let n = shape.size
        let input = shape.model == .input
        try check(t.v, wanted: !input, bytes: 4 &* n, map: m.offset, "v")
        try check(t.aux, wanted: shape.model.hasAuxiliaryState, bytes: 4 &* n, map: m.offset, "aux")
        try check(t.refractory, wanted: shape.model.spikes, bytes: 2 &* n, map: m.offset, "refractory")
        try check(t.spiked, wanted: true, bytes: n, map: m.offset, "s")
        if t.history != nil {
            try check(t.history, wanted: true, bytes: shape.historyDepth &* n, map: m.offset, "history")
        }
        if t.pending != nil { try check(t.pending, wanted: input, bytes: n, map: m.offset, "pending") }
        try checkFlags(t.spiked, blob, "s")
        try checkFlags(t.history, blob, "history")
        try checkFlags(t.pending, blob, "pending")
        try v.applyPopulation(i, t, at: m.offset)
    }

    private static func encoder<V: StateVisitor>(_ r: inout CBORReader, _ e: Int, _ v: inout V)
        throws(ModelError)
    {
        let m = try r.map("encoder_state")
        var values: TensorRef? = nil, state: TensorRef? = nil
        var seen: UInt64 = 0
        for _ in 0..<m.count {
            guard let k = try r.key("encoder_state", maxKey: 1, seen: &seen, depth: 6) else { continue }
            if k == 0 {
                values = try r.tensor("values", tag: 78, elementSize: 4)
            } else {
                state = try r.tensor("encoder_state", tag: 78, elementSize: 4)
            }
        }
        let shape = try v.encoderShape(e)
        try check(values, wanted: true, bytes: 4 &* shape.channels, map: m.offset, "values")
        if state != nil {
            try check(state, wanted: shape.hasState, bytes: 4 &* shape.channels, map: m.offset, "encoder_state")
        }
        try v.applyEncoder(e, values: values!, state: state)
    }

    private static func rule<V: StateVisitor>(_ r: inout CBORReader, _ k: Int, _ v: inout V)
        throws(ModelError)
    {
        let m = try r.map("plasticity_state")
        var t = RuleTensors()
        var seen: UInt64 = 0
        for _ in 0..<m.count {
            guard let key = try r.key("plasticity_state", maxKey: 3, seen: &seen, depth: 6) else { continue }
            switch key {
            case 0: t.pre = try r.tensor("pre", tag: 78, elementSize: 4)
            case 1: t.post = try r.tensor("post", tag: 78, elementSize: 4)
            case 2: t.eligibility = try r.tensor("eligibility", tag: 78, elementSize: 4)
            default: t.stamps = try r.tensor("stamps", tag: 70, elementSize: 4)
            }
        }
        let shape = try v.ruleShape(k)
        let reward = shape.synapses != nil
        let synapseBytes = 4 &* (shape.synapses ?? 0)
        try check(t.pre, wanted: true, bytes: 4 &* shape.sources, map: m.offset, "pre")
        try check(t.post, wanted: true, bytes: 4 &* shape.targets, map: m.offset, "post")
        if let pre = t.pre { try r.requireNonNegativeInt32s(pre, "pre") }
        if let post = t.post { try r.requireNonNegativeInt32s(post, "post") }
        try check(t.eligibility, wanted: reward, bytes: synapseBytes, map: m.offset, "eligibility")
        try check(t.stamps, wanted: reward, bytes: synapseBytes, map: m.offset, "stamps")
        try v.applyRule(k, t)
    }

    private static func decoder<V: StateVisitor>(_ r: inout CBORReader, _ d: Int, _ v: inout V)
        throws(ModelError)
    {
        let m = try r.map("decoder_state")
        var values: TensorRef? = nil
        var seen: UInt64 = 0
        for _ in 0..<m.count {
            guard (try r.key("decoder_state", maxKey: 0, seen: &seen, depth: 6)) != nil else { continue }
            values = try r.tensor("values", tag: 70, elementSize: 4)
        }
        let size = try v.decoderSize(d)
        if values != nil {
            try check(values, wanted: size != nil, bytes: 4 &* (size ?? 0), map: m.offset, "values")
        }
        try v.applyDecoder(d, values: values)
    }
}
