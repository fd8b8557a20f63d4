import SpikeHost

/// C identifiers for `export-c`: checking a `--name`, deriving one from a file name,
/// and the upper-case form used for the macros. ASCII byte by byte (no Unicode tables,
/// which Embedded Swift would have to link).
enum CIdentifier {
    /// True when `word` is `[A-Za-z_][A-Za-z0-9_]*`.
    static func isValid(_ word: String) -> Bool {
        var first = true
        for byte in word.utf8 {
            guard isWordByte(byte), !(first && isDigit(byte)) else { return false }
            first = false
        }
        return !first
    }

    /// An identifier from a path: the file name without its directories and its last
    /// extension, every other byte replaced by `_`, and `_` in front of a leading digit.
    /// `docs/demo/motion.spkb` gives `motion`; an empty result gives `model`.
    static func derived(fromPath path: String) -> String {
        var bytes = Array(path.utf8)
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) {
            bytes.removeSubrange(0...slash)
        }
        if let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0 {
            bytes.removeSubrange(dot...)
        }
        var out: [UInt8] = []
        for byte in bytes {
            out.append(isWordByte(byte) ? byte : UInt8(ascii: "_"))
        }
        guard let head = out.first else { return "model" }
        if isDigit(head) { out.insert(UInt8(ascii: "_"), at: 0) }
        return TextFormat.ascii(out)
    }

    /// The file name of `path` (after the last `/`) for a C comment: bytes outside
    /// printable ASCII become `?` (a file name cannot hold the `/` of a `*/`).
    static func fileName(_ path: String) -> String {
        var bytes = Array(path.utf8)
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) {
            bytes.removeSubrange(0...slash)
        }
        for i in bytes.indices where bytes[i] < 32 || bytes[i] > 126 {
            bytes[i] = UInt8(ascii: "?")
        }
        return TextFormat.ascii(bytes)
    }

    /// `name` with a–z turned into A–Z, for macro names (`motion` -> `MOTION`).
    static func upper(_ name: String) -> String {
        var out: [UInt8] = []
        for byte in name.utf8 {
            out.append(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte)
        }
        return TextFormat.ascii(out)
    }

    private static func isDigit(_ b: UInt8) -> Bool {
        b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        isDigit(b) || b == UInt8(ascii: "_")
            || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
            || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }
}
