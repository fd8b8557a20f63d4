import TestSupport
import Testing
@testable import SpikeCore

/// The step's fast paths against the plain formulas of docs/SEMANTICS.md they replace:
/// each must give the same bits on every input it accepts, including the edges of the
/// ranges where it hands over to the general code. (The golden vectors run them too,
/// but rarely at those edges.)
@Suite("Fast paths equal the plain formulas")
struct FastPathTests {
    static let betas: [Int32] = [0, 1, 2, 32768, 62259, 65535, 65536]

    /// SEMANTICS.md 4.1 for one neuron of a plain LIF with delayed reset.
    static func plainLIF(_ v: Int32, _ current: Int32, _ spikedBefore: Bool, beta: Int32,
                         bias: Int32, reset: Int32) -> Int32 {
        FixedPoint.sat32(Int64(FixedPoint.decay(v, beta)) + Int64(current) + Int64(bias)
            - (spikedBefore ? Int64(reset) : 0))
    }

    @Test("32-bit LIF lanes give the 64-bit saturating sum inside their bound")
    func narrowLIF() {
        var rng = SplitMix64(seed: 11)
        let edge = Int32(Network.narrowLIFBound)
        let edges: [Int32] = [0, 1, -1, edge - 1, -edge, edge - 2, -edge + 1, 65535, -65536]
        for round in 0..<400 {
            let n = rng.int(1...70)
            let beta = rng.pick(Self.betas)
            let theta = Int32(rng.int(0...(1 << 20)))
            let bias = Int32(rng.int(-(1 << 20)...(1 << 20)))
            let reset = rng.chance(0.5) ? theta : 0
            var v = [Int32](repeating: 0, count: n), current = v
            var spiked = [UInt8](repeating: 0, count: n)
            for j in 0..<n {
                v[j] = round % 3 == 0 ? rng.pick(edges) : Int32(rng.int(-Int(edge) + 1...Int(edge) - 1))
                current[j] = round % 4 == 0 ? rng.pick(edges) : Int32(rng.int(-(1 << 24)...(1 << 24)))
                spiked[j] = rng.chance(0.5) ? 1 : 0
            }
            var expected = [Int32](repeating: 0, count: n)
            var activity: Int32 = 0
            for j in 0..<n {
                expected[j] = Self.plainLIF(v[j], current[j], spiked[j] != 0, beta: beta,
                                            bias: bias, reset: reset)
                activity |= expected[j]
            }
            let fits = Network.fitsNarrowLIF(v: &v, current: &current, n: n,
                                             bias: Int64(bias), reset: Int64(reset))
            #expect(fits)
            let got = Network.updatePlainLIFNarrow(v: &v, current: &current, spiked: &spiked, n: n,
                                                  theta: theta, beta: beta, bias: bias, reset: reset)
            #expect(v == expected)
            #expect(got == activity)
            #expect(current.allSatisfy { $0 == 0 })
            #expect(spiked == expected.map { $0 > theta ? 1 : 0 })
        }
    }

    @Test("the 32-bit LIF bound refuses every value it cannot hold")
    func narrowLIFBound() {
        let edge = Int32(Network.narrowLIFBound)
        for (value, fits) in [(edge - 1, true), (-edge, true), (edge, false), (-edge - 1, false),
                              (Int32.max, false), (Int32.min, false)] {
            var inV = [Int32](repeating: 5, count: 9), inCurrent = inV
            inV[7] = value
            #expect(Network.fitsNarrowLIF(v: &inV, current: &inCurrent, n: 9, bias: 0, reset: 0) == fits)
            var v = [Int32](repeating: 5, count: 9), current = v
            current[3] = value
            #expect(Network.fitsNarrowLIF(v: &v, current: &current, n: 9, bias: 0, reset: 0) == fits)
            #expect(Network.fitsNarrowLIF(v: &v, current: &current, n: 3, bias: Int64(value),
                                          reset: 0) == fits)
        }
        var v = [Int32](repeating: 0, count: 4), current = v
        // bias − reset out of range although both are inside.
        #expect(!Network.fitsNarrowLIF(v: &v, current: &current, n: 4, bias: -(1 << 28),
                                       reset: 1 << 29 - 1))
    }

    @Test("the 64-bit plain LIF saturates exactly")
    func wideLIF() {
        var rng = SplitMix64(seed: 12)
        let values: [Int32] = [Int32.max, Int32.min, Int32.max - 1, Int32.min + 1, 0, 1 << 29, -(1 << 29)]
        for _ in 0..<200 {
            let n = rng.int(1...40)
            var spec = PopulationSpec(size: n, model: .lif)
            spec.beta = rng.pick(Self.betas)
            spec.threshold = Int32(rng.int(0...Int(Int32.max)))
            spec.bias = rng.pick(values)
            spec.reset = rng.chance(0.5) ? .subtract : .none
            var v = (0..<n).map { _ in rng.pick(values) }
            var current = (0..<n).map { _ in rng.pick(values) }
            var spiked = (0..<n).map { _ in UInt8(rng.chance(0.5) ? 1 : 0) }
            let reset = spec.reset == .subtract ? spec.threshold : 0
            let expected = (0..<n).map {
                Self.plainLIF(v[$0], current[$0], spiked[$0] != 0, beta: spec.beta,
                              bias: spec.bias, reset: reset)
            }
            _ = Network.updatePlainLIF(v: &v, current: &current, spiked: &spiked, n: n, spec: spec)
            #expect(v == expected)
            #expect(spiked == expected.map { $0 > spec.threshold ? 1 : 0 })
        }
    }

    @Test("the 32-bit current shift saturates like sat32(c·2^s)")
    func shiftSaturating() {
        var rng = SplitMix64(seed: 13)
        for s in 0...NetworkLimits.maxShift {
            let high = Int32.max >> Int32(s), low = Int32.min >> Int32(s)
            var x: [Int32] = [0, 1, -1, high, high + (s > 0 ? 1 : 0), low, low - (s > 0 ? 1 : 0),
                              Int32.max, Int32.min]
            for _ in 0..<40 { x.append(Int32.random(in: Int32.min...Int32.max, using: &rng)) }
            let expected = x.map { FixedPoint.sat32(Int64($0) << Int64(s)) }
            Network.shiftSaturating(&x, x.count, shift: s)
            #expect(x == expected, "shift \(s)")
        }
    }

    @Test("flag words list, latch and visit exactly the set flags")
    func flagWords() {
        var rng = SplitMix64(seed: 14)
        for n in 0...70 {
            for density in [0.0, 0.1, 0.5, 0.9, 1.0] {
                let flags = (0..<n).map { _ in UInt8(rng.chance(density) ? 1 : 0) }
                let expected = (0..<n).filter { flags[$0] != 0 }.map { UInt16($0) }
                var list = [UInt16](repeating: 0xFFFF, count: max(n, 1))
                let count = FlagWords.list(flags, n, into: &list)
                #expect(Array(list[0..<count]) == expected)
                var visited: [UInt16] = []
                FlagWords.forEach(flags, n) { visited.append(UInt16($0)) }
                #expect(visited == expected)
                var pending = flags
                var spiked = [UInt8](repeating: 7, count: n)
                var latched = [UInt16](repeating: 0xFFFF, count: max(n, 1))
                let latchedCount = FlagWords.latch(&pending, into: &spiked, n, list: &latched)
                #expect(Array(latched[0..<latchedCount]) == expected)
                #expect(spiked == flags)
                #expect(pending.allSatisfy { $0 == 0 })
            }
        }
    }

    @Test("a weight step is clamp(w + c, lo, hi), short rows leave their neighbours alone")
    func addClamped() {
        var rng = SplitMix64(seed: 16)
        for _ in 0..<3000 {
            let n = rng.int(1...40)
            let room = n + rng.int(0...20)
            let lo = Int16(rng.pick([-128, -127, -64, 0, 5])), hi = Int16(rng.pick([127, 126, 64, 10]))
            let c = Int16(rng.pick([-256, -255, -129, -128, -1, 1, 2, 127, 128, 255, 256]))
            let before = (0..<room).map { _ in Int8(truncatingIfNeeded: rng.int(-128...127)) }
            var after = before
            Network.addClamped(&after, n, c, lo, hi, room: room)
            let expected = (0..<room).map { j -> Int8 in
                guard j < n else { return before[j] }
                let sum = Int16(before[j]) + c
                return Int8(sum < lo ? lo : (sum > hi ? hi : sum))
            }
            #expect(after == expected, "n \(n), room \(room), c \(c), bounds \(lo)...\(hi)")
        }
    }

    @Test("one spike sets nearest traces, every neuron or a few")
    func nearestTraces() {
        for size in [1, 7, 8, 33] {
            for fired in [[UInt16](), [0], Array(0..<UInt16(size))] where fired.count <= size {
                var traces = [Int32](repeating: 100, count: size)
                fired.withUnsafeBufferPointer { Network.addSpikes(&traces, size, $0, nearest: true) }
                #expect(traces == (0..<size).map { fired.contains(UInt16($0)) ? 65536 : 100 })
            }
        }
    }

    @Test("narrow rows (1 to 16 targets) add up like one row at a time")
    func narrowRows() {
        var rng = SplitMix64(seed: 15)
        for round in 0..<300 {
            let n = rng.int(1...16)
            let sources = rng.int(1...700)
            let weights = (0..<(sources * n)).map { _ in Int8(truncatingIfNeeded: rng.int(-128...127)) }
            // Every source (a busy layer, blocks of consecutive rows), or a random subset.
            let all = round % 3 == 0
            let spikes = (0..<sources).filter { _ in all || rng.chance(0.3) }.map { UInt16($0) }
            var expected = (0..<n).map { _ in Int32(rng.int(-1000...1000)) }
            var acc = expected
            for i in spikes {
                for j in 0..<n { expected[j] = expected[j] &+ Int32(weights[Int(i) * n + j]) }
            }
            var w = weights
            let events = Network.deliverNarrow(spikes, spikes.count, &w, n, sources, &acc)
            #expect(acc == expected, "n \(n), sources \(sources), \(spikes.count) spikes")
            #expect(events == spikes.count * n)
        }
    }
}
