/// One `KEY=VALUE` line of a `KeyValueFile`: the value without its quotes, and the
/// 1-based line it came from (so a consumer that finds a value wrong can say where).
/// The format admits ASCII only in keys and printable ASCII in values, so the text and
/// the bytes are the same; compare through `keyBytes`/`valueBytes` or `.utf8`
/// (`String ==` needs Unicode tables in Embedded Swift).
public struct KeyValueEntry: Equatable, Sendable {
    public var key: String
    public var value: String
    public var line: Int

    public init(key: String, value: String, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }

    public var keyBytes: [UInt8] { Array(key.utf8) }
    public var valueBytes: [UInt8] { Array(value.utf8) }

    /// True when the key is exactly `name`.
    public func hasKey(_ name: StaticString) -> Bool {
        guard key.utf8.count == name.utf8CodeUnitCount else { return false }
        var k = 0
        for b in key.utf8 {
            if b != name.utf8Start[k] { return false }
            k += 1
        }
        return true
    }

    /// By bytes.
    public static func == (a: KeyValueEntry, b: KeyValueEntry) -> Bool {
        a.line == b.line && a.key.utf8.elementsEqual(b.key.utf8) && a.value.utf8.elementsEqual(b.value.utf8)
    }
}
