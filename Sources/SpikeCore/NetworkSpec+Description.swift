/// A description in memory reads its arrays directly and never fails.
extension NetworkSpec: NetworkDescription {
    public typealias ReadError = Never

    public var populationCount: Int { populations.count }
    public var projectionCount: Int { projections.count }
    public var encoderCount: Int { encoders.count }
    public var decoderCount: Int { decoders.count }
    public var ruleCount: Int { plasticity.count }

    public func population(_ i: Int) -> PopulationSpec { populations[i] }

    public func projection(_ j: Int) -> ProjectionShape {
        let q = projections[j]
        return ProjectionShape(
            source: q.source, target: q.target, kind: q.kind, delay: q.delay, shift: q.shift,
            conv: q.conv, synapses: q.weights.count, rowPointerCount: q.rowPointers.count,
            columnCount: q.columns.count)
    }

    public func encoder(_ e: Int) -> EncoderSpec { encoders[e] }
    public func decoder(_ d: Int) -> DecoderSpec { decoders[d] }
    public func rule(_ r: Int) -> PlasticitySpec { plasticity[r] }
    public func hasRule(projection j: Int) -> Bool { ruleIndex(ofProjection: j) != nil }
}
