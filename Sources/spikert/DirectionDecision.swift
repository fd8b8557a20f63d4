/// What the detector says about one phase of the scene, from the output spike counts.
enum DirectionDecision: Equatable {
    case leftToRight
    case rightToLeft
    /// Too few output spikes to call it motion.
    case none
    /// Both outputs fired about equally: the detector could not tell.
    case ambiguous

    /// Fewer output spikes than this in a phase means "no motion": one stray
    /// coincidence is not a moving object.
    static let minimumSpikes = 2

    /// Decide from the two COUNT decoder values of a phase. A direction wins only with
    /// at least twice the other's spikes.
    init(leftToRight a: Int, rightToLeft b: Int) {
        if a + b < DirectionDecision.minimumSpikes {
            self = .none
        } else if a >= 2 * b {
            self = .leftToRight
        } else if b >= 2 * a {
            self = .rightToLeft
        } else {
            self = .ambiguous
        }
    }

    var label: String {
        switch self {
        case .leftToRight: return "LEFT->RIGHT"
        case .rightToLeft: return "RIGHT->LEFT"
        case .none: return "no motion"
        case .ambiguous: return "ambiguous"
        }
    }
}
