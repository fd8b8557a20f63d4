/// The command line as a cursor over its words.
///
/// Words are compared byte for byte with `StaticString` literals: exact, locale-free, and
/// it keeps String comparison (which needs the Unicode normalization tables in Embedded
/// Swift) out of the binary. Commands consume words from the front; whatever is left
/// when a command finishes parsing is an error the command reports.
public struct Arguments {
    private let words: [String]
    private var next = 0

    /// Build from C's `argc`/`argv`; word 0, the program path, is skipped. The entry
    /// point passes these in because Embedded Swift has no `CommandLine`.
    public init(argc: Int32, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) {
        var words: [String] = []
        var i = 1
        while i < Int(argc) {
            if let word = argv[i] { words.append(String(cString: word)) }
            i += 1
        }
        self.words = words
    }

    /// Build from words directly (everything after the program path).
    public init(_ words: [String]) {
        self.words = words
    }

    /// The next word, not consumed; nil at the end.
    public var peek: String? { next < words.count ? words[next] : nil }

    public var isAtEnd: Bool { next >= words.count }

    /// Consume and return the next word.
    public mutating func take() -> String? {
        guard next < words.count else { return nil }
        next += 1
        return words[next - 1]
    }

    /// If the next word is exactly `flag`, consume it and return true.
    public mutating func take(_ flag: StaticString) -> Bool {
        guard let word = peek, Arguments.matches(word, flag) else { return false }
        next += 1
        return true
    }

    /// `--name VALUE` or `--name=VALUE`: if the next word is the option, consume it and
    /// its value. Returns `.absent` when the next word is another option, `.missing`
    /// when the value is not there: at the end, an empty word or `--name=`, or a next
    /// word that is itself an option (it is left for the caller to name). `-` alone is a value;
    /// `--name=-x` gives a value that starts with `-` deliberately.
    public mutating func takeValue(_ name: StaticString) -> OptionValue {
        guard let word = peek else { return .absent }
        if Arguments.matches(word, name) {
            next += 1
            guard let value = peek, !value.isEmpty,
                  !Arguments.looksLikeOption(value) || Arguments.matches(value, "-") else {
                return .missing
            }
            next += 1
            return .present(value)
        }
        if let value = Arguments.suffix(of: word, after: name, separator: UInt8(ascii: "=")) {
            next += 1
            return value.isEmpty ? .missing : .present(value)
        }
        return .absent
    }

    /// The message for option `name` whose value `takeValue` found `.missing`,
    /// naming the option that stood where the value should be, if one did. `valueName`
    /// (e.g. "N") says what was wanted.
    public func missingValue(_ name: StaticString, _ valueName: StaticString = "") -> String {
        var text = "\(name) needs a value"
        if valueName.utf8CodeUnitCount > 0 { text += " (\(valueName))" }
        if let next = peek, Arguments.looksLikeOption(next) {
            text += ", not the option '\(next)' (a value that starts with '-' is written \(name)=\(next))"
        }
        return text
    }

    /// Byte-exact comparison with a literal.
    public static func matches(_ word: String, _ literal: StaticString) -> Bool {
        word.utf8.elementsEqual(bytes(of: literal))
    }

    /// True when `word` starts with `-` (an option, as opposed to a command or value).
    public static func looksLikeOption(_ word: String) -> Bool {
        word.utf8.first == UInt8(ascii: "-")
    }

    /// The rest of `word` after `prefix` and `separator`, if `word` has that form.
    private static func suffix(of word: String, after prefix: StaticString,
                               separator: UInt8) -> String? {
        let head = bytes(of: prefix)
        let bytes = Array(word.utf8)
        guard bytes.count > head.count, bytes[head.count] == separator,
              bytes[0..<head.count].elementsEqual(head) else { return nil }
        return String(decoding: bytes[(head.count + 1)...], as: UTF8.self)
    }

    /// The UTF-8 bytes of a literal (static storage, valid forever).
    private static func bytes(of literal: StaticString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
    }

    /// A non-negative decimal integer, no sign, no spaces; nil if malformed or above
    /// `limit`.
    public static func parseCount(_ word: String, limit: Int) -> Int? {
        var value = 0
        var digits = 0
        for byte in word.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            if value > limit { return nil }
        }
        return digits > 0 ? value : nil
    }
}
