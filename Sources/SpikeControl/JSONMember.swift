/// One `"key": value` pair of a JSON object; a struct rather than a tuple so that
/// objects compare with `==` (tuples are not Equatable).
public struct JSONMember: Equatable, Sendable {
    /// The key's UTF-8 bytes.
    public var key: [UInt8]
    public var value: JSONValue

    public init(key: [UInt8], value: JSONValue) {
        self.key = key
        self.value = value
    }

    public init(_ key: StaticString, _ value: JSONValue) {
        self.key = key.bytes
        self.value = value
    }
}
