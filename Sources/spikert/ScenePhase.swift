/// One stretch of the synthetic scene: the bar moving one way, or standing still.
struct ScenePhase {
    enum Motion {
        case rightward
        case leftward
        case still
    }

    let motion: Motion
    /// First tick of the phase.
    let start: Int
    /// Ticks in the phase.
    let length: Int

    var end: Int { start + length }

    /// Column step of the bar per move: +1, -1 or 0.
    var step: Int {
        switch motion {
        case .rightward: return 1
        case .leftward: return -1
        case .still: return 0
        }
    }

    /// What a working detector reports for this phase.
    var expected: DirectionDecision {
        switch motion {
        case .rightward: return .leftToRight
        case .leftward: return .rightToLeft
        case .still: return .none
        }
    }

    /// Name in the phase table.
    var name: String {
        switch motion {
        case .rightward: return "bar moves right"
        case .leftward: return "bar moves left"
        case .still: return "bar stands still"
        }
    }

    /// Symbol in the plot's stimulus row.
    var symbol: UInt8 {
        switch motion {
        case .rightward: return UInt8(ascii: ">")
        case .leftward: return UInt8(ascii: "<")
        case .still: return UInt8(ascii: "-")
        }
    }
}
