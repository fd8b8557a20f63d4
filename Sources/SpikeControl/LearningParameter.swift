/// A learning-rule parameter settable through `learning`, named as docs/model.cddl's
/// plasticity map and `spikert run --param` name them. The raw values equal SpikeCore's
/// `PlasticityParameter` (and the C API's `SPK_PARAM_*`), so the daemon converts with
/// `PlasticityParameter(rawValue:)`; SpikeControl itself imports nothing.
public enum LearningParameter: UInt8, CaseIterable, Sendable {
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

    public var name: StaticString {
        switch self {
        case .aPlus: return "a_plus"
        case .aMinus: return "a_minus"
        case .decayPre: return "decay_pre"
        case .decayPost: return "decay_post"
        case .wMin: return "w_min"
        case .wMax: return "w_max"
        case .learningRate: return "learning_rate"
        case .decayEligibility: return "decay_elig"
        case .bounds: return "bounds"
        case .normTarget: return "norm_target"
        }
    }

    public init?<C: Collection>(name bytes: C) where C.Element == UInt8 {
        for parameter in LearningParameter.allCases where parameter.name.matches(bytes) {
            self = parameter
            return
        }
        return nil
    }
}
