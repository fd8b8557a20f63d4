/// The numbers of IIO sysfs attributes, parsed without floating point (the runtime is
/// integer-only): `_raw` as an integer, `_scale` / `_offset` as fixed point in units of
/// 10⁻⁹ ("nano"), which is the resolution the kernel prints them with
/// (IIO_VAL_INT_PLUS_NANO, IIO_VAL_FRACTIONAL: "%d.%09d").
public enum IIONumber {
    /// 10⁹: one unit in nano-units.
    public static let nano: Int64 = 1_000_000_000

    /// An optionally signed decimal integer, one trailing newline allowed.
    public static func integer(_ text: UnsafeRawBufferPointer) -> Int64? {
        guard let (integerPart, fraction) = split(text), fraction == nil else { return nil }
        return integerPart
    }

    /// An optionally signed decimal with an optional fraction (`0.805664062`, `-273.15`,
    /// `25`), in nano-units. Digits past the ninth decimal are dropped (toward zero).
    public static func nanoUnits(_ text: UnsafeRawBufferPointer) -> Int64? {
        guard let (integerPart, fraction) = split(text) else { return nil }
        let (scaled, o1) = integerPart.magnitude.multipliedReportingOverflow(by: UInt64(nano))
        let (sum, o2) = scaled.addingReportingOverflow(fraction ?? 0)
        let negative = integerPart < 0 || (text.first == UInt8(ascii: "-"))
        guard !o1, !o2, sum <= UInt64(Int64.max) else { return nil }
        return negative ? -Int64(sum) : Int64(sum)
    }

    /// (raw + offset) × scale in nano-units, with offset and scale in nano-units: the
    /// "processed" value of the IIO ABI (sysfs-bus-iio: "_raw … units after application
    /// of scale and offset"). Computed in 128 bits, divided toward zero; nil when the
    /// result does not fit Int64.
    public static func processed(raw: Int64, offset: Int64, scale: Int64) -> Int64? {
        // |raw × 10⁹ + offset| < 2^94, so only the product with the scale can overflow.
        let shifted = Int128(raw) * Int128(nano) + Int128(offset)
        let (product, overflow) = shifted.multipliedReportingOverflow(by: Int128(scale))
        guard !overflow else { return nil }
        let value = product / Int128(nano)
        guard value >= Int128(Int64.min), value <= Int128(Int64.max) else { return nil }
        return Int64(value)
    }

    /// Sign, integer digits, then optionally `.` and digits; at most one trailing `\n`.
    /// Returns the signed integer part and the fraction in nano-units (nil: no `.`).
    private static func split(_ text: UnsafeRawBufferPointer) -> (Int64, UInt64?)? {
        var end = text.count
        if end > 0, text[end - 1] == 0x0A { end -= 1 }
        var i = 0
        var negative = false
        if i < end, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var magnitude: UInt64 = 0
        var digits = 0
        while i < end, text[i] >= 48, text[i] <= 57 {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(text[i] &- 48))
            guard !o1, !o2, sum <= UInt64(Int64.max) else { return nil }
            magnitude = sum
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        let integerPart = negative ? -Int64(magnitude) : Int64(magnitude)
        guard i < end else { return (integerPart, nil) }
        guard text[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        var fraction: UInt64 = 0
        var place: UInt64 = UInt64(nano) / 10
        var fractionDigits = 0
        while i < end, text[i] >= 48, text[i] <= 57 {
            fraction += UInt64(text[i] &- 48) * place
            place /= 10
            fractionDigits += 1
            i += 1
        }
        guard fractionDigits > 0, i == end else { return nil }
        return (integerPart, fraction)
    }
}
