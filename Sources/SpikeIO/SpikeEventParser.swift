/// Parses the lines of a spike file from raw bytes, without allocating.
///
/// Grammar, per line: optional spaces, `tick` `,` (`channel` | `reward`) [`,` `value`],
/// optional spaces and `\r` (a reward line must have its value). Blank lines and lines starting with `#` are skipped; so is a first
/// line that starts with a letter (a CSV header such as `tick,channel,value`). Ticks
/// must not decrease (the file is replayed in order); channels are non-negative; values
/// are Int32. A UTF-8 byte-order mark at the start of the file (spreadsheets write one)
/// is skipped. Ticks above `SpikeEvent.maximumTick` and channels above
/// `SpikeEvent.maximumChannel` are refused with the limit in the message. Byte-level rather than String-based: Embedded Swift's String lacks the
/// Unicode tables that comparisons need, and a replay file can be large.
public struct SpikeEventParser {
    /// Lines parsed so far: the number of the last line given to `parse`.
    public private(set) var lineNumber = 0
    private var lastTick: UInt64 = 0
    private var sawData = false

    public init() {}

    /// Parse one line (without its `\n`). Returns nil for lines that carry no event.
    public mutating func parse(line: UnsafeRawBufferPointer) throws(FileError) -> SpikeEvent? {
        lineNumber += 1
        var cursor = ByteCursor(line)
        if lineNumber == 1 { cursor.skipByteOrderMark() }
        cursor.skipSpaces()
        guard let first = cursor.peek, first != UInt8(ascii: "#") else { return nil }
        if !sawData && lineNumber == 1 && ByteCursor.isLetter(first) { return nil }
        let tick: UInt64
        switch cursor.number(limit: SpikeEvent.maximumTick) {
        case .value(let v): tick = v
        case .tooLarge:
            throw FileError("tick too large: the largest is", line: lineNumber, limit: SpikeEvent.maximumTick)
        case .none:
            throw FileError("expected a tick (a whole number ≥ 0)", line: lineNumber)
        }
        guard cursor.take(UInt8(ascii: ",")) else {
            throw FileError("expected ',' after the tick", line: lineNumber)
        }
        let isReward = cursor.take(word: "reward")
        var channel: UInt64 = 0
        if !isReward {
            switch cursor.number(limit: SpikeEvent.maximumChannel) {
            case .value(let v): channel = v
            case .tooLarge:
                throw FileError("channel too large: the largest is", line: lineNumber,
                                     limit: SpikeEvent.maximumChannel)
            case .none:
                throw FileError("expected a channel (a whole number ≥ 0) or 'reward'", line: lineNumber)
            }
        }
        var value: Int32? = nil
        if cursor.take(UInt8(ascii: ",")) {
            guard let v = cursor.signed32() else {
                throw FileError("expected a value (a whole number from -2147483648 to 2147483647)",
                                     line: lineNumber)
            }
            value = v
        }
        if isReward && value == nil {
            throw FileError("a reward line needs a value: tick,reward,VALUE (Q16.16)",
                                 line: lineNumber)
        }
        cursor.skipSpaces()
        guard cursor.isAtEnd else {
            throw FileError("unexpected text after the last field", line: lineNumber)
        }
        guard !sawData || tick >= lastTick else {
            throw FileError("ticks must not decrease", line: lineNumber)
        }
        sawData = true
        lastTick = tick
        return SpikeEvent(tick: tick, channel: isReward ? SpikeEvent.rewardChannel : Int(channel),
                          value: value, line: lineNumber)
    }
}
