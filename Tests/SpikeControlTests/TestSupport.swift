import SpikeControl

/// Bytes of a Swift string (tests write lines as text).
func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Text of bytes that are expected to be UTF-8.
func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

/// Parse a line, or the error it gave.
func parse(_ line: String, limits: JSONLimits = .control) -> Result<JSONValue, JSONParseError> {
    do throws(JSONParseError) {
        return .success(try JSONValue(parsing: bytes(line), limits: limits))
    } catch {
        return .failure(error)
    }
}

/// Parse a request line, or the error it gave.
func request(_ line: String) -> Result<ControlRequest, ControlError> {
    do throws(ControlError) {
        return .success(try ControlRequest(parsing: bytes(line)))
    } catch {
        return .failure(error)
    }
}

