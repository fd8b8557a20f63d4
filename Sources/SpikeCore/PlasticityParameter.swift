/// The learning parameters that can be read and changed at run time, numbered as the C
/// API's `SPK_PARAM_*` (the blob's plasticity keys are these plus 2).
public enum PlasticityParameter: UInt8, Sendable {
    case aPlus = 0
    case aMinus = 1
    case decayPre = 2
    case decayPost = 3
    case wMin = 4
    case wMax = 5
    case learningRate = 6
    case decayEligibility = 7
    case bounds = 8
    case normTarget = 9
}

extension PlasticitySpec {
    /// The value of `parameter` (bounds as 0 hard / 1 soft).
    public func value(of parameter: PlasticityParameter) -> Int32 {
        switch parameter {
        case .aPlus: return aPlus
        case .aMinus: return aMinus
        case .decayPre: return decayPre
        case .decayPost: return decayPost
        case .wMin: return wMin
        case .wMax: return wMax
        case .learningRate: return learningRate
        case .decayEligibility: return decayEligibility
        case .bounds: return Int32(bounds.rawValue)
        case .normTarget: return normTarget
        }
    }

    /// Set `parameter`; the caller validates the result as a whole.
    public mutating func set(_ parameter: PlasticityParameter, to value: Int32) {
        switch parameter {
        case .aPlus: aPlus = value
        case .aMinus: aMinus = value
        case .decayPre: decayPre = value
        case .decayPost: decayPost = value
        case .wMin: wMin = value
        case .wMax: wMax = value
        case .learningRate: learningRate = value
        case .decayEligibility: decayEligibility = value
        case .bounds: bounds = value == 1 ? .soft : (value == 0 ? .hard : bounds)
        case .normTarget: normTarget = value
        }
    }
}
