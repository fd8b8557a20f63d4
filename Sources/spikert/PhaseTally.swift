import SpikeHost

/// The COUNT decoder readings of one scene phase and what they mean.
struct PhaseTally {
    let phase: ScenePhase
    let leftToRight: Int
    let rightToLeft: Int
    /// Spikes of the whole motion-unit and edge populations in the phase.
    let motionSpikes: Int
    let edgeSpikes: Int

    var decision: DirectionDecision {
        DirectionDecision(leftToRight: leftToRight, rightToLeft: rightToLeft)
    }

    var isCorrect: Bool { decision == phase.expected }

    /// The table's column titles, laid out like `row`.
    static func header(ticksWidth: Int) -> String {
        TextFormat.left("ticks", ticksWidth) + TextFormat.left("stimulus", 17)
            + TextFormat.right("L->R", 6) + TextFormat.right("R->L", 6)
            + TextFormat.right("motion", 8) + TextFormat.right("edges", 7)
            + "  decision"
    }

    /// One table line: the phase, output counts, hidden activity, the verdict.
    func row(ticksWidth: Int) -> String {
        TextFormat.left("\(phase.start)-\(phase.end - 1)", ticksWidth)
            + TextFormat.left(phase.name, 17)
            + TextFormat.right(leftToRight, 6) + TextFormat.right(rightToLeft, 6)
            + TextFormat.right(motionSpikes, 8) + TextFormat.right(edgeSpikes, 7)
            + "  " + TextFormat.left(decision.label, 12)
            + (isCorrect ? "ok" : "WRONG, want \(phase.expected.label)")
    }
}
