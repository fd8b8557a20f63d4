/// How a learning rule keeps weights in `w_min…w_max` (docs/SEMANTICS.md 11.1).
public enum WeightBounds: UInt8, Sendable {
    /// Additive steps, clamped at the bounds.
    case hard = 0
    /// Multiplicative steps that shrink with the distance to the bound they approach.
    case soft = 1
}
