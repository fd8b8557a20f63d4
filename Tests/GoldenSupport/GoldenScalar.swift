/// One element of a golden `actions` entry: a JSON integer or string (the format mixes
/// them: `[12, "param", 0, "a_plus", 4096]`).
enum GoldenScalar: Codable, Equatable {
    case int(Int64)
    case text(String)

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else {
            self = .text(try c.decode(String.self))
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .text(let s): try c.encode(s)
        }
    }

    var int: Int64 {
        get throws {
            guard case .int(let i) = self else { throw GoldenFormatError.unknown("integer", "\(self)") }
            return i
        }
    }

    var text: String {
        get throws {
            guard case .text(let s) = self else { throw GoldenFormatError.unknown("string", "\(self)") }
            return s
        }
    }
}
