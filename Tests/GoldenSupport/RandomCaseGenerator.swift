import TestSupport

/// Random networks with extreme parameters and weights, in the golden-case format, for
/// the property test. Every field is drawn from pools that mix ordinary values with the
/// limits of docs/SEMANTICS.md section 9, so saturation paths are exercised constantly.
struct RandomCaseGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    private mutating func extreme32() -> Int32 {
        rng.pick([Int32.min, Int32.min + 1, -65536, -1, 0, 1, 255, 4096, 65536,
                  Int32.max - 1, Int32.max, Int32.random(in: Int32.min...Int32.max, using: &rng),
                  Int32.random(in: -100_000...100_000, using: &rng)])
    }

    private mutating func threshold() -> Int32 {
        rng.chance(0.7) ? Int32(rng.int(1...200_000)) : extreme32()
    }

    private mutating func multiplier() -> Int32 {
        rng.pick([0, 1, 32768, 58982, 62259, 65535, 65536, Int32(rng.int(0...65536))])
    }

    private mutating func weight() -> Int8 {
        rng.chance(0.2) ? rng.pick([Int8.min, Int8.max, -1, 0, 1])
            : Int8.random(in: -128...127, using: &rng)
    }

    private mutating func weights(_ n: Int) -> [Int8] { (0..<n).map { _ in weight() } }

    mutating func population(size: Int, model: String) -> GoldenCase.Population {
        var p = GoldenCase.Population(size: size, model: model)
        guard model != "input" else { return p }
        p.threshold = threshold()
        p.beta = multiplier()
        p.alpha = multiplier()
        p.reset = rng.pick(["subtract", "zero", "none"])
        p.resetTiming = rng.pick(["delayed", "immediate"])
        p.vReset = rng.chance(0.6) ? 0 : extreme32()
        p.vInit = rng.chance(0.6) ? 0 : extreme32()
        p.refractory = rng.pick([0, 0, 1, 3, Int32(rng.int(0...65535))])
        p.bias = rng.chance(0.5) ? 0 : (rng.chance(0.5) ? Int32(rng.int(-5000...20000)) : extreme32())
        p.adaptInc = rng.chance(0.5) ? Int32(rng.int(0...50_000)) : extreme32()
        p.adaptDecay = multiplier()
        if model == "izh" {
            let limit = 1 << 20
            p.izhA = Int32(rng.chance(0.6) ? rng.pick([1311, 6554]) : rng.int(-limit...limit))
            p.izhB = Int32(rng.chance(0.6) ? rng.pick([13107, 16384]) : rng.int(-limit...limit))
            p.izhC = rng.chance(0.6) ? rng.pick([-16640, -14080, -12800]) : extreme32()
            p.izhD = rng.chance(0.6) ? rng.pick([2048, 1024, 512]) : extreme32()
            p.vPeak = rng.chance(0.7) ? 7680 : extreme32()
            p.vInit = rng.chance(0.6) ? -16640 : extreme32()
            if p.threshold == 0 { p.threshold = 1 }
        }
        return p
    }

    /// A conv projection from a source of `n` neurons, and the target size it implies.
    private mutating func conv(from source: Int, n: Int, target: Int) -> (GoldenCase.Projection, Int) {
        let channelChoices = (1...3).filter { n % $0 == 0 }
        let c = rng.pick(channelChoices)
        let rows = (1...(n / c)).filter { (n / c) % $0 == 0 }
        let h = rng.pick(rows)
        let w = n / c / h
        func axis(_ size: Int) -> (k: Int, s: Int, p: Int) {
            let k = rng.int(1...3), s = rng.int(1...2)
            var p = rng.int(0...(k - 1))
            if size + 2 * p < k { p = k - 1 }
            if size + 2 * p < k { return (1, s, 0) }
            return (k, s, p)
        }
        let y = axis(h), x = axis(w)
        let outC = rng.int(1...3)
        let outH = (h + 2 * y.p - y.k) / y.s + 1, outW = (w + 2 * x.p - x.k) / x.s + 1
        let geometry = GoldenCase.Conv(inH: h, inW: w, inC: c, outC: outC, kH: y.k, kW: x.k,
                                       strideH: y.s, strideW: x.s, padH: y.p, padW: x.p)
        let projection = GoldenCase.Projection(
            source: source, target: target, kind: "conv2d", delay: 0, shift: 0,
            weights: weights(y.k * x.k * c * outC), conv: geometry)
        return (projection, outH * outW * outC)
    }

    private mutating func connect(_ source: Int, _ nSrc: Int, _ target: Int, _ nTgt: Int)
        -> GoldenCase.Projection
    {
        var kinds = ["dense", "sparse"]
        if nSrc == nTgt { kinds.append("one_to_one") }
        let kind = rng.pick(kinds)
        var p = GoldenCase.Projection(source: source, target: target, kind: kind, delay: 0,
                                      shift: 0, weights: [])
        switch kind {
        case "dense":
            p.weights = weights(nSrc * nTgt)
        case "one_to_one":
            p.weights = weights(nSrc)
        default:
            var rowPtr: [UInt32] = [0]
            for _ in 0..<nSrc {
                for c in 0..<nTgt where rng.chance(0.4) {
                    p.col.append(UInt16(c))
                    p.weights.append(weight())
                }
                rowPtr.append(UInt32(p.col.count))
            }
            p.rowPtr = rowPtr
        }
        return p
    }

    /// A whole random network (no inputs yet).
    mutating func network(name: String) -> GoldenCase {
        let models = ["lif", "cuba", "if", "li", "alif", "izh"]
        var pops = [population(size: rng.int(1...12), model: "input")]
        var projections: [GoldenCase.Projection] = []
        let count = rng.int(2...5)
        for k in 1..<count {
            let model = rng.chance(0.15) ? "input" : rng.pick(models)
            if model == "input" {
                pops.append(population(size: rng.int(1...10), model: "input"))
                continue
            }
            let source = rng.int(0...(k - 1))
            var size = rng.int(1...12)
            var main: GoldenCase.Projection
            if rng.chance(0.25) {
                (main, size) = conv(from: source, n: pops[source].size, target: k)
            } else {
                main = connect(source, pops[source].size, k, size)
            }
            main.delay = rng.chance(0.7) ? 0 : rng.int(1...6)
            main.shift = rng.chance(0.2) ? rng.pick([0, 24]) : rng.int(4...14)
            pops.append(population(size: size, model: model))
            projections.append(main)
        }
        // Extra projections, recurrent and backwards ones with delays ≥ 1.
        for _ in 0..<rng.int(0...3) {
            let target = rng.int(1...(pops.count - 1))
            guard pops[target].model != "input" else { continue }
            let source = rng.int(0...(pops.count - 1))
            var p = connect(source, pops[source].size, target, pops[target].size)
            p.delay = source < target && rng.chance(0.5) ? 0 : rng.int(1...8)
            p.shift = rng.chance(0.2) ? rng.pick([0, 24]) : rng.int(4...14)
            projections.append(p)
        }
        var encoders: [GoldenCase.Encoder] = []
        for (i, p) in pops.enumerated() where p.model == "input" && rng.chance(0.6) {
            var kinds = ["rate", "latency"]
            if p.size % 2 == 0 { kinds.append("delta") }
            let kind = rng.pick(kinds)
            let param: Int32 = kind == "rate" ? 0
                : kind == "latency" ? rng.pick([1, 2, 16, 65535]) : rng.pick([1, 100, 20000])
            encoders.append(.init(population: i, kind: kind, param: param))
        }
        var decoders: [GoldenCase.Decoder] = []
        for (i, p) in pops.enumerated() where rng.chance(0.5) {
            var kinds = ["count", "first_spike"]
            if p.model != "input" { kinds.append("membrane") }
            decoders.append(.init(population: i, kind: rng.pick(kinds)))
        }
        return GoldenCase(name: name, ticks: 0, seed: "0x" + String(rng.next(), radix: 16),
                          populations: pops, projections: projections,
                          encoders: encoders, decoders: decoders)
    }

    /// Random injected spikes and encoder values for `ticks` ticks.
    mutating func inputs(for c: GoldenCase, ticks: Int) -> GoldenCase.Inputs {
        var inputs = GoldenCase.Inputs()
        let density = rng.pick([0.02, 0.2, 0.6])
        for t in 0..<ticks {
            for (i, p) in c.populations.enumerated() where p.model == "input" {
                for j in 0..<p.size where rng.chance(density) { inputs.spikes.append([t, i, j]) }
            }
            for (e, enc) in c.encoders.enumerated() where t == 0 || rng.chance(0.1) {
                let channels = enc.kind == "delta" ? c.populations[enc.population].size / 2
                    : c.populations[enc.population].size
                for k in 0..<channels where t == 0 || rng.chance(0.5) {
                    let v: Int64 = rng.chance(0.3) ? Int64(extreme32()) : Int64(rng.int(-1000...70000))
                    inputs.values.append([Int64(t), Int64(e), Int64(k), v])
                }
            }
        }
        return inputs
    }
}
