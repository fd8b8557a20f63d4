/// How much work a step does (docs/SEMANTICS.md 12).
public enum PowerMode: UInt8, Sendable {
    /// Every tick computed; resting populations and quiescent steps are skipped, which
    /// changes no bit of the state.
    case normal = 0
    /// `fold` ticks per step, decays as integer powers, thresholds scaled: less work,
    /// some accuracy lost.
    case low = 1
    /// Nothing skipped: the yardstick the skipping is measured against.
    case full = 2
}
