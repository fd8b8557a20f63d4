/// The parameters' names, as docs/model.cddl's plasticity map spells them: the one
/// table behind `spikert run --param`, `spikertd --param` and the control socket's
/// `learning` request.
extension PlasticityParameter {
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

    /// The parameter whose name is exactly `bytes`, or nil (raw values walked in order,
    /// not `CaseIterable`: its array would allocate, and SpikeCore does not).
    public init?<C: Collection>(name bytes: C) where C.Element == UInt8 {
        var raw: UInt8 = 0
        while let parameter = PlasticityParameter(rawValue: raw) {
            let name = parameter.name
            if name.utf8CodeUnitCount == bytes.count {
                var k = 0
                var same = true
                for b in bytes {
                    if b != name.utf8Start[k] { same = false; break }
                    k += 1
                }
                if same {
                    self = parameter
                    return
                }
            }
            raw &+= 1
        }
        return nil
    }
}
