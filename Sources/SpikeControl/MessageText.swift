/// Text for error messages from literals and received values: one place that decides
/// how an offending value is shown (as compact JSON, cut short).
enum MessageText {
    /// A literal as `String`.
    static func literal(_ s: StaticString) -> String {
        String(decoding: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount), as: UTF8.self)
    }

    /// A received value as compact JSON, cut at `limit` bytes ("…" added) so that a
    /// huge value cannot make a huge message.
    static func quoted(_ value: JSONValue, limit: Int = 64) -> String {
        var writer = JSONWriter()
        writer.value(value)
        let bytes = writer.bytes
        if bytes.count <= limit { return String(decoding: bytes, as: UTF8.self) }
        var end = limit
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }  // a UTF-8 boundary
        return String(decoding: bytes[0..<end], as: UTF8.self) + "…"
    }

    /// A received key or name as a JSON string.
    static func quoted(bytes: [UInt8]) -> String { quoted(.string(bytes)) }
}
