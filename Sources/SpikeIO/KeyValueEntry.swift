/// One `KEY=VALUE` line of a `KeyValueFile`: the value without its quotes, and the
/// 1-based line it came from (so a consumer that finds a value wrong can say where).
public struct KeyValueEntry: Equatable, Sendable {
    public var key: [UInt8]
    public var value: [UInt8]
    public var line: Int

    public init(key: [UInt8], value: [UInt8], line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }

    public var keyText: String { String(decoding: key, as: UTF8.self) }
    public var valueText: String { String(decoding: value, as: UTF8.self) }
}
