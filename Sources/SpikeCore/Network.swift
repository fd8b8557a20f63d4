/// A network placed in caller-owned memory, stepped tick by tick.
///
/// The network owns nothing: every buffer lives in the arena the caller passed to
/// `init`, which must stay valid and untouched for the network's lifetime. The value is
/// non-copyable so two handles can never share (and silently corrupt) one arena. A
/// network is not thread-safe; separate networks are fully independent.
///
/// Use: `let bytes = try Network.arenaSize(for: spec)`, provide that many bytes aligned
/// to 16, `var net = try Network(spec: spec, arena: buffer)`, then inject spikes / set
/// encoder values, `step()`, read spikes, decoders and membranes.
public struct Network: ~Copyable {
    var layout: NetworkLayout
    let seed: UInt64
    /// Index of the next tick to run (ticks completed so far).
    public internal(set) var tick: UInt64 = 0
    /// Index of the next step: what spike histories and delays count
    /// (docs/SEMANTICS.md 3). Internal: only differences between steps are observable.
    var stepIndex: UInt64 = 0
    /// The power mode and its low-power settings (docs/SEMANTICS.md 12).
    public internal(set) var power: PowerSettings
    /// Spikes were injected since the last step.
    var pendingInputs = false
    /// The network's PRNG; part of the state.
    public internal(set) var prng: Xoshiro128StarStar
    var decoderWindowStart: UInt64 = 0
    public internal(set) var counters = NetworkCounters()

    /// Bytes of arena `init(spec:arena:)` needs for `spec` (validated first).
    public static func arenaSize(for spec: NetworkSpec) throws(SpikeError) -> Int {
        try spec.validate()
        var description = spec
        var cursor = ArenaCursor.measuring
        Network.measure(&description, cursor: &cursor)
        guard !cursor.overflowed else { throw SpikeError(.limitExceeded, field: "arena") }
        return cursor.used
    }

    /// Take from `cursor` what `init` would take for the description `d` (tensors
    /// counted as `d.tensorsInPlace` says): the size query of a description that is
    /// not in memory yet, such as a blob being read. Nothing is validated here; the
    /// caller has checked the indices the elements name. With `ArenaCursor.measuring`
    /// the bytes taken are `cursor.used` (check `cursor.overflowed`).
    public static func measure<D: NetworkDescription>(_ d: inout D, cursor: inout ArenaCursor)
        throws(D.ReadError)
    {
        _ = try NetworkLayout(&d, cursor: &cursor)
    }

    /// Validate `spec`, place the network in `arena` and reset it.
    ///
    /// Fails with `arenaMisaligned` if the arena does not start on a 16-byte boundary and
    /// `arenaTooSmall` if it is shorter than `arenaSize(for:)`; nothing is written then.
    /// Built without learning (`SPK_NO_LEARNING`), a description with learning rules
    /// fails with `unsupported` (field "plasticity"); `arenaSize(for:)` still measures
    /// it, without the rules.
    public init(spec: NetworkSpec, arena: UnsafeMutableRawBufferPointer) throws(SpikeError) {
        let needed = try Network.arenaSize(for: spec)
        #if SPK_NO_LEARNING
        guard spec.plasticity.isEmpty else {
            throw SpikeError(.unsupported, index: 0, field: "plasticity")
        }
        #endif
        guard let base = arena.baseAddress else {
            throw SpikeError(.nullPointer, field: "arena")
        }
        guard UInt(bitPattern: base) % UInt(ArenaCursor.alignment) == 0 else {
            throw SpikeError(.arenaMisaligned, index: Int(bitPattern: base), field: "arena")
        }
        guard arena.count >= needed else {
            throw SpikeError(.arenaTooSmall, index: needed, field: "arena")
        }
        var cursor = ArenaCursor(arena: arena)
        var description = spec
        var layout = NetworkLayout(&description, cursor: &cursor)
        layout.bindTensors(spec)
        try layout.computeOrder()
        self.layout = layout
        self.seed = spec.seed
        self.prng = Xoshiro128StarStar(seed: spec.seed)
        self.power = spec.power
        applyEffectiveParameters()
        reset()
    }

    /// Back to the initial state of docs/SEMANTICS.md section 8 (weights, learning
    /// parameters and switches and the power mode are kept).
    public mutating func reset() {
        tick = 0
        stepIndex = 0
        pendingInputs = false
        prng = Xoshiro128StarStar(seed: seed)
        counters = NetworkCounters()
        decoderWindowStart = 0
        guard let populations = layout.populations else { return }
        for i in 0..<layout.populationCount {
            let p = populations[i]
            let n = p.size
            Network.fill(p.v, p.spec.vInit, n)
            if p.aux != nil {
                let initial = p.spec.model == .izhikevich
                    ? FixedPoint.sat32(FixedPoint.floorShr(
                        Int64(p.spec.izhB) &* Int64(p.spec.vInit), 16))
                    : 0
                Network.fill(p.aux, initial, n)
            }
            Network.zero(p.refractory, n)
            Network.zero(p.spiked, n)
            Network.zero(p.pending, n)
            Network.fill(p.current, 0, n)
            Network.fill(p.spikeCounts, 0, p.slotMask &+ 1)
        }
        if let projections = layout.projections {
            for j in 0..<layout.projectionCount {
                Network.fill(projections[j].accumulator, 0, projections[j].targetSize)
            }
        }
        if let encoders = layout.encoders {
            for e in 0..<layout.encoderCount {
                let enc = encoders[e]
                Network.fill(enc.values, 0, enc.channels)
                Network.fill(enc.state, enc.spec.kind == .latency ? -1 : 0, enc.channels)
            }
        }
        if let rules = layout.rules {
            for r in 0..<layout.ruleCount {
                let rule = rules[r]
                Network.fill(rule.pre, 0, rule.sourceSize)
                Network.fill(rule.post, 0, rule.targetSize)
                Network.fill(rule.eligibility, 0, rule.synapseCount)
                Network.fill(rule.stamps, 0, rule.synapseCount)
            }
        }
        resetDecoders()
        refreshRestFlags()
    }

    public var populationCount: Int { layout.populationCount }
    public var projectionCount: Int { layout.projectionCount }
    public var encoderCount: Int { layout.encoderCount }
    public var decoderCount: Int { layout.decoderCount }
    public var plasticityCount: Int { layout.ruleCount }
}
