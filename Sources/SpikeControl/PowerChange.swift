/// The params of `power`: `{"mode": "normal"|"full"|"low", "fold": int, "scale": int}`.
/// `fold` (ticks per step, 2…256) and `scale` (Q16 threshold factor, 1…2^20) belong to
/// the low-power mode only and are refused with the others; nil keeps the current one.
/// The bounds are SpikeCore's `NetworkLimits.maxFold` / `maxThresholdScale`.
public struct PowerChange: Equatable, Sendable {
    public var mode: ControlPowerMode
    public var fold: Int?
    public var scale: Int32?

    public static let foldRange: ClosedRange<Int64> = 2...256
    public static let scaleRange: ClosedRange<Int64> = 1...(1 << 20)

    public init(mode: ControlPowerMode, fold: Int? = nil, scale: Int32? = nil) {
        self.mode = mode
        self.fold = fold
        self.scale = scale
    }
}
