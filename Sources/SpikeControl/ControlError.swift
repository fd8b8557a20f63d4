/// Why a control request was refused: the code, a message that names the offending
/// value, and the request's id when it was read before the error (it is echoed in the
/// error response; otherwise the response's id is null, as JSON-RPC does).
public struct ControlError: Error, Equatable, Sendable {
    public var code: ControlErrorCode
    public var message: String
    public var id: ControlRequestID?

    public init(_ code: ControlErrorCode, _ message: String, id: ControlRequestID? = nil) {
        self.code = code
        self.message = message
        self.id = id
    }

    /// Compared by code, id and message bytes (`String ==` needs Unicode tables in
    /// Embedded Swift).
    public static func == (a: ControlError, b: ControlError) -> Bool {
        a.code == b.code && a.id == b.id && a.message.utf8.elementsEqual(b.message.utf8)
    }

    /// A parse error at a byte offset of the line.
    public init(parse error: JSONParseError) {
        self.init(.parseError, "parse error at byte \(error.offset): " + MessageText.literal(error.reason))
    }
}
