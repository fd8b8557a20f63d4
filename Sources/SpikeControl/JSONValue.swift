/// One JSON value as the control protocol carries it.
///
/// Strings are kept as their UTF-8 bytes, not `String`: comparing or searching
/// `String`s needs Unicode tables that Embedded Swift does not link, while bytes compare
/// bytewise. Numbers are `Int64` only: the runtime is integer-only (Q16.16 rewards,
/// integer learning rates), so the parser refuses fractions and exponents instead of
/// rounding them. Objects keep their members in the order they were written.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case string([UInt8])
    case array([JSONValue])
    case object([JSONMember])

    /// A string value from Swift text (always valid UTF-8).
    public static func text(_ s: String) -> JSONValue { .string(Array(s.utf8)) }

    /// The value of member `key` when this is an object that has it.
    public subscript(key: StaticString) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members where key.matches(member.key) { return member.value }
        return nil
    }

    public var integerValue: Int64? {
        if case .integer(let v) = self { return v }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let v) = self { return v }
        return nil
    }

    /// The UTF-8 bytes of a string value.
    public var stringBytes: [UInt8]? {
        if case .string(let v) = self { return v }
        return nil
    }

    /// The members of an object value.
    public var members: [JSONMember]? {
        if case .object(let v) = self { return v }
        return nil
    }

    /// The kind of value, for messages ("expected an integer, got a string").
    public var kindName: StaticString {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer: return "an integer"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
