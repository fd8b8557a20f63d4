/// One line of a spike file: `tick,channel` (a spike), `tick,channel,value` (an
/// analog value for the channel's encoder) or `tick,reward,value` (a reward, Q16.16,
/// for reward-modulated learning; `channel` is then `SpikeEvent.rewardChannel`). The format is docs/EXPORT.md's spike-file
/// format, shared by `spikert run`, the exporter's tests and `spikert-plot`.
public struct SpikeEvent: Equatable, Sendable {
    public var tick: UInt64
    public var channel: Int
    /// nil for a spike; the encoder value otherwise.
    public var value: Int32?
    /// 1-based line number in the file, for error messages.
    public var line: Int

    /// The largest tick a spike file may name: 2^62 - 1 (146 million years at 1 ms).
    /// Below UInt64's range on purpose: a run's tick arithmetic (a tick plus a run of up
    /// to 2^40 ticks plus a step of up to 256) then never wraps, and a tick fits Int64
    /// for the tools that read spike files back.
    public static let maximumTick: UInt64 = (1 << 62) - 1

    /// The largest input or output channel a spike file may name.
    public static let maximumChannel = UInt64(Int32.max)

    /// The channel of a reward line.
    public static let rewardChannel = -1

    public var isReward: Bool { channel == SpikeEvent.rewardChannel }

    public init(tick: UInt64, channel: Int, value: Int32? = nil, line: Int = 0) {
        self.tick = tick
        self.channel = channel
        self.value = value
        self.line = line
    }
}
