/// The `"id"` of a request, echoed in its response so that a client may pipeline
/// requests and match the answers. JSON-RPC allows integers and strings; so do we.
public enum ControlRequestID: Equatable, Sendable {
    case integer(Int64)
    /// UTF-8 bytes, at most `maxStringLength`.
    case string([UInt8])

    /// Longest string id accepted: ids are tokens, not payloads.
    public static let maxStringLength = 128

    public var json: JSONValue {
        switch self {
        case .integer(let v): return .integer(v)
        case .string(let s): return .string(s)
        }
    }
}
