/// Builders of the daemon's answer lines (newline included):
/// `{"id":…,"result":{…}}` and `{"id":…,"error":{"code":…,"message":"…"}}`.
public enum ControlResponse {
    /// A success; `body` writes the members of `result` (none: `{}`).
    public static func result(id: ControlRequestID, _ body: (inout JSONObjectWriter) -> Void = { _ in }) -> [UInt8] {
        JSONWriter.line { o in
            o.value("id", id.json)
            o.object("result", body)
        }
    }

    /// A refusal; the id is the error's, or null when the request's id was not read.
    public static func error(_ error: ControlError) -> [UInt8] {
        JSONWriter.line { o in
            if let id = error.id { o.value("id", id.json) } else { o.null("id") }
            o.object("error") { e in
                e.integer("code", error.code.rawValue)
                e.string("message", error.message)
            }
        }
    }

    /// The response to one request line: `handle` runs for a request that parsed and
    /// returns its result line; a line that does not parse gets its error line.
    public static func answer(_ line: UnsafeRawBufferPointer,
                              _ handle: (ControlRequest) -> [UInt8]) -> [UInt8] {
        do throws(ControlError) {
            return handle(try ControlRequest(parsing: line))
        } catch {
            return ControlResponse.error(error)
        }
    }
}
