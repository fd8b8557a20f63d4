import SpikeCore

/// Parsers of the map elements of docs/model.cddl. Each checks types, ranges,
/// duplicate, unknown and missing keys of its own map; cross-references (indices,
/// shapes that depend on population sizes) are checked by `ModelValidator`.
enum ModelElements {
    /// `population` at nesting depth `depth`.
    static func population(_ r: inout CBORReader, depth: Int) throws(ModelError)
        -> (spec: PopulationSpec, name: TextRef?)
    {
        let m = try r.map("population")
        var p = PopulationSpec(size: 1, model: .input)
        var name: TextRef? = nil
        var seen: UInt64 = 0
        let q16 = SchemaBounds.unit
        let ab = SchemaBounds.izhikevichAB
        for _ in 0..<m.count {
            guard let k = try r.key("population", maxKey: 18, seen: &seen, depth: depth &+ 1)
            else { continue }
            switch k {
            case 0: p.size = try r.small("size", 1, SchemaBounds.populationSize)
            case 1: p.model = NeuronModel(rawValue: UInt8(truncatingIfNeeded: try r.uint("model", 0, 6))) ?? .input
            case 2: p.threshold = try r.int32("threshold")
            case 3: p.beta = Int32(truncatingIfNeeded: try r.uint("beta", 0, q16))
            case 4: p.alpha = Int32(truncatingIfNeeded: try r.uint("alpha", 0, q16))
            case 5: p.reset = ResetMode(rawValue: UInt8(truncatingIfNeeded: try r.uint("reset", 0, 2))) ?? .subtract
            case 6:
                p.resetTiming = ResetTiming(
                    rawValue: UInt8(truncatingIfNeeded: try r.uint("reset_timing", 0, 1))) ?? .delayed
            case 7: p.vReset = try r.int32("v_reset")
            case 8: p.vInit = try r.int32("v_init")
            case 9: p.refractory = Int32(truncatingIfNeeded: try r.uint("refractory", 0, SchemaBounds.refractory))
            case 10: p.bias = try r.int32("bias")
            case 11: p.adaptIncrement = try r.int32("adapt_inc")
            case 12: p.adaptDecay = Int32(truncatingIfNeeded: try r.uint("adapt_decay", 0, q16))
            case 13: p.izhA = Int32(truncatingIfNeeded: try r.int("izh_a", 0 &- ab, ab))
            case 14: p.izhB = Int32(truncatingIfNeeded: try r.int("izh_b", 0 &- ab, ab))
            case 15: p.izhC = try r.int32("izh_c")
            case 16: p.izhD = try r.int32("izh_d")
            case 17: p.vPeak = try r.int32("v_peak")
            default: name = try r.text("name")
            }
        }
        try require(seen, 0, at: m.offset, "size")
        try require(seen, 1, at: m.offset, "model")
        return (p, name)
    }

    /// `projection` at nesting depth `depth`.
    static func projection(_ r: inout CBORReader, depth: Int) throws(ModelError) -> ProjectionRecord {
        let m = try r.map("projection")
        var q = ProjectionRecord()
        q.offset = m.offset
        var seen: UInt64 = 0
        for _ in 0..<m.count {
            guard let k = try r.key("projection", maxKey: 10, seen: &seen, depth: depth &+ 1)
            else { continue }
            switch k {
            case 0: q.source = try r.small("source", 0, SchemaBounds.populationIndex)
            case 1: q.target = try r.small("target", 0, SchemaBounds.populationIndex)
            case 2: q.kind = ProjectionKind(rawValue: UInt8(truncatingIfNeeded: try r.uint("kind", 0, 3))) ?? .dense
            case 3: q.delay = try r.small("delay", 0, SchemaBounds.delay)
            case 4: q.shift = try r.small("shift", 0, SchemaBounds.shift)
            case 5: q.weights = try r.tensor("weights", tag: 72, elementSize: 1)
            case 6: q.rowPointers = try r.tensor("row_ptr", tag: 70, elementSize: 4)
            case 7: q.columns = try r.tensor("col", tag: 69, elementSize: 2)
            case 8: q.conv = try convGeometry(&r)
            case 9: q.plastic = try r.bool("plastic")
            default: q.name = try r.text("name")
            }
        }
        try require(seen, 0, at: m.offset, "source")
        try require(seen, 1, at: m.offset, "target")
        try require(seen, 2, at: m.offset, "kind")
        try require(seen, 5, at: m.offset, "weights")
        if q.kind == .sparse {
            try require(seen, 6, at: m.offset, "row_ptr")
            try require(seen, 7, at: m.offset, "col")
        } else if let extra = q.rowPointers ?? q.columns {
            throw ModelError(.badShape, offset: extra.offset, field: "row_ptr")
        }
        if q.kind == .conv2d {
            try require(seen, 8, at: m.offset, "conv")
        } else if seen & 0x100 != 0 {  // key 8 (conv) present
            throw ModelError(.badShape, offset: m.offset, field: "conv")
        }
        return q
    }

    /// `conv-geometry`: exactly ten unsigned integers.
    static func convGeometry(_ r: inout CBORReader) throws(ModelError) -> Conv2DGeometry {
        let a = try r.array("conv", 0, UInt64.max)
        guard a.count == 10 else { throw ModelError(.badShape, offset: a.offset, field: "conv") }
        var g = Conv2DGeometry()
        g.inHeight = try r.small("in_h", 1, SchemaBounds.populationSize)
        g.inWidth = try r.small("in_w", 1, SchemaBounds.populationSize)
        g.inChannels = try r.small("in_c", 1, SchemaBounds.populationSize)
        g.outChannels = try r.small("out_c", 1, SchemaBounds.populationSize)
        g.kernelHeight = try r.small("k_h", 1, SchemaBounds.populationSize)
        g.kernelWidth = try r.small("k_w", 1, SchemaBounds.populationSize)
        g.strideY = try r.small("stride_h", 1, SchemaBounds.populationSize)
        g.strideX = try r.small("stride_w", 1, SchemaBounds.populationSize)
        g.padY = try r.small("pad_h", 0, SchemaBounds.populationSize)
        g.padX = try r.small("pad_w", 0, SchemaBounds.populationSize)
        return g
    }

    /// `plasticity` at nesting depth `depth`. A projection index beyond any possible
    /// projection is kept as `NetworkLimits.maxProjections`, which the cross-check refuses like any index that is
    /// out of range (`invalidPlasticity`, as SpikeCore's validation names it).
    static func plasticity(_ r: inout CBORReader, depth: Int) throws(ModelError) -> PlasticitySpec {
        let m = try r.map("plasticity")
        var p = PlasticitySpec(projection: 0, rule: .stdpNearest)
        var seen: UInt64 = 0
        let q16 = SchemaBounds.unit
        let amplitude = SchemaBounds.amplitude
        for _ in 0..<m.count {
            guard let k = try r.key("plasticity", maxKey: 12, seen: &seen, depth: depth &+ 1)
            else { continue }
            switch k {
            case 0:
                let j = try r.uint("projection")
                let cap = SchemaBounds.projectionIndexCap
                p.projection = j > SchemaBounds.projections ? cap : Int(truncatingIfNeeded: j)
            case 1:
                p.rule = PlasticityRule(rawValue: UInt8(truncatingIfNeeded: try r.uint("rule", 0, 3))) ?? .stdpNearest
            case 2: p.aPlus = Int32(truncatingIfNeeded: try r.uint("a_plus", 0, amplitude))
            case 3: p.aMinus = Int32(truncatingIfNeeded: try r.uint("a_minus", 0, amplitude))
            case 4: p.decayPre = Int32(truncatingIfNeeded: try r.uint("decay_pre", 0, q16))
            case 5: p.decayPost = Int32(truncatingIfNeeded: try r.uint("decay_post", 0, q16))
            case 6: p.wMin = Int32(truncatingIfNeeded: try r.int("w_min", -128, 127))
            case 7: p.wMax = Int32(truncatingIfNeeded: try r.int("w_max", -128, 127))
            case 8: p.learningRate = Int32(truncatingIfNeeded: try r.uint("learning_rate", 0, amplitude))
            case 9: p.decayEligibility = Int32(truncatingIfNeeded: try r.uint("decay_elig", 0, q16))
            case 10:
                p.bounds = WeightBounds(rawValue: UInt8(truncatingIfNeeded: try r.uint("bounds", 0, 1))) ?? .hard
            case 11: p.normTarget = Int32(truncatingIfNeeded: try r.uint("norm_target", 0, SchemaBounds.normTarget))
            default: p.enabled = try r.bool("enabled")
            }
        }
        try require(seen, 0, at: m.offset, "projection")
        try require(seen, 1, at: m.offset, "rule")
        return p
    }

    /// The body's `power` map at nesting depth `depth`; also the offset of the mode's
    /// value (the map's when absent), where a mode the network cannot take is reported.
    static func power(_ r: inout CBORReader, depth: Int) throws(ModelError)
        -> (settings: PowerSettings, modeOffset: Int)
    {
        let m = try r.map("power")
        var s = PowerSettings()
        var modeOffset = m.offset
        var seen: UInt64 = 0
        for _ in 0..<m.count {
            guard let k = try r.key("power", maxKey: 2, seen: &seen, depth: depth &+ 1)
            else { continue }
            switch k {
            case 0:
                modeOffset = r.offset
                s.mode = PowerMode(rawValue: UInt8(truncatingIfNeeded: try r.uint("power_mode", 0, 2))) ?? .normal
            case 1: s.fold = try r.small("fold", 2, SchemaBounds.fold)
            default: s.thresholdScale = Int32(truncatingIfNeeded: try r.uint("threshold_scale", 1, SchemaBounds.thresholdScale))
            }
        }
        return (s, modeOffset)
    }

    static func encoder(_ r: inout CBORReader, depth: Int) throws(ModelError)
        -> (spec: EncoderSpec, name: TextRef?)
    {
        let m = try r.map("encoder")
        var e = EncoderSpec(population: 0, kind: .rate)
        var name: TextRef? = nil
        var seen: UInt64 = 0
        for _ in 0..<m.count {
            guard let k = try r.key("encoder", maxKey: 3, seen: &seen, depth: depth &+ 1)
            else { continue }
            switch k {
            case 0: e.population = try r.small("population", 0, SchemaBounds.populationIndex)
            case 1: e.kind = EncoderKind(rawValue: UInt8(truncatingIfNeeded: try r.uint("kind", 0, 2))) ?? .rate
            case 2: e.parameter = try r.int32("parameter")
            default: name = try r.text("name")
            }
        }
        try require(seen, 0, at: m.offset, "population")
        try require(seen, 1, at: m.offset, "kind")
        return (e, name)
    }

    static func decoder(_ r: inout CBORReader, depth: Int) throws(ModelError)
        -> (spec: DecoderSpec, name: TextRef?)
    {
        let m = try r.map("decoder")
        var d = DecoderSpec(population: 0, kind: .count)
        var name: TextRef? = nil
        var seen: UInt64 = 0
        for _ in 0..<m.count {
            guard let k = try r.key("decoder", maxKey: 2, seen: &seen, depth: depth &+ 1)
            else { continue }
            switch k {
            case 0: d.population = try r.small("population", 0, SchemaBounds.populationIndex)
            case 1: d.kind = DecoderKind(rawValue: UInt8(truncatingIfNeeded: try r.uint("kind", 0, 2))) ?? .count
            default: name = try r.text("name")
            }
        }
        try require(seen, 0, at: m.offset, "population")
        try require(seen, 1, at: m.offset, "kind")
        return (d, name)
    }
}
