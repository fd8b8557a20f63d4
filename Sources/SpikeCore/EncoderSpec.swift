/// An encoder attached to an INPUT population (docs/SEMANTICS.md 5). `parameter` is the
/// LATENCY window in ticks or the DELTA threshold; RATE ignores it.
public struct EncoderSpec: Equatable, Sendable {
    public var population: Int
    public var kind: EncoderKind
    public var parameter: Int32

    public init(population: Int, kind: EncoderKind, parameter: Int32 = 0) {
        self.population = population
        self.kind = kind
        self.parameter = parameter
    }

    /// Analog channels the caller sets: `n` for RATE/LATENCY, `n/2` for DELTA.
    func channelCount(populationSize n: Int) -> Int {
        kind == .delta ? n / 2 : n
    }
}
