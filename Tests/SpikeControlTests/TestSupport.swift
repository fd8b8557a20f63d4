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

/// A small deterministic generator (SplitMix64) so that property tests replay.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}
