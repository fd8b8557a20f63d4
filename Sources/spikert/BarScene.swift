import SpikeCore

/// The synthetic event-camera scene: a bright 2x10 bar on a dark 16x16 field.
///
/// It moves right one pixel per `DirectionDetector.stepTicks`, stands still, moves back
/// left, stands still again. Off one edge it re-enters at the other, so any phase
/// length works. The scene writes pixel brightness into the DELTA encoder, which turns
/// changes into ON/OFF events as a dynamic vision sensor would: a still bar, however
/// bright, produces no events at all.
struct BarScene {
    static let barWidth = 2
    static let barTop = 3
    static let barHeight = 10
    static let brightness: Int32 = 200
    /// Shortest run that still gives each motion phase a handful of steps.
    static let minimumTicks = 60

    /// Right, still, left, still: 1/3, 1/6, 1/3, 1/6 of the run, motion phases cut to
    /// whole steps.
    let phases: [ScenePhase]
    /// Column of the bar's left side.
    private var barX = 0
    /// Brightness last written to the encoder, per pixel.
    private var sent: [Int32]

    init(totalTicks: Int) {
        let step = DirectionDetector.stepTicks
        let moving = totalTicks / 3 / step * step
        let still = (totalTicks - 2 * moving) / 2
        let last = totalTicks - 2 * moving - still
        var phases: [ScenePhase] = []
        var start = 0
        for (motion, length) in [(ScenePhase.Motion.rightward, moving), (.still, still),
                                 (.leftward, moving), (.still, last)] {
            phases.append(ScenePhase(motion: motion, start: start, length: length))
            start += length
        }
        self.phases = phases
        sent = [Int32](repeating: 0, count: DirectionDetector.width * DirectionDetector.height)
    }

    /// Bring the scene to tick `tick` of `phase` and hand every changed pixel to
    /// encoder 0. The bar appears at tick 0 and moves at every step boundary after a
    /// phase's first tick.
    mutating func advance(tick: Int, phase: ScenePhase, network: inout Network)
        throws(SpikeError)
    {
        let elapsed = tick - phase.start
        if elapsed > 0, elapsed % DirectionDetector.stepTicks == 0 {
            let w = DirectionDetector.width
            barX = (barX + phase.step + w) % w
        }
        for y in 0..<DirectionDetector.height {
            for x in 0..<DirectionDetector.width {
                let k = y * DirectionDetector.width + x
                let value = isBar(y: y, x: x) ? BarScene.brightness : 0
                if value != sent[k] {
                    try network.setEncoderValue(encoder: 0, channel: k, value: value)
                    sent[k] = value
                }
            }
        }
    }

    private func isBar(y: Int, x: Int) -> Bool {
        let dx = (x - barX + DirectionDetector.width) % DirectionDetector.width
        return dx < BarScene.barWidth && y >= BarScene.barTop
            && y < BarScene.barTop + BarScene.barHeight
    }
}
