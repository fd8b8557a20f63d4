/// Writes the members of one JSON object (see `JSONWriter`): each call is one
/// `"key":value` pair, commas are placed here.
public struct JSONObjectWriter {
    private var writer: JSONWriter
    private var count = 0

    init(writer: JSONWriter) { self.writer = writer }

    mutating func finish() -> [UInt8] { writer.takeBytes() }

    private mutating func key<C: RandomAccessCollection>(_ key: C) where C.Element == UInt8, C.Index == Int {
        if count > 0 { writer.appendByte(UInt8(ascii: ",")) }
        count += 1
        writer.string(bytes: key)
        writer.appendByte(UInt8(ascii: ":"))
    }

    private mutating func key(_ key: StaticString) {
        self.key(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    public mutating func integer<T: BinaryInteger>(_ key: StaticString, _ value: T) {
        self.key(key)
        writer.integer(Int64(clamping: value))
    }

    public mutating func bool(_ key: StaticString, _ value: Bool) {
        self.key(key)
        writer.append(value ? "true" : "false")
    }

    public mutating func null(_ key: StaticString) {
        self.key(key)
        writer.append("null")
    }

    public mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        writer.string(value)
    }

    public mutating func string(_ key: StaticString, literal value: StaticString) {
        self.key(key)
        writer.string(value)
    }

    public mutating func string<C: RandomAccessCollection>(_ key: StaticString, bytes value: C)
        where C.Element == UInt8, C.Index == Int
    {
        self.key(key)
        writer.string(bytes: value)
    }

    public mutating func value(_ key: StaticString, _ value: JSONValue) {
        self.key(key)
        writer.value(value)
    }

    /// A member whose key comes from received bytes (e.g. echoing a parsed object).
    public mutating func value(key: [UInt8], _ value: JSONValue) {
        self.key(key)
        writer.value(value)
    }

    public mutating func object(_ key: StaticString, _ body: (inout JSONObjectWriter) -> Void) {
        self.key(key)
        writer.object(body)
    }

    public mutating func array(_ key: StaticString, _ body: (inout JSONArrayWriter) -> Void) {
        self.key(key)
        writer.array(body)
    }
}
