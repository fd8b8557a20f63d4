/// Fixed-width text helpers for tables and plots.
///
/// Widths are counted in UTF-8 bytes, not characters: `String.count` needs the Unicode
/// grapheme tables, which Embedded Swift only links on request. Everything this tool
/// prints is ASCII, so bytes and columns agree.
public enum TextFormat {
    /// `text` padded with spaces on the right to `width` columns. Text too wide for
    /// the column still gets one space after it, so columns never run together.
    public static func left(_ text: String, _ width: Int) -> String {
        text + spaces(max(1, width - text.utf8.count))
    }

    /// `text` padded with spaces on the left to `width` columns, with at least one
    /// space before it.
    public static func right(_ text: String, _ width: Int) -> String {
        spaces(max(1, width - text.utf8.count)) + text
    }

    /// A decimal number right-aligned in `width` columns.
    public static func right(_ value: Int, _ width: Int) -> String {
        right("\(value)", width)
    }

    /// `value` as `0x` and 16 lowercase hex digits: state hashes compare at a glance.
    public static func hex64(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        var zeros = ""
        var k = digits.utf8.count
        while k < 16 { zeros += "0"; k += 1 }
        return "0x" + zeros + digits
    }

    /// `count` spaces (none when `count` ≤ 0).
    public static func spaces(_ count: Int) -> String {
        repeated(UInt8(ascii: " "), count)
    }

    /// `count` copies of an ASCII `byte`.
    public static func repeated(_ byte: UInt8, _ count: Int) -> String {
        guard count > 0 else { return "" }
        return String(decoding: [UInt8](repeating: byte, count: count), as: UTF8.self)
    }

    /// ASCII bytes as a String.
    public static func ascii(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
