/// Writes the elements of one JSON array (see `JSONWriter`); commas are placed here.
public struct JSONArrayWriter {
    private var writer: JSONWriter
    private var count = 0

    init(writer: JSONWriter) { self.writer = writer }

    mutating func finish() -> [UInt8] { writer.takeBytes() }

    private mutating func separate() {
        if count > 0 { writer.appendByte(UInt8(ascii: ",")) }
        count += 1
    }

    public mutating func integer<T: BinaryInteger>(_ value: T) {
        separate()
        writer.integer(Int64(clamping: value))
    }

    public mutating func bool(_ value: Bool) {
        separate()
        writer.append(value ? "true" : "false")
    }

    public mutating func null() {
        separate()
        writer.append("null")
    }

    public mutating func string(_ value: String) {
        separate()
        writer.string(value)
    }

    public mutating func string<C: RandomAccessCollection>(bytes value: C) where C.Element == UInt8, C.Index == Int {
        separate()
        writer.string(bytes: value)
    }

    public mutating func value(_ value: JSONValue) {
        separate()
        writer.value(value)
    }

    public mutating func object(_ body: (inout JSONObjectWriter) -> Void) {
        separate()
        writer.object(body)
    }

    public mutating func array(_ body: (inout JSONArrayWriter) -> Void) {
        separate()
        writer.array(body)
    }
}
