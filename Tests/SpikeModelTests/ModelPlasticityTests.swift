import TestSupport
import Foundation
import SpikeCore
import Testing
@testable import SpikeModel
@testable import GoldenSupport

/// Learning rules (body key 6), the power map (body key 8) and their checkpoint state
/// (state keys 6 and 7): loaded as written, sized exactly, refused field by field, and
/// checkpoints of a learning network that continue bit for bit.
@Suite("Model plasticity and power")
struct ModelPlasticityTests {
    typealias C = ModelCBOR

    // MARK: a hand-written blob with every rule kind, both bounds and power settings

    /// input(4) → A(3) DENSE, input → B(4) ONE_TO_ONE, A → C(3) SPARSE, input → C DENSE;
    /// one rule of each kind on them, the low-power mode with fold 4 and scale 1.5.
    static let allRules: (bytes: [UInt8], marks: [Int]) = {
        let pops: [C] = [
            .m([(.u(0), .u(4)), (.u(1), .u(0))]),
            C.population(size: .u(3), extra: [(.u(3), .u(60000))]),
            C.population(size: .u(4), model: .u(5)),
            C.population(size: .u(3), model: .u(3)),
        ]
        let dense12 = C.tag(72, (0..<12).map { UInt8(bitPattern: Int8($0 * 7 - 30)) })
        let projections: [C] = [
            .m([(.u(0), .u(0)), (.u(1), .u(1)), (.u(2), .u(0)), (.u(4), .u(6)), (.u(5), dense12)]),
            .m([(.u(0), .u(0)), (.u(1), .u(2)), (.u(2), .u(2)), (.u(5), .tag(72, [40, 50, 60, 70]))]),
            .m([(.u(0), .u(1)), (.u(1), .u(3)), (.u(2), .u(1)), (.u(3), .u(2)),
                (.u(5), .tag(72, [90, 91, 92])),
                (.u(6), .tag(70, [0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])),
                (.u(7), .tag(69, [2, 0, 0, 0, 1, 0]))]),
            .m([(.u(0), .u(0)), (.u(1), .u(3)), (.u(2), .u(0)), (.u(5), dense12), (.u(9), C.bool(true))]),
        ]
        let rules: [C] = [
            .m([(.u(0), .u(0)), (.u(1), .u(0)), (.u(2), .u(200_000)), (.u(3), .u(150_000)),
                (.u(4), .u(60000)), (.u(5), .u(58000)), (.u(6), .i(-50)), (.u(7), .i(90)),
                (.u(10), .u(0)), (.u(11), .u(500)), (.u(12), C.bool(true))]),
            .m([(.u(1), .u(1)), (.u(0), .u(1)), (.u(10), .u(1)), (.u(2), .u(16_777_216)),
                (.u(3), .u(0)), (.u(4), .u(65536)), (.u(5), .u(1)), (.u(6), .i(-128)), (.u(7), .i(127))]),
            .m([(.u(0), .u(2)), (.u(1), .u(2)), (.u(8), .u(30000)), (.u(9), .u(64000)),
                (.u(2), .u(1000)), (.u(3), .u(2000)), (.u(6), .i(0)), (.u(7), .i(0))]),
            .m([(.u(0), .u(3)), (.u(1), .u(3)), (.u(10), .u(1)), (.u(12), C.bool(false)),
                (.i(-1), .a([.f64, .t("extension")])), (.u(8), .u(16_777_216)), (.u(9), .u(65536))]),
        ]
        let power = C.m([(.u(0), .u(1)), (.u(1), .u(4)), (.u(2), .u(98304))])
        return C.blob(C.body(populations: pops, projections: projections,
                             extra: [(.u(6), .a(rules)), (.u(8), power)]))
    }()

    static var allRulesExpected: [PlasticitySpec] {
        var r0 = PlasticitySpec(projection: 0, rule: .stdpNearest)
        (r0.aPlus, r0.aMinus, r0.decayPre, r0.decayPost) = (200_000, 150_000, 60000, 58000)
        (r0.wMin, r0.wMax, r0.normTarget) = (-50, 90, 500)
        var r1 = PlasticitySpec(projection: 1, rule: .stdpAllToAll)
        (r1.bounds, r1.aPlus, r1.decayPre, r1.decayPost) = (.soft, 16_777_216, 65536, 1)
        var r2 = PlasticitySpec(projection: 2, rule: .rewardNearest)
        (r2.learningRate, r2.decayEligibility, r2.aPlus, r2.aMinus, r2.wMin, r2.wMax) =
            (30000, 64000, 1000, 2000, 0, 0)
        var r3 = PlasticitySpec(projection: 3, rule: .rewardAllToAll)
        (r3.bounds, r3.enabled, r3.learningRate, r3.decayEligibility) = (.soft, false, 16_777_216, 65536)
        return [r0, r1, r2, r3]
    }

    @Test("rules of all four kinds, both bounds and power settings load as written")
    func allRulesLoad() throws {
        for options in [ModelLoadOptions.inPlace, .copy] {
            let t = try TestModel(Self.allRules.bytes, options: options)
            let specs = try t.net { net in try (0..<net.plasticityCount).map { try net.plasticitySpec($0) } }
            #expect(specs == Self.allRulesExpected)
            let power = t.net { $0.power }
            #expect(power == PowerSettings(mode: .low, fold: 4, thresholdScale: 98304))
            for j in 0..<4 {
                let index = t.net { $0.plasticityIndex(projection: j) }
                #expect(index == j)
                let plastic = t.model.metadata.isPlastic(j)
                #expect(plastic, "projection \(j) has a rule: plastic")
                // The network's own copy, even in place.
                let w = try t.net { try $0.projectionSpec(j).weights }
                let at = UnsafeRawPointer(w.baseAddress!), arena = UnsafeRawBufferPointer(t.arena)
                #expect(at >= arena.baseAddress! && at < arena.baseAddress! + arena.count)
            }
            // A checkpoint writes the same rules and power back; so does its reload.
            t.net { $0.step(count: 7) }
            let cp = try t.checkpoint()
            let again = try TestModel(cp, options: options)
            let specs2 = try again.net { net in try (0..<net.plasticityCount).map { try net.plasticitySpec($0) } }
            #expect(specs2 == Self.allRulesExpected)
            #expect(again.net { $0.power } == power)
            #expect(try again.checkpoint() == cp)
        }
    }

    @Test("the size query equals what building takes, with rules")
    func sizing() throws {
        try ArenaSizeTests.expectExactSize(Self.allRules.bytes, label: "all rules")
        let t = try Self.learningNetwork()
        try ArenaSizeTests.expectExactSize(try ModelBlobs.write(t.net, includeState: false),
                                           label: "learning network")
        // Also against a network built directly (its tensors in place but the learning
        // rules' weights, which the network always copies).
        let direct = try Self.learningNetwork(tensorsInPlace: true)
        let bytes = try ModelBlobs.write(t.net, includeState: false)
        let measured = try bytes.withUnsafeBytes { try ModelValidator.plan($0, .inPlace).network }
        #expect(measured == direct.arenaBytes)
    }

    // MARK: a learning network built in the test, checkpointed mid-run

    static func learningNetwork(tensorsInPlace: Bool = false) throws -> TestNetwork {
        var lif = PopulationSpec(size: 5, model: .lif)
        (lif.threshold, lif.beta) = (3000, 60000)
        var alif = PopulationSpec(size: 4, model: .adaptiveLIF)
        (alif.threshold, alif.beta, alif.adaptIncrement, alif.adaptDecay) = (2500, 62000, 300, 60000)
        var cuba = PopulationSpec(size: 5, model: .cuba)
        (cuba.threshold, cuba.beta, cuba.alpha) = (2000, 61000, 50000)
        var out = PopulationSpec(size: 4, model: .lif)
        (out.threshold, out.beta, out.refractory) = (2200, 63000, 2)
        let pops = [PopulationSpec(size: 6, model: .input), lif, alif, cuba, out]
        func proj(_ s: Int, _ t: Int, _ kind: ProjectionKind, delay: Int = 0, shift: Int = 5) -> ProjectionSpec {
            var p = ProjectionSpec(source: s, target: t, kind: kind, weights: .init(start: nil, count: 0))
            (p.delay, p.shift) = (delay, shift)
            return p
        }
        var rng = SplitMix64(seed: 42)
        func weights(_ n: Int) -> [Int8] { (0..<n).map { _ in Int8(rng.int(-10...90)) } }
        let projections = [proj(0, 1, .dense), proj(0, 2, .sparse, delay: 1), proj(1, 3, .oneToOne),
                           proj(1, 4, .dense, delay: 2), proj(0, 3, .dense), proj(3, 4, .dense, delay: 1)]
        let tensors: [TestNetwork.Tensors] = [
            .init(weights: weights(30)),
            .init(weights: weights(9), rowPointers: [0, 2, 3, 5, 6, 8, 9], columns: [0, 3, 1, 0, 2, 3, 1, 2, 0]),
            .init(weights: weights(5)),
            .init(weights: weights(20)),
            .init(weights: weights(30)),
            .init(weights: weights(20)),
        ]
        var r0 = PlasticitySpec(projection: 0, rule: .stdpNearest)
        (r0.aPlus, r0.aMinus, r0.decayPre, r0.decayPost, r0.wMin, r0.wMax, r0.normTarget) =
            (300_000, 250_000, 60000, 58000, -20, 100, 260)
        var r1 = PlasticitySpec(projection: 1, rule: .stdpAllToAll)
        (r1.aPlus, r1.aMinus, r1.decayPre, r1.decayPost, r1.bounds) = (400_000, 300_000, 55000, 57000, .soft)
        var r2 = PlasticitySpec(projection: 2, rule: .rewardNearest)
        (r2.aPlus, r2.aMinus, r2.decayPre, r2.decayPost, r2.learningRate, r2.decayEligibility) =
            (500_000, 400_000, 60000, 60000, 40000, 64000)
        var r3 = PlasticitySpec(projection: 3, rule: .rewardAllToAll)
        (r3.aPlus, r3.aMinus, r3.decayPre, r3.decayPost, r3.learningRate, r3.decayEligibility, r3.bounds) =
            (450_000, 350_000, 59000, 59000, 50000, 63000, .soft)
        (r3.wMin, r3.wMax) = (-30, 110)
        return try TestNetwork(populations: pops, projections: projections, tensors: tensors,
                               plasticity: [r0, r1, r2, r3], seed: 0xC0FFEE,
                               tensorsInPlace: tensorsInPlace)
    }

    /// The inputs and run-time calls of step `step` (a pure function of it).
    static func drive(_ net: inout Network, step: Int) throws {
        var rng = SplitMix64(seed: UInt64(step) &* 0x9E37)
        for j in 0..<6 where rng.chance(0.35) { try net.injectSpike(population: 0, neuron: j) }
        if step % 9 == 4 { try net.reward(step % 2 == 0 ? 40000 : -25000) }
        switch step {
        case 70: try net.setLearning(rule: 1, enabled: true)
        case 90: try net.setPower(PowerSettings(mode: .normal, fold: 3, thresholdScale: 98304))
        case 100: try net.setPlasticityParameter(rule: 0, .wMax, to: 80)
        default: break
        }
    }

    /// What a network shows of itself after a step: spikes, weights, traces, counters.
    static func observe(_ net: borrowing Network) throws -> [String] {
        var out: [String] = []
        for p in 0..<net.populationCount { out.append("s\(p) \(Array(try net.spikes(population: p)))") }
        for j in 0..<net.projectionCount { out.append("w\(j) \(Array(try net.projectionSpec(j).weights))") }
        for r in 0..<net.plasticityCount {
            let s = try net.plasticityState(r)
            out.append("x\(r) \(s.pre.map(Array.init) ?? []) y \(s.post.map(Array.init) ?? [])")
            out.append("e\(r) \(s.eligibility.map(Array.init) ?? []) σ \(s.stamps.map(Array.init) ?? [])")
        }
        out.append("counters \(net.counters) tick \(net.tick) hash \(net.stateHash())")
        return out
    }

    @Test("a checkpoint of a learning network continues bit for bit")
    func learningCheckpoint() throws {
        let original = try Self.learningNetwork()
        for step in 0..<60 { try Self.drive(&original.net, step: step); original.net.step() }
        // Changed at run time: parameters, a switch, the power mode.
        try original.net.setPlasticityParameter(rule: 0, .aPlus, to: 350_000)
        try original.net.setPlasticityParameter(rule: 3, .decayEligibility, to: 60000)
        try original.net.setPlasticityParameter(rule: 2, .bounds, to: 1)
        try original.net.setLearning(rule: 1, enabled: false)
        try original.net.setPower(PowerSettings(mode: .low, fold: 3, thresholdScale: 98304))
        for step in 60..<66 { try Self.drive(&original.net, step: step); original.net.step() }
        let counters = original.net.counters
        #expect(counters.plasticityUpdates > 0 && counters.inputSpikes > 0)
        // Learning has happened: every rule's weights moved, eligibility is live.
        let initial = try Self.learningNetwork()
        for j in 0..<4 {
            #expect(Array(try original.net.projectionSpec(j).weights) != Array(try initial.net.projectionSpec(j).weights),
                    "projection \(j) never learned")
        }
        #expect(try original.net.plasticityState(2).eligibility!.contains { $0 != 0 })
        #expect(try original.net.plasticityState(3).eligibility!.contains { $0 != 0 })
        let checkpoint = try ModelBlobs.write(original.net, includeState: true)
        let before = try Self.observe(original.net)

        for options in [ModelLoadOptions.inPlace, .copy] {
            let resumed = try TestModel(checkpoint, options: options)
            let restored = resumed.model.restoredState
            #expect(restored)
            #expect(try resumed.net { try Self.observe($0) } == before)
            #expect(resumed.net { $0.power } == original.net.power)
            for r in 0..<4 {
                #expect(try resumed.net { try $0.plasticitySpec(r) } == (try original.net.plasticitySpec(r)))
            }
            #expect(try resumed.checkpoint() == checkpoint, "re-checkpointing must give the same bytes")
        }
        // Run on, side by side, through rewards, a switch, a mode change and a parameter.
        let resumed = try TestModel(checkpoint, options: .inPlace)
        let copied = try TestModel(checkpoint, options: .copy)
        for step in 66..<130 {
            try Self.drive(&original.net, step: step)
            try resumed.net { try Self.drive(&$0, step: step) }
            try copied.net { try Self.drive(&$0, step: step) }
            original.net.step()
            resumed.net { $0.step() }
            copied.net { $0.step() }
            let want = try Self.observe(original.net)
            #expect(try resumed.net { try Self.observe($0) } == want, "step \(step)")
            #expect(try copied.net { try Self.observe($0) } == want, "step \(step) (copied)")
        }
        #expect(try resumed.checkpoint() == (try ModelBlobs.write(original.net, includeState: true)))
    }

    @Test("a checkpoint taken in the low-power mode restores the declared parameters")
    func lowPowerCheckpointKeepsDeclaredModel() throws {
        let t = try Self.learningNetwork()
        try t.net.setPower(PowerSettings(mode: .low, fold: 4, thresholdScale: 131072))
        for step in 0..<10 { try Self.drive(&t.net, step: step); t.net.step() }
        let resumed = try TestModel(try ModelBlobs.write(t.net, includeState: true))
        for i in 0..<t.net.populationCount {
            #expect(try resumed.net { try $0.populationSpec(i) } == (try t.net.populationSpec(i)))
        }
        #expect(try resumed.net { try $0.populationSpec(1).threshold } == 3000)
        #expect(try resumed.net { try $0.projectionSpec(3).delay } == 2)
    }

    // MARK: old checkpoints

    /// A checkpoint as the writer made it before learning: 3 counters.
    static func threeCounters(_ cp: [UInt8], _ c: NetworkCounters) throws -> [UInt8] {
        func uint(_ at: Int) -> (value: UInt64, length: Int)? {
            let head = cp[at]
            guard head >> 5 == 0 else { return nil }
            let info = Int(head & 31)
            let n = info < 24 ? 0 : info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : -1
            guard n >= 0, at + n < cp.count else { return nil }
            var v = info < 24 ? UInt64(info) : 0
            for k in 0..<n { v = v << 8 | UInt64(cp[at + 1 + k]) }
            return (v, n + 1)
        }
        let want = [c.synapticEvents, c.neuronUpdates, c.spikes, c.inputSpikes, c.skippedTicks, c.plasticityUpdates]
        for at in 0..<(cp.count - 8) where cp[at] == 0x06 && cp[at + 1] == 0x86 {
            var items: [(UInt64, Int)] = [], p = at + 2
            while items.count < 6, p < cp.count, let u = uint(p) { items.append(u); p += u.length }
            guard items.map(\.0) == want else { continue }
            let three = items.prefix(3).reduce(0) { $0 + $1.1 }
            var out = Array(cp[..<at]) + [0x06, 0x83] + Array(cp[(at + 2)..<(at + 2 + three)])
                + Array(cp[p..<(cp.count - 5)])
            let crc = out.withUnsafeBytes { CRC32.checksum($0) }
            out += [0x1A, UInt8(crc >> 24), UInt8((crc >> 16) & 255), UInt8((crc >> 8) & 255), UInt8(crc & 255)]
            return out
        }
        throw ModelError(.badShape, offset: 0, field: "counters not found")
    }

    @Test("old checkpoints with 3 counters still load")
    func oldCounters() throws {
        let t = try TestModel(C.blob(C.body()).bytes)
        try t.net { net in
            for tick in 0..<20 {
                for j in 0..<2 where (tick + j) % 3 != 0 { try net.injectSpike(population: 0, neuron: j) }
                net.step()
            }
        }
        let counters = t.net { $0.counters }
        let old = try Self.threeCounters(try t.checkpoint(), counters)
        let resumed = try TestModel(old)
        var want = NetworkCounters()
        (want.synapticEvents, want.neuronUpdates, want.spikes) = (counters.synapticEvents, counters.neuronUpdates, counters.spikes)
        #expect(resumed.net { $0.counters } == want)
        #expect(resumed.net { $0.stateHash() } == t.net { $0.stateHash() })
        t.net { $0.step(count: 20) }
        resumed.net { $0.step(count: 20) }
        #expect(resumed.net { $0.stateHash() } == t.net { $0.stateHash() })
    }

    // MARK: crafted state maps

    /// The small model of ModelCBOR (input 2 → LIF 2, dense) with one rule of `rule`.
    static func ruleBody(rule: UInt64 = 0, state: [(C, C)]? = nil, counters: C? = nil,
                         ruleStates: C? = nil) -> C {
        var extra: [(C, C)] = [(.u(6), .a([.m([(.u(0), .u(0)), (.u(1), .u(rule))])]))]
        if state != nil || counters != nil || ruleStates != nil {
            var s: [(C, C)] = [
                (.u(0), .u(10)),
                (.u(1), .tag(70, [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0])),
                (.u(2), .a([.m([(.u(3), .tag(64, [0, 0]))]),
                            .m([(.u(0), .tag(78, [UInt8](repeating: 0, count: 8))),
                                (.u(2), .tag(69, [0, 0, 0, 0])), (.u(3), .tag(64, [0, 0]))])])),
            ]
            if let counters { s.append((.u(6), counters)) }
            if let ruleStates { s.append((.u(7), ruleStates)) }
            s += state ?? []
            extra.append((.u(7), .m(s)))
        }
        return C.body(extra: extra)
    }

    static func i32(_ values: [Int32]) -> [UInt8] {
        values.flatMap { v in (0..<4).map { UInt8((UInt32(bitPattern: v) >> (8 * UInt32($0))) & 255) } }
    }

    @Test("rule state is restored, and traces count against quiescence after a restore")
    func ruleStateRestored() throws {
        let stdp = C.m([(.u(0), .tag(78, Self.i32([65536, 0]))), (.u(1), .tag(78, Self.i32([0, 1234])))])
        let t = try TestModel(C.blob(Self.ruleBody(ruleStates: .a([stdp]))).bytes)
        let s = try t.net { try $0.plasticityState(0) }
        #expect(Array(s.pre!) == [65536, 0])
        #expect(Array(s.post!) == [0, 1234])
        #expect(!t.net { $0.isQuiescent }, "a live trace keeps the network from being quiescent")
        let zero = C.m([(.u(0), .tag(78, Self.i32([0, 0]))), (.u(1), .tag(78, Self.i32([0, 0])))])
        let q = try TestModel(C.blob(Self.ruleBody(ruleStates: .a([zero]))).bytes)
        #expect(q.net { $0.isQuiescent })

        let reward = C.m([(.u(0), .tag(78, Self.i32([1, 2]))), (.u(1), .tag(78, Self.i32([3, 4]))),
                          (.u(2), .tag(78, Self.i32([-5, 6, 7, 8]))), (.u(3), .tag(70, Self.i32([9, 10, 11, 12])))])
        let r = try TestModel(C.blob(Self.ruleBody(rule: 3, ruleStates: .a([reward]))).bytes)
        let rs = try r.net { try $0.plasticityState(0) }
        #expect(Array(rs.eligibility!) == [-5, 6, 7, 8])
        #expect(Array(rs.stamps!) == [9, 10, 11, 12])
        #expect(try r.checkpoint() == (try TestModel(try r.checkpoint()).checkpoint()))
    }

    @Test("counters: 3 to 6 entries, the missing ones 0")
    func counterLengths() throws {
        let three = try TestModel(C.blob(Self.ruleBody(counters: .a([.u(5), .u(6), .u(7)]))).bytes)
        var want = NetworkCounters()
        (want.synapticEvents, want.neuronUpdates, want.spikes) = (5, 6, 7)
        #expect(three.net { $0.counters } == want)
        let six = try TestModel(C.blob(Self.ruleBody(counters: .a([.u(5), .u(6), .u(7), .u(8), .u(9), .u(10)]))).bytes)
        (want.inputSpikes, want.skippedTicks, want.plasticityUpdates) = (8, 9, 10)
        #expect(six.net { $0.counters } == want)
        let five = try TestModel(C.blob(Self.ruleBody(counters: .a([.u(5), .u(6), .u(7), .u(8), .u(9)]))).bytes)
        want.plasticityUpdates = 0
        #expect(five.net { $0.counters } == want)
        expectError(C.blob(Self.ruleBody(counters: .mark(.a([.u(1), .u(2)])))), .badShape, "counters")
        expectError(C.blob(Self.ruleBody(counters: .mark(.a((0..<7).map { .u($0) })))), .badShape, "counters")
        expectError(C.blob(Self.ruleBody(counters: .a([.u(1), .u(2), .u(3), .mark(.i(-1))]))),
                    .valueOutOfRange, "input_spikes")
        expectError(C.blob(Self.ruleBody(counters: .a([.u(1), .u(2), .u(3), .u(4), .u(5), .mark(.t("x"))]))),
                    .wrongType, "plasticity_updates")
    }

    @Test("bad rule state is refused with status, field and offset")
    func badRuleState() {
        let pre = C.tag(78, Self.i32([0, 0])), post = C.tag(78, Self.i32([0, 0]))
        let four = C.tag(78, Self.i32([0, 0, 0, 0])), stamps = C.tag(70, Self.i32([0, 0, 0, 0]))
        expectError(C.blob(Self.ruleBody(ruleStates: .mark(.a([])))), .badShape, "plasticity_states")
        expectError(C.blob(Self.ruleBody(ruleStates: .a([.m([(.u(0), .mark(.tag(78, Self.i32([0]))))
                                                             , (.u(1), post)])]))), .badShape, "pre")
        expectError(C.blob(Self.ruleBody(ruleStates: .a([.m([(.u(0), pre), (.u(1), .mark(four))])]))),
                    .badShape, "post")
        expectError(C.blob(Self.ruleBody(ruleStates: .a([.mark(.m([(.u(0), pre)]))]))), .missingField, "post")
        expectError(C.blob(Self.ruleBody(ruleStates: .a([.m([(.u(0), pre), (.u(1), .mark(.tag(70, Self.i32([0, 0]))))])]))),
                    .wrongType, "post")
        // STDP has no eligibility; R-STDP needs both eligibility and stamps of the synapse count.
        expectError(C.blob(Self.ruleBody(ruleStates: .a([.m([(.u(0), pre), (.u(1), post), (.u(2), .mark(four))])]))),
                    .badShape, "eligibility")
        expectError(C.blob(Self.ruleBody(rule: 2, ruleStates: .a([.mark(.m([(.u(0), pre), (.u(1), post),
                                                                            (.u(3), stamps)]))]))),
                    .missingField, "eligibility")
        expectError(C.blob(Self.ruleBody(rule: 2, ruleStates: .a([.m([(.u(0), pre), (.u(1), post), (.u(2), four),
                                                                     (.u(3), .mark(.tag(70, Self.i32([0, 0, 0]))))])]))),
                    .badShape, "stamps")
        expectError(C.blob(Self.ruleBody(rule: 2, ruleStates: .a([.m([(.u(0), pre), (.u(1), post), (.u(2), four),
                                                                     (.u(3), .mark(four))])]))),
                    .wrongType, "stamps")
        expectError(C.blob(Self.ruleBody(ruleStates: .a([.m([(.u(0), pre), (.u(1), post), (.mark(.u(4)), pre)])]))),
                    .unknownField, "plasticity_state")
        expectError(C.blob(Self.ruleBody(ruleStates: .a([.m([(.u(0), pre), (.u(1), post), (.mark(.u(0)), pre)])]))),
                    .duplicateField, "plasticity_state")
        expectError(C.blob(Self.ruleBody(ruleStates: .mark(.m([])))), .wrongType, "plasticity_states")
        expectError(C.blob(Self.ruleBody(state: [(.mark(.u(8)), .u(0))])), .unknownField, "state")
        // Traces are never negative (the step's decay relies on it).
        expectError(C.blob(Self.ruleBody(ruleStates: .a([.m([(.u(0), .mark(.tag(78, Self.i32([0, -1])))),
                                                             (.u(1), post)])]))), .valueOutOfRange, "pre")
        expectError(C.blob(Self.ruleBody(ruleStates: .a([.m([(.u(0), pre),
                                                             (.u(1), .mark(.tag(78, Self.i32([-65536, 0]))))])]))),
                    .valueOutOfRange, "post")
    }

    // MARK: bad plasticity and power maps

    /// The small model with the rules `rules` (and its one dense projection, or `projections`).
    static func rules(_ rules: [C], projections: [C] = [C.projection()], extra: [(C, C)] = []) -> (bytes: [UInt8], marks: [Int]) {
        C.blob(C.body(projections: projections, extra: [(.u(6), .a(rules))] + extra))
    }

    static func rule(_ extra: [(C, C)], projection: C = .u(0), kind: C = .u(0)) -> C {
        .m([(.u(0), projection), (.u(1), kind)] + extra)
    }

    @Test func validRuleAndPowerLoad() {
        #expect(tryLoad(Self.rules([Self.rule([])]).bytes, steps: 10) == nil)
        #expect(tryLoad(Self.rules([]).bytes, steps: 10) == nil)
        #expect(tryLoad(C.blob(C.body(extra: [(.u(8), .m([]))])).bytes, steps: 10) == nil)
        #expect(tryLoad(Self.allRules.bytes, steps: 10) == nil)
    }

    @Test("every plasticity field: type and range")
    func plasticityFieldValues() {
        let fields: [(key: UInt64, name: StaticString, bad: [C])] = [
            (2, "a_plus", [.u(16_777_217), .i(-1)]),
            (3, "a_minus", [.u(16_777_217), .i(-1)]),
            (4, "decay_pre", [.u(65537), .i(-1)]),
            (5, "decay_post", [.u(65537), .i(-1)]),
            (6, "w_min", [.i(-129), .u(128)]),
            (7, "w_max", [.i(-129), .u(128)]),
            (8, "learning_rate", [.u(16_777_217), .i(-1)]),
            (9, "decay_elig", [.u(65537), .i(-1)]),
            (10, "bounds", [.u(2), .i(-1)]),
            (11, "norm_target", [.u(8_388_609), .i(-1)]),
        ]
        for f in fields {
            for bad in f.bad {
                expectError(Self.rules([Self.rule([(.u(f.key), .mark(bad))])]), .valueOutOfRange, f.name)
            }
            expectError(Self.rules([Self.rule([(.u(f.key), .mark(.t("1")))])]), .wrongType, f.name)
            expectError(Self.rules([Self.rule([(.u(f.key), .mark(.f64))])]), .wrongType, f.name)
        }
        expectError(Self.rules([Self.rule([(.u(12), .mark(.u(1)))])]), .wrongType, "enabled")
        expectError(Self.rules([Self.rule([], kind: .mark(.u(4)))]), .valueOutOfRange, "rule")
        expectError(Self.rules([Self.rule([], kind: .mark(.t("stdp")))]), .wrongType, "rule")
        expectError(Self.rules([Self.rule([], projection: .mark(.i(-1)))]), .valueOutOfRange, "projection")
        expectError(Self.rules([Self.rule([], projection: .mark(.f64))]), .wrongType, "projection")
    }

    @Test("plasticity map structure: missing, duplicate, unknown keys, list type")
    func plasticityStructure() {
        expectError(Self.rules([.mark(.m([(.u(0), .u(0))]))]), .missingField, "rule")
        expectError(Self.rules([.mark(.m([(.u(1), .u(0))]))]), .missingField, "projection")
        expectError(Self.rules([Self.rule([(.u(2), .u(1)), (.mark(.u(2)), .u(1))])]), .duplicateField, "plasticity")
        expectError(Self.rules([Self.rule([(.mark(.u(13)), .u(1))])]), .unknownField, "plasticity")
        expectError(Self.rules([Self.rule([(.mark(.t("a")), .u(1))])]), .wrongType, "plasticity")
        expectError(C.blob(C.body(extra: [(.u(6), .mark(.m([])))])), .wrongType, "plasticity")
        expectError(C.blob(C.body(extra: [(.u(6), .a([.mark(.a([]))]))])), .wrongType, "plasticity")
        expectError(C.blob(C.body(extra: [(.u(6), .a([])), (.mark(.u(6)), .a([]))])), .duplicateField, "body")
        // Extension keys are skipped.
        #expect(tryLoad(Self.rules([Self.rule([(.i(-7), .m([(.f64, .a([.f64]))]))])]).bytes, steps: 5) == nil)
    }

    @Test("rules against their projections: SpikeCore's checks, at the rule")
    func plasticityCrossChecks() {
        // No such projection (also far beyond any).
        expectError(Self.rules([.mark(Self.rule([], projection: .u(1)))]), .invalidPlasticity, "projection")
        expectError(Self.rules([.mark(Self.rule([], projection: .u(1 << 40)))]), .invalidPlasticity, "projection")
        // Two rules on one projection: the second is refused.
        expectError(Self.rules([Self.rule([]), .mark(Self.rule([], kind: .u(2)))]), .invalidPlasticity, "projection")
        // CONV2D: 1×2×1 → 1×2×1 with a 1×1 kernel.
        let conv = C.m([(.u(0), .u(0)), (.u(1), .u(1)), (.u(2), .u(3)), (.u(5), .tag(72, [1])),
                        (.u(8), .a([.u(1), .u(2), .u(1), .u(1), .u(1), .u(1), .u(1), .u(1), .u(0), .u(0)]))])
        #expect(tryLoad(C.blob(C.body(projections: [conv])).bytes) == nil)
        expectError(Self.rules([.mark(Self.rule([]))], projections: [conv]), .invalidPlasticity, "projection")
        // norm_target: STDP on DENSE only.
        let oneToOne = C.m([(.u(0), .u(0)), (.u(1), .u(1)), (.u(2), .u(2)), (.u(5), .tag(72, [1, 2]))])
        expectError(Self.rules([.mark(Self.rule([(.u(11), .u(100))]))], projections: [oneToOne]),
                    .invalidPlasticity, "norm_target")
        expectError(Self.rules([.mark(Self.rule([(.u(11), .u(100))], kind: .u(2)))]), .invalidPlasticity, "norm_target")
        #expect(tryLoad(Self.rules([Self.rule([(.u(11), .u(100))], kind: .u(1))]).bytes, steps: 5) == nil)
        #expect(tryLoad(Self.rules([Self.rule([], kind: .u(3))], projections: [oneToOne]).bytes, steps: 5) == nil)
        // w_min ≤ w_max.
        expectError(Self.rules([.mark(Self.rule([(.u(6), .i(10)), (.u(7), .i(9))]))]), .invalidPlasticity, "w_max")
        #expect(tryLoad(Self.rules([Self.rule([(.u(6), .i(10)), (.u(7), .i(10))])]).bytes, steps: 5) == nil)
    }

    @Test("every power field: type, range, structure; IZH refuses the low-power mode")
    func powerFields() {
        func power(_ entries: [(C, C)]) -> (bytes: [UInt8], marks: [Int]) {
            C.blob(C.body(extra: [(.u(8), .m(entries))]))
        }
        expectError(power([(.u(0), .mark(.u(3)))]), .valueOutOfRange, "power_mode")
        expectError(power([(.u(0), .mark(.i(-1)))]), .valueOutOfRange, "power_mode")
        expectError(power([(.u(0), .mark(.t("low")))]), .wrongType, "power_mode")
        expectError(power([(.u(1), .mark(.u(1)))]), .valueOutOfRange, "fold")
        expectError(power([(.u(1), .mark(.u(257)))]), .valueOutOfRange, "fold")
        expectError(power([(.u(1), .mark(.f64))]), .wrongType, "fold")
        expectError(power([(.u(2), .mark(.u(0)))]), .valueOutOfRange, "threshold_scale")
        expectError(power([(.u(2), .mark(.u(1_048_577)))]), .valueOutOfRange, "threshold_scale")
        expectError(power([(.u(2), .mark(.i(-5)))]), .valueOutOfRange, "threshold_scale")
        expectError(power([(.u(2), .mark(C.bool(true)))]), .wrongType, "threshold_scale")
        expectError(power([(.u(1), .u(2)), (.mark(.u(1)), .u(3))]), .duplicateField, "power")
        expectError(power([(.mark(.u(3)), .u(0))]), .unknownField, "power")
        expectError(C.blob(C.body(extra: [(.u(8), .mark(.a([])))])), .wrongType, "power")
        #expect(tryLoad(power([(.u(0), .u(2)), (.u(1), .u(256)), (.u(2), .u(1))]).bytes, steps: 5) == nil)
        #expect(tryLoad(power([(.i(-1), .f64), (.u(2), .u(1_048_576))]).bytes, steps: 5) == nil)
        // The low-power mode on a network with an IZH population: at the mode's value.
        let izh = C.m([(.u(0), .u(2)), (.u(1), .u(6))])
        let body = { (mode: C) in
            C.blob(C.body(populations: [C.input, izh], extra: [(.u(8), .m([(.u(1), .u(3)), (.u(0), mode)]))]))
        }
        expectError(body(.mark(.u(1))), .unsupported, "power")
        #expect(tryLoad(body(.u(2)).bytes, steps: 5) == nil)
    }
}

extension ModelCBOR {
    static func bool(_ b: Bool) -> ModelCBOR { .raw([b ? 0xF5 : 0xF4]) }
}
