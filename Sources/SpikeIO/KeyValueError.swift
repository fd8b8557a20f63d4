/// Why a KEY=VALUE file was refused: the kind, the 1-based line (0 for errors about the
/// whole file), the offending text (the line, cut at `maxTextLength` bytes, or the
/// path) and `errno` for failed system calls.
public struct KeyValueError: Error, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case cannotOpen
        case cannotRead
        case fileTooLarge
        /// Not a comment, not blank, and no `=`.
        case expectedAssignment
        /// The key is not uppercase letters, digits and `_` starting with a letter or `_`.
        case invalidKey
        /// A byte the format does not allow in the value (`$`, `'`, `\`, a space outside
        /// quotes, a control character, …).
        case invalidCharacter
        case unterminatedQuote
        case textAfterQuote
        case duplicateKey
    }

    /// Offending text longer than this is cut (a line of a binary file can be long).
    public static let maxTextLength = 80

    public var kind: Kind
    public var line: Int
    public var text: String
    public var systemError: Int32

    public init(_ kind: Kind, line: Int = 0, text: String, systemError: Int32 = 0) {
        self.kind = kind
        self.line = line
        self.text = text
        self.systemError = systemError
    }

    /// An error about `line`, showing that line's bytes.
    init(_ kind: Kind, line: Int, bytes: UnsafeRawBufferPointer) {
        var end = min(bytes.count, KeyValueError.maxTextLength)
        while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }  // UTF-8 boundary
        self.init(kind, line: line, text: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self))
    }

    public var reason: StaticString {
        switch kind {
        case .cannotOpen: return "cannot open the file"
        case .cannotRead: return "cannot read the file"
        case .fileTooLarge: return "file too large"
        case .expectedAssignment: return "expected KEY=VALUE"
        case .invalidKey: return "invalid key (uppercase letters, digits and _)"
        case .invalidCharacter: return "character not allowed in a value (bare: letters, digits and . _ , : / = + @ % -; quoted: also spaces and ( ))"
        case .unterminatedQuote: return "missing closing double quote"
        case .textAfterQuote: return "text after the closing double quote"
        case .duplicateKey: return "key given twice"
        }
    }

    /// One line for people: `line 3: <reason>: <text>` (or the path and errno).
    public var message: String {
        var m = line > 0 ? "line \(line): " : ""
        m += String(decoding: UnsafeRawBufferPointer(start: reason.utf8Start, count: reason.utf8CodeUnitCount), as: UTF8.self)
        m += ": " + text
        if systemError != 0 { m += " (errno \(systemError))" }
        return m
    }

    /// By bytes (`String ==` needs Unicode tables in Embedded Swift).
    public static func == (a: KeyValueError, b: KeyValueError) -> Bool {
        a.kind == b.kind && a.line == b.line && a.systemError == b.systemError
            && a.text.utf8.elementsEqual(b.text.utf8)
    }
}
