import Testing
import SpikeCore

/// Behaviour of each neuron model and reset mode, against traces worked out by hand from
/// docs/SEMANTICS.md section 4. Input: one spike per tick of weight 100 << 2 = 400 into a
/// neuron with threshold 1000 and no leak unless a test says otherwise.
@Suite("Neuron models")
struct NeuronModelTests {
    static let everyTick = Set(0..<64)

    func run(_ p: PopulationSpec, ticks: Int = 8, drive: Set<Int> = everyTick)
        throws -> (v: [Int32], spikes: [Int])
    {
        let t = try NetworkBuilder.chain(target: p, weights: [100], shift: 2)
        return try NetworkBuilder.trace(t, ticks: ticks, drive: drive)
    }

    @Test("LIF, delayed subtract (snnTorch default): reset one tick after the spike")
    func delayedSubtract() throws {
        let r = try run(NetworkBuilder.population(.lif))
        #expect(r.v == [400, 800, 1200, 600, 1000, 1400, 800, 1200])
        #expect(r.spikes == [2, 5, 7])
    }

    @Test("LIF, immediate subtract (NIR): reset in the tick of the spike")
    func immediateSubtract() throws {
        let r = try run(NetworkBuilder.population(.lif) { $0.resetTiming = .immediate })
        #expect(r.v == [400, 800, 200, 600, 1000, 400, 800, 200])
        #expect(r.spikes == [2, 5, 7])
    }

    @Test("LIF, reset to v_reset, delayed and immediate")
    func resetToValue() throws {
        let delayed = try run(NetworkBuilder.population(.lif) { $0.reset = .zero; $0.vReset = -50 })
        #expect(delayed.v == [400, 800, 1200, 350, 750, 1150, 350, 750])
        let immediate = try run(NetworkBuilder.population(.lif) {
            $0.reset = .zero; $0.vReset = -50; $0.resetTiming = .immediate
        })
        #expect(immediate.v == [400, 800, -50, 350, 750, -50, 350, 750])
        #expect(delayed.spikes == [2, 5] && immediate.spikes == [2, 5])
    }

    @Test("LIF without reset fires on every tick above threshold")
    func noReset() throws {
        let r = try run(NetworkBuilder.population(.lif) { $0.reset = .none })
        #expect(r.v == [400, 800, 1200, 1600, 2000, 2400, 2800, 3200])
        #expect(r.spikes == [2, 3, 4, 5, 6, 7])
    }

    @Test("refractory ticks discard input and block spikes")
    func refractory() throws {
        let r = try run(NetworkBuilder.population(.lif) {
            $0.reset = .zero; $0.resetTiming = .immediate; $0.refractory = 2
        }, ticks: 9)
        #expect(r.v == [400, 800, 0, 0, 0, 400, 800, 0, 0])
        #expect(r.spikes == [2, 7])
    }

    @Test("leak decays toward zero from either side and stays at exactly 0")
    func leakToRest() throws {
        for start: Int32 in [1000, -1000] {
            let r = try run(NetworkBuilder.population(.lif, threshold: Int32.max, beta: 32768) {
                $0.vInit = start
            }, ticks: 14, drive: [])
            let expected: [Int32] = [500, 250, 125, 62, 31, 15, 7, 3, 1, 0, 0, 0, 0, 0]
            #expect(r.v == expected.map { start > 0 ? $0 : -$0 })
        }
    }

    @Test("IF integrates without leak whatever beta says")
    func integrateAndFire() throws {
        let r = try run(NetworkBuilder.population(.integrateAndFire, threshold: 100_000, beta: 0),
                        ticks: 4)
        #expect(r.v == [400, 800, 1200, 1600])
    }

    @Test("LI integrates and leaks but never spikes")
    func leakyIntegrator() throws {
        let r = try run(NetworkBuilder.population(.leakyIntegrator, threshold: 0, beta: 32768),
                        ticks: 4)
        #expect(r.v == [400, 600, 700, 750])
        #expect(r.spikes.isEmpty)
    }

    @Test("CUBA: the synaptic current decays by alpha and keeps driving the membrane")
    func currentBased() throws {
        let r = try run(NetworkBuilder.population(.cuba, threshold: 100_000) { $0.alpha = 32768 },
                        ticks: 9, drive: [0])
        #expect(r.v == [400, 600, 700, 750, 775, 787, 793, 796, 797])
    }

    @Test("ALIF: each spike raises the threshold, so intervals grow")
    func adaptiveThreshold() throws {
        let r = try run(NetworkBuilder.population(.adaptiveLIF) {
            $0.adaptIncrement = 400; $0.adaptDecay = 65536; $0.reset = .zero
        }, ticks: 60)
        let intervals = zip(r.spikes.dropFirst(), r.spikes).map { $0 - $1 }
        #expect(r.spikes.count >= 4)
        #expect(zip(intervals.dropFirst(), intervals).allSatisfy { $0 >= $1 }, "\(intervals)")
        #expect(intervals.last! > intervals.first!)
        let plain = try run(NetworkBuilder.population(.lif), ticks: 60)
        #expect(plain.spikes.count > r.spikes.count)
    }

    @Test("bias drives a neuron with no input at all")
    func bias() throws {
        let r = try run(NetworkBuilder.population(.lif) { $0.bias = 300 }, ticks: 4, drive: [])
        #expect(r.v == [300, 600, 900, 1200])
        #expect(r.spikes == [3])
    }

    @Test("membrane saturates at the Int32 limits instead of wrapping")
    func saturation() throws {
        let up = try run(NetworkBuilder.population(.integrateAndFire, threshold: Int32.max) {
            $0.vInit = Int32.max - 100; $0.reset = .none
        }, ticks: 2)
        #expect(up.v == [Int32.max, Int32.max])
        let down = try run(NetworkBuilder.population(.integrateAndFire, threshold: 0) {
            $0.vInit = Int32.min + 100; $0.bias = Int32.min
        }, ticks: 2, drive: [])
        #expect(down.v == [Int32.min, Int32.min])
    }
}
