/// The power mode a network runs in, and the fold and threshold scale its low-power mode
/// uses (docs/SEMANTICS.md 12.2, docs/model.cddl `power`).
public struct PowerSettings: Equatable, Sendable {
    public var mode: PowerMode = .normal
    /// Ticks per step in the low-power mode, 2…256.
    public var fold: Int = 2
    /// Q16 factor on thresholds in the low-power mode, 1…2^20.
    public var thresholdScale: Int32 = 65536

    public init(mode: PowerMode = .normal, fold: Int = 2, thresholdScale: Int32 = 65536) {
        self.mode = mode
        self.fold = fold
        self.thresholdScale = thresholdScale
    }

    /// Ticks one step advances.
    public var ticksPerStep: Int { mode == .low ? fold : 1 }
}
