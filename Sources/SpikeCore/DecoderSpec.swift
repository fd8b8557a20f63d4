/// A decoder observing one population (docs/SEMANTICS.md 6).
public struct DecoderSpec: Equatable, Sendable {
    public var population: Int
    public var kind: DecoderKind

    public init(population: Int, kind: DecoderKind) {
        self.population = population
        self.kind = kind
    }
}
