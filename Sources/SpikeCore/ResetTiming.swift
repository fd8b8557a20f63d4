/// When the reset happens (docs/SEMANTICS.md 4.1).
public enum ResetTiming: UInt8, Sendable {
    /// In the tick after the spike, from the previous tick's spike (snnTorch default).
    case delayed = 0
    /// In the tick of the spike, right after the threshold test (NIR).
    case immediate = 1
}
