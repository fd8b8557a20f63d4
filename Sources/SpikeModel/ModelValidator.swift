import SpikeCore

/// Pass (a): everything the blob says, checked against itself, and the arena plan.
///
/// After `ModelBody.read` (envelope, CRC, every element's own fields) this checks what
/// needs more than one element: indices, tensor shapes against population sizes, CSR
/// bounds, learning rules against their projections (SpikeCore's rule checks, so
/// that the size query gives the same verdict as `load`), the checkpoint state's
/// shapes, and it adds up the arena.
enum ModelValidator {
    static func plan(_ blob: UnsafeRawBufferPointer, _ options: ModelLoadOptions)
        throws(ModelError) -> ModelPlan
    {
        let body = try ModelBody.read(blob)
        var src = BlobSource(blob, body)
        var plan = ModelPlan(body: body)
        let np = body.populationCount
        let ruled = try ruledProjections(&src, body)
        src.ruled = ruled
        for j in 0..<body.projectionCount {
            let q = try src.projections.projection(j)
            guard q.source < np else { throw ModelError(.valueOutOfRange, offset: q.offset, field: "source") }
            guard q.target < np else { throw ModelError(.valueOutOfRange, offset: q.offset, field: "target") }
            let nSrc = try src.populations.population(q.source).size
            let nTgt = try src.populations.population(q.target).size
            try checkShape(blob, q, nSrc: nSrc, nTgt: nTgt)
            let c = ModelPlan.copies(q, hasRule: ruled.contains(j), blob: blob, options)
            if c.weights { plan.addCopiedTensor(bytes: q.weights.bytes) }
            if c.rows, let rows = q.rowPointers { plan.addCopiedTensor(bytes: rows.bytes) }
            if c.columns, let cols = q.columns { plan.addCopiedTensor(bytes: cols.bytes) }
        }
        for r in 0..<body.plasticityCount {
            let rule = try src.rules.plasticity(r)
            let kind = try src.projections.projection(rule.projection).kind
            do { try rule.validate(index: r, kind: kind) } catch {
                throw ModelError(error.status, offset: try src.rules.seek(r), field: error.field)
            }
        }
        for e in 0..<body.encoderCount {
            let spec = try src.encoders.encoder(e)
            guard spec.population < np else {
                throw ModelError(.valueOutOfRange, offset: try src.encoders.seek(e), field: "population")
            }
        }
        for d in 0..<body.decoderCount {
            let spec = try src.decoders.decoder(d)
            guard spec.population < np else {
                throw ModelError(.valueOutOfRange, offset: try src.decoders.seek(d), field: "population")
            }
        }
        if body.state >= 0 {
            var shapes = BlobStateShapes(source: src)
            try StateWalker.walk(blob, at: body.state, body, &shapes)
            src = shapes.source
        }
        try plan.finish(options, network: &src)
        return plan
    }

    /// The projections that have a learning rule. A rule naming no projection of the
    /// model, or a projection that already has one, is refused as SpikeCore's
    /// validation would (`invalidPlasticity`, "projection", at the rule).
    static func ruledProjections(_ src: inout BlobSource, _ body: ModelBody) throws(ModelError)
        -> ProjectionSet
    {
        var set = ProjectionSet()
        for r in 0..<body.plasticityCount {
            let j = try src.rules.plasticity(r).projection
            guard j < body.projectionCount, set.insert(j) else {
                throw ModelError(.invalidPlasticity, offset: try src.rules.seek(r), field: "projection")
            }
        }
        return set
    }

    /// Tensor lengths against the kind and the population sizes, and CSR bounds.
    static func checkShape(_ blob: UnsafeRawBufferPointer, _ q: ProjectionRecord, nSrc: Int, nTgt: Int)
        throws(ModelError)
    {
        let w = q.weights.bytes
        switch q.kind {
        case .dense:
            guard w == nSrc &* nTgt else { throw ModelError(.badShape, offset: q.weights.offset, field: "weights") }
        case .oneToOne:
            guard nSrc == nTgt else { throw ModelError(.badShape, offset: q.offset, field: "target") }
            guard w == nSrc else { throw ModelError(.badShape, offset: q.weights.offset, field: "weights") }
        case .conv2d:
            let g = q.conv
            guard g.padY < g.kernelHeight, g.padX < g.kernelWidth, g.outHeight >= 1, g.outWidth >= 1,
                  product(g.inHeight, g.inWidth, g.inChannels) == nSrc,
                  product(g.outHeight, g.outWidth, g.outChannels) == nTgt
            else { throw ModelError(.badShape, offset: q.offset, field: "conv") }
            let taps = product(g.kernelHeight, g.kernelWidth, g.inChannels)
            guard taps > 0, w == product(taps, g.outChannels, 1) else {
                throw ModelError(.badShape, offset: q.weights.offset, field: "weights")
            }
        case .sparse:
            guard let rows = q.rowPointers, let cols = q.columns else { return }
            guard rows.bytes / 4 == nSrc &+ 1 else {
                throw ModelError(.badShape, offset: rows.offset, field: "row_ptr")
            }
            guard cols.bytes / 2 == w else { throw ModelError(.badShape, offset: cols.offset, field: "col") }
            let base = blob.start
            func row(_ k: Int) -> Int {
                Int(truncatingIfNeeded: UInt32(littleEndian: base.loadUnaligned(
                    fromByteOffset: rows.start &+ 4 &* k, as: UInt32.self)))
            }
            guard row(0) == 0, row(nSrc) == w else {
                throw ModelError(.badShape, offset: rows.offset, field: "row_ptr")
            }
            var start = 0
            for r in 0..<nSrc {
                let end = row(r &+ 1)
                guard end >= start, end <= w else {
                    throw ModelError(.badShape, offset: rows.offset, field: "row_ptr")
                }
                var previous = -1
                var k = start
                while k < end {
                    let c = Int(truncatingIfNeeded: UInt16(littleEndian: base.loadUnaligned(
                        fromByteOffset: cols.start &+ 2 &* k, as: UInt16.self)))
                    guard c < nTgt, c > previous else {
                        throw ModelError(.badShape, offset: cols.offset, field: "col")
                    }
                    previous = c
                    k &+= 1
                }
                start = end
            }
        }
    }

    /// a·b·c, or -1 when it overflows `Int`.
    static func product(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let (ab, o1) = a.multipliedReportingOverflow(by: b)
        let (abc, o2) = ab.multipliedReportingOverflow(by: c)
        return o1 || o2 ? -1 : abc
    }
}

/// State shapes for pass (a), from the blob's description.
struct BlobStateShapes: StateVisitor {
    var source: BlobSource

    mutating func populationShape(_ i: Int) throws(ModelError) -> PopulationShape {
        let p = try source.populations.population(i)
        return PopulationShape(size: p.size, model: p.model, historyDepth: try source.historyDepth(i))
    }

    mutating func encoderShape(_ e: Int) throws(ModelError) -> (channels: Int, hasState: Bool) {
        let spec = try source.encoders.encoder(e)
        let n = try source.populations.population(spec.population).size
        return (spec.kind == .delta ? n / 2 : n, spec.kind != .rate)
    }

    mutating func decoderSize(_ d: Int) throws(ModelError) -> Int? {
        let spec = try source.decoders.decoder(d)
        guard spec.kind != .membrane else { return nil }
        return try source.populations.population(spec.population).size
    }

    mutating func ruleShape(_ r: Int) throws(ModelError) -> RuleShape { try source.ruleShape(r) }
}
