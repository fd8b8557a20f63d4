import SpikeHost

/// Fixed-point text for numbers: Embedded Swift has no `String(format:)` and no
/// floating-point `description`, so numbers are rounded to integers and printed digit
/// by digit.
enum DecimalText {
    /// `value` with `digits` decimals (0…6), e.g. fixed(3.14159, 2) = "3.14".
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let negative = value < 0
        let magnitude = negative ? -value : value
        guard magnitude < 9e18 / Double(scale) else { return negative ? "-inf" : "inf" }
        let scaled = UInt64(magnitude * Double(scale) + 0.5)
        var text = (negative && scaled > 0 ? "-" : "") + "\(scaled / scale)"
        if digits > 0 { text += "." + padded(scaled % scale, digits) }
        return text
    }

    /// Nanoseconds as microseconds with 3 decimals.
    static func micros(_ ns: UInt64) -> String {
        "\(ns / 1000)." + padded(ns % 1000, 3)
    }

    /// A percentage with 2 decimals: 0.0523 -> "5.23".
    static func percent(_ fraction: Double) -> String { fixed(fraction * 100, 2) }

    /// `a / b` with two decimals ("-" when `b` is 0).
    static func ratio(_ a: UInt64, _ b: UInt64) -> String {
        b == 0 ? "-" : fixed(Double(a) / Double(b), 2)
    }

    /// Rounded to an integer.
    static func integer(_ value: Double) -> String { fixed(value, 0) }

    /// 16 lowercase hex digits, without TextFormat.hex64's "0x" (scripts compare them).
    static func hex(_ value: UInt64) -> String {
        String(decoding: TextFormat.hex64(value).utf8.dropFirst(2), as: UTF8.self)
    }

    private static func padded(_ value: UInt64, _ width: Int) -> String {
        var text = "\(value)"
        while text.utf8.count < width { text = "0" + text }
        return text
    }
}
