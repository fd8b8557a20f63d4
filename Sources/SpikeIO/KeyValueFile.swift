/// A KEY=VALUE file in the restricted os-release format of boards/README.md ("Format"):
/// the board profiles and the daemon's configuration files.
///
/// One `KEY=VALUE` per line; blank lines; whole-line `#` comments; `KEY` uppercase
/// letters, digits and `_`; `VALUE` bare (letters, digits, `. _ , : / = + @ % -`, maybe
/// empty) or between double quotes (the same plus spaces and `( )`). Nothing else — no
/// escapes, no expansions — so a file means the same here as to `sh`'s `.`. The first
/// `=` splits, so values may hold `=` (`GPIO_IN="GPIO17=0:edge=rising"`). A key given
/// twice is refused rather than letting the last one win silently.
public struct KeyValueFile: Sendable {
    /// The entries in file order.
    public private(set) var entries: [KeyValueEntry] = []

    /// Files larger than this are refused: configuration is small, and a wrong path
    /// (a log, a device) should fail fast instead of being read whole.
    public static let maxFileSize = 1 << 20

    public init(parsing bytes: UnsafeRawBufferPointer) throws(KeyValueError) {
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            try parseLine(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), number: lineNumber)
            start = end + 1
        }
    }

    /// Read and parse the file at `path`.
    public init(path: String) throws(KeyValueError) {
        var bytes: [UInt8] = []
        let failure = KeyValueFile.readWholeFile(path, limit: KeyValueFile.maxFileSize, into: &bytes)
        switch failure {
        case .none: break
        case .open(let e): throw KeyValueError(.cannotOpen, text: path, systemError: e)
        case .read(let e): throw KeyValueError(.cannotRead, text: path, systemError: e)
        case .tooLarge: throw KeyValueError(.fileTooLarge, text: path)
        }
        var result: Result<KeyValueFile, KeyValueError> = .success(KeyValueFile())
        bytes.withUnsafeBytes { raw in
            do throws(KeyValueError) {
                result = .success(try KeyValueFile(parsing: raw))
            } catch {
                result = .failure(error)
            }
        }
        self = try result.get()
    }

    private init() {}

    /// The entry for `key`, if the file has it.
    public func entry(for key: StaticString) -> KeyValueEntry? {
        for entry in entries where entry.hasKey(key) { return entry }
        return nil
    }

    /// The value of `key` as bytes (empty when given empty, nil when absent).
    public func valueBytes(for key: StaticString) -> [UInt8]? { entry(for: key)?.valueBytes }

    /// The value of `key` as text.
    public func value(for key: StaticString) -> String? { entry(for: key)?.value }

    // MARK: the grammar

    private mutating func parseLine(_ line: UnsafeRawBufferPointer, number: Int) throws(KeyValueError) {
        if line.isEmpty || line[0] == UInt8(ascii: "#") { return }
        var blank = true
        for b in line where b != 0x20 && b != 0x09 { blank = false; break }
        if blank { return }
        guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else {
            throw KeyValueError(.expectedAssignment, line: number, bytes: line)
        }
        let key = UnsafeRawBufferPointer(rebasing: line[0..<equals])
        guard KeyValueFile.isValidKey(key) else { throw KeyValueError(.invalidKey, line: number, bytes: line) }
        let raw = UnsafeRawBufferPointer(rebasing: line[(equals + 1)...])
        var value: [UInt8] = []
        if let first = raw.first, first == UInt8(ascii: "\"") {
            guard let close = raw[1...].firstIndex(of: UInt8(ascii: "\"")) else {
                throw KeyValueError(.unterminatedQuote, line: number, bytes: line)
            }
            guard close == raw.count - 1 else { throw KeyValueError(.textAfterQuote, line: number, bytes: line) }
            for b in raw[1..<close] {
                guard KeyValueFile.isBareValueByte(b) || b == 0x20 || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") else {
                    throw KeyValueError(.invalidCharacter, line: number, bytes: line)
                }
                value.append(b)
            }
        } else {
            for b in raw {
                guard KeyValueFile.isBareValueByte(b) else { throw KeyValueError(.invalidCharacter, line: number, bytes: line) }
                value.append(b)
            }
        }
        let keyText = String(decoding: key, as: UTF8.self)
        for entry in entries where entry.key.utf8.elementsEqual(keyText.utf8) {
            throw KeyValueError(.duplicateKey, line: number, bytes: line)
        }
        entries.append(KeyValueEntry(key: keyText, value: String(decoding: value, as: UTF8.self), line: number))
    }

    static func isValidKey(_ key: UnsafeRawBufferPointer) -> Bool {
        guard let first = key.first, isUpper(first) || first == UInt8(ascii: "_") else { return false }
        for b in key where !(isUpper(b) || isDigit(b) || b == UInt8(ascii: "_")) { return false }
        return true
    }

    static func isBareValueByte(_ b: UInt8) -> Bool {
        if isUpper(b) || isDigit(b) || (b >= 97 && b <= 122) { return true }
        switch b {
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "/"),
             UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    private static func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
}
