/// Limits of a run that the CLI and the daemon share.
public enum RunLimits {
    /// The most ticks `--ticks` accepts: 2^40 (35 years at 1 ms), or what a 32-bit Int
    /// holds on 32-bit targets (`1 << 40` would be 0 there and refuse every value).
    public static let maximumTicks: Int = Int.bitWidth >= 64 ? Int(truncatingIfNeeded: UInt64(1) << 40) : Int.max
}
