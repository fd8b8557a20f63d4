import SpikeCore

/// The blob's lists as a `NetworkDescription` (what SpikeCore's layout measures), and
/// the shapes a checkpoint's state must have, both read through `ListCursor`s (no
/// memory needed). Tensors count as used in place: when copying, the loader copies
/// them into its own part of the arena and hands the network pointers to those.
struct BlobSource: NetworkDescription {
    typealias ReadError = ModelError

    var populations: ListCursor
    var projections: ListCursor
    var encoders: ListCursor
    var decoders: ListCursor
    var rules: ListCursor
    /// The projections with a learning rule (`ModelValidator.ruledProjections`).
    var ruled = ProjectionSet()

    init(_ blob: UnsafeRawBufferPointer, _ body: ModelBody) {
        populations = ListCursor(blob, first: body.populations, count: body.populationCount)
        projections = ListCursor(blob, first: body.projections, count: body.projectionCount)
        encoders = ListCursor(blob, first: body.encoders, count: body.encoderCount)
        decoders = ListCursor(blob, first: body.decoders, count: body.decoderCount)
        rules = ListCursor(blob, first: body.plasticity, count: body.plasticityCount)
    }

    var populationCount: Int { populations.count }
    var projectionCount: Int { projections.count }
    var encoderCount: Int { encoders.count }
    var decoderCount: Int { decoders.count }
    var ruleCount: Int { rules.count }
    var tensorsInPlace: Bool { true }

    mutating func population(_ i: Int) throws(ModelError) -> PopulationSpec {
        try populations.population(i)
    }
    mutating func projection(_ j: Int) throws(ModelError) -> ProjectionShape {
        let q = try projections.projection(j)
        return ProjectionShape(
            source: q.source, target: q.target, kind: q.kind, delay: q.delay, shift: q.shift,
            conv: q.conv, synapses: q.weights.bytes, rowPointerCount: (q.rowPointers?.bytes ?? 0) / 4,
            columnCount: (q.columns?.bytes ?? 0) / 2)
    }
    mutating func encoder(_ e: Int) throws(ModelError) -> EncoderSpec { try encoders.encoder(e) }
    mutating func decoder(_ d: Int) throws(ModelError) -> DecoderSpec { try decoders.decoder(d) }
    mutating func rule(_ r: Int) throws(ModelError) -> PlasticitySpec { try rules.plasticity(r) }
    func hasRule(projection j: Int) -> Bool { ruled.contains(j) }

    /// Rule `r`'s state sizes: source and target population sizes, and for a
    /// reward-modulated rule its synapse count (nil otherwise).
    mutating func ruleShape(_ r: Int) throws(ModelError) -> RuleShape {
        let rule = try self.rule(r)
        guard rule.projection < projections.count else {
            throw ModelError(.invalidPlasticity, offset: try rules.seek(r), field: "projection")
        }
        let q = try projection(rule.projection)
        return RuleShape(sources: try population(q.source).size, targets: try population(q.target).size,
                         synapses: rule.rule.isRewardModulated ? q.synapses : nil)
    }

    /// Largest delay of the projections leaving population `i`.
    mutating func historyDepth(_ i: Int) throws(ModelError) -> Int {
        var depth = 0
        for j in 0..<projections.count {
            let q = try projection(j)
            if q.source == i, q.delay > depth { depth = q.delay }
        }
        return depth
    }
}
