import SpikeCore

/// The blob's lists as a `NetworkSizing.Source`, and the shapes a checkpoint's state
/// must have, both read through `ListCursor`s (no memory needed).
struct BlobSource: NetworkSizing.Source {
    var populations: ListCursor
    var projections: ListCursor
    var encoders: ListCursor
    var decoders: ListCursor
    var rules: ListCursor

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

    mutating func population(_ i: Int) throws(ModelError) -> PopulationSpec {
        try populations.population(i)
    }
    mutating func projection(_ j: Int) throws(ModelError)
        -> (source: Int, target: Int, delay: Int, weights: Int, kind: ProjectionKind)
    {
        let q = try projections.projection(j)
        return (q.source, q.target, q.delay, q.weights.bytes, q.kind)
    }
    mutating func encoder(_ e: Int) throws(ModelError) -> EncoderSpec { try encoders.encoder(e) }
    mutating func decoder(_ d: Int) throws(ModelError) -> DecoderSpec { try decoders.decoder(d) }
    mutating func rule(_ r: Int) throws(ModelError) -> (projection: Int, reward: Bool) {
        let spec = try rules.plasticity(r)
        return (spec.projection, spec.rule.isRewardModulated)
    }

    /// Rule `r`'s state sizes: source and target population sizes, and for a
    /// reward-modulated rule its synapse count (nil otherwise).
    mutating func ruleShape(_ r: Int) throws(ModelError) -> RuleShape {
        let rule = try self.rule(r)
        guard rule.projection < projections.count else {
            throw ModelError(.invalidPlasticity, offset: try rules.seek(r), field: "projection")
        }
        let q = try projection(rule.projection)
        return RuleShape(sources: try population(q.source).size, targets: try population(q.target).size,
                         synapses: rule.reward ? q.weights : nil)
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
