import SpikeCore

/// The blob's lists as a `NetworkSizing.Source`, and the shapes a checkpoint's state
/// must have, both read through `ListCursor`s (no memory needed).
struct BlobSource: NetworkSizing.Source {
    var populations: ListCursor
    var projections: ListCursor
    var encoders: ListCursor
    var decoders: ListCursor

    init(_ blob: UnsafeRawBufferPointer, _ body: ModelBody) {
        populations = ListCursor(blob, first: body.populations, count: body.populationCount)
        projections = ListCursor(blob, first: body.projections, count: body.projectionCount)
        encoders = ListCursor(blob, first: body.encoders, count: body.encoderCount)
        decoders = ListCursor(blob, first: body.decoders, count: body.decoderCount)
    }

    var populationCount: Int { populations.count }
    var projectionCount: Int { projections.count }
    var encoderCount: Int { encoders.count }
    var decoderCount: Int { decoders.count }

    mutating func population(_ i: Int) throws(ModelError) -> PopulationSpec {
        try populations.population(i)
    }
    mutating func projection(_ j: Int) throws(ModelError) -> (source: Int, target: Int, delay: Int) {
        let q = try projections.projection(j)
        return (q.source, q.target, q.delay)
    }
    mutating func encoder(_ e: Int) throws(ModelError) -> EncoderSpec { try encoders.encoder(e) }
    mutating func decoder(_ d: Int) throws(ModelError) -> DecoderSpec { try decoders.decoder(d) }

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
