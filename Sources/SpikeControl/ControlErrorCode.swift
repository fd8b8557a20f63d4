/// The error codes of a control response, JSON-RPC 2.0's where they apply, so that
/// generic JSON-RPC tooling reads them; the values are never renumbered.
public enum ControlErrorCode: Int32, Sendable {
    /// The line is not JSON (or breaks a limit).
    case parseError = -32700
    /// JSON, but not a request object (id, method, params).
    case invalidRequest = -32600
    /// No such method.
    case methodNotFound = -32601
    /// The method's params are missing, unknown, of the wrong type or out of range.
    case invalidParams = -32602
    /// The daemon failed inside (a bug or a resource it could not get).
    case internalError = -32603
    /// A valid request the daemon refused or could not carry out (no learning rules,
    /// checkpoint write failed, …); the message says which.
    case failed = -32000
}
