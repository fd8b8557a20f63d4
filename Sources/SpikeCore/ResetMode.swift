/// What a spike does to the membrane (docs/SEMANTICS.md 4.1).
public enum ResetMode: UInt8, Sendable {
    /// `v -= θ` (snnTorch's default): keeps the overshoot.
    case subtract = 0
    /// `v = v_reset`.
    case zero = 1
    /// No reset at all.
    case none = 2
}
