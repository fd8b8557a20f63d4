/// One request line: `{"id": <integer or string>, "method": "<name>", "params": {…}}`,
/// params optional. Parsing is strict (unknown members and params are refused, so a
/// typo is an error, not a silent no-op) and every refusal is a `ControlError` whose
/// message names the offending value; `ControlMethod` lists the methods.
public struct ControlRequest: Equatable, Sendable {
    public var id: ControlRequestID
    public var command: ControlCommand

    public var method: ControlMethod { command.method }

    public init(id: ControlRequestID, command: ControlCommand) {
        self.id = id
        self.command = command
    }

    /// Parse one line (its newline may be included).
    public init(parsing line: UnsafeRawBufferPointer, limits: JSONLimits = .control) throws(ControlError) {
        try self.init(json: ControlRequest.json { () throws(JSONParseError) in
            try JSONValue(parsing: line, limits: limits)
        })
    }

    /// Parse one line held in an array.
    public init(parsing line: [UInt8], limits: JSONLimits = .control) throws(ControlError) {
        try self.init(json: ControlRequest.json { () throws(JSONParseError) in
            try JSONValue(parsing: line, limits: limits)
        })
    }

    /// The parsed line, or its syntax error as a request error.
    private static func json(_ parse: () throws(JSONParseError) -> JSONValue) throws(ControlError) -> JSONValue {
        do throws(JSONParseError) { return try parse() } catch { throw ControlError(parse: error) }
    }

    /// A request from an already parsed value.
    public init(json: JSONValue) throws(ControlError) {
        guard let members = json.members else {
            throw ControlError(.invalidRequest, "a request must be a JSON object, got " + MessageText.quoted(json))
        }
        let id = try ControlRequest.readID(json)
        for member in members where !ControlRequest.isTopLevelKey(member.key) {
            throw ControlError(.invalidRequest,
                               "unknown member " + MessageText.quoted(bytes: member.key)
                                   + " in the request (expected id, method, params)", id: id)
        }
        guard let methodValue = json["method"] else {
            throw ControlError(.invalidRequest, "missing \"method\"", id: id)
        }
        guard let name = methodValue.stringBytes else {
            throw ControlError(.invalidRequest,
                               "\"method\" must be a string, got " + MessageText.quoted(methodValue), id: id)
        }
        guard let method = ControlMethod(name: name) else {
            throw ControlError(.methodNotFound, "unknown method " + MessageText.quoted(methodValue), id: id)
        }
        var paramMembers: [JSONMember] = []
        if let params = json["params"] {
            guard let list = params.members else {
                throw ControlError(.invalidParams,
                                   "\"params\" must be an object, got " + MessageText.quoted(params), id: id)
            }
            paramMembers = list
        }
        let params = ControlParams(members: paramMembers, method: method, id: id)
        self.init(id: id, command: try params.command())
    }

    private static func isTopLevelKey(_ key: [UInt8]) -> Bool {
        StaticString("id").matches(key) || StaticString("method").matches(key)
            || StaticString("params").matches(key)
    }

    private static func readID(_ json: JSONValue) throws(ControlError) -> ControlRequestID {
        guard let value = json["id"] else { throw ControlError(.invalidRequest, "missing \"id\"") }
        switch value {
        case .integer(let v):
            return .integer(v)
        case .string(let s) where s.count <= ControlRequestID.maxStringLength:
            return .string(s)
        case .string:
            throw ControlError(.invalidRequest, "\"id\" longer than \(ControlRequestID.maxStringLength) bytes: "
                                   + MessageText.quoted(value))
        default:
            throw ControlError(.invalidRequest, "\"id\" must be an integer or a string, got " + MessageText.quoted(value))
        }
    }
}
