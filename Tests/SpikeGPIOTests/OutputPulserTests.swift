import Testing
import SpikeGPIO

/// Output pulses by ticks: widths, extension in a burst, the activity window, and the
/// next change the daemon sleeps until.
@Suite("Output pulser")
struct OutputPulserTests {
    func levels(_ pulser: OutputPulser, _ ticks: ClosedRange<UInt64>) -> [Bool] {
        ticks.map { pulser.level(at: $0) }
    }

    @Test("an isolated spike is a pulse of the width; then nothing is due")
    func isolatedPulse() {
        var pulser = OutputPulser(mode: .pulse(ticks: 3))
        #expect(pulser.nextChange(after: 0) == nil)
        pulser.spike(at: 10)
        #expect(levels(pulser, 10...14) == [true, true, true, false, false])
        #expect(pulser.nextChange(after: 10) == 13)
        #expect(pulser.nextChange(after: 12) == 13)
        #expect(pulser.nextChange(after: 13) == nil)
    }

    @Test("spikes while high extend the pulse by the width each: high time is width per spike")
    func pulseExtends() {
        var pulser = OutputPulser(mode: .pulse(ticks: 4))
        for tick: UInt64 in [20, 21, 22] { pulser.spike(at: tick) }
        let high = levels(pulser, 20...40).filter { $0 }.count
        #expect(high == 3 * 4)
        #expect(pulser.nextChange(after: 22) == 32)
    }

    @Test("the activity window is high while a spike is within the last N ticks")
    func activityWindow() {
        var pulser = OutputPulser(mode: .activityWindow(ticks: 5))
        let spikes: [UInt64] = [100, 102, 103, 120]
        var observed: [Bool] = []
        var next = 0
        for tick: UInt64 in 95...130 {
            while next < spikes.count, spikes[next] == tick {
                pulser.spike(at: tick)
                next += 1
            }
            observed.append(pulser.level(at: tick))
        }
        let expected = (UInt64(95)...130).map { tick in spikes.contains { $0 <= tick && tick < $0 + 5 } }
        #expect(observed == expected)
        #expect(pulser.nextChange(after: 120) == 125)
    }

    @Test("width 0 still shows the spike for one tick; ticks near the end saturate")
    func edges() {
        var zero = OutputPulser(mode: .pulse(ticks: 0))
        zero.spike(at: 7)
        #expect(levels(zero, 6...8) == [false, true, false])
        var late = OutputPulser(mode: .pulse(ticks: 10))
        late.spike(at: UInt64.max - 2)
        late.spike(at: UInt64.max - 1)
        #expect(late.level(at: UInt64.max - 1))
        #expect(late.nextChange(after: UInt64.max - 1) == UInt64.max)
    }
}
