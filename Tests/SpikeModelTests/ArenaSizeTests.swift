import Foundation
import SpikeCore
import Testing
import TestSupport
@testable import GoldenSupport
@testable import SpikeModel

/// The size query gives what loading takes: `ModelLoader.arenaSize` is computed from the
/// blob alone (SpikeCore's layout measuring the blob's description, `Network.measure`),
/// before anything is built; loading must then succeed in exactly that many bytes, be
/// refused one byte short with that size as `needed`, write nothing past it, and the
/// network's part must be what `Network.arenaSize` says for the description the loader
/// built. Over every golden blob (and the exporter's others) and random networks.
@Suite("Arena sizes: measured before building, taken by building")
struct ArenaSizeTests {
    /// The description the loader placed in the arena, as a `NetworkSpec`.
    static func loadedSpec(_ t: TestModel, _ plan: ModelPlan) -> NetworkSpec {
        let base = UnsafeRawPointer(t.arena.baseAddress!)
        let b = plan.body
        func buffer<T>(_ offset: Int, _ count: Int, _: T.Type) -> UnsafeBufferPointer<T> {
            UnsafeBufferPointer(start: (base + offset).assumingMemoryBound(to: T.self), count: count)
        }
        var spec = NetworkSpec(
            populations: buffer(plan.populationSpecs, b.populationCount, PopulationSpec.self),
            projections: buffer(plan.projectionSpecs, b.projectionCount, ProjectionSpec.self),
            encoders: buffer(plan.encoderSpecs, b.encoderCount, EncoderSpec.self),
            decoders: buffer(plan.decoderSpecs, b.decoderCount, DecoderSpec.self),
            seed: b.seed)
        spec.plasticity = buffer(plan.plasticitySpecs, b.plasticityCount, PlasticitySpec.self)
        spec.power = b.power
        spec.tensorsInPlace = true
        return spec
    }

    /// Every check of the suite on one blob, loaded in place and copied, at blob
    /// addresses `shifts` past a 16-byte boundary (misaligned CSR arrays are copied).
    static func expectExactSize(_ bytes: [UInt8], label: String, shifts: [Int] = [0, 1, 2],
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        for options in [ModelLoadOptions.inPlace, .copy] {
            for shift in shifts {
                let t = try TestModel(bytes, options: options, blobShift: shift)
                let view = UnsafeRawBufferPointer(
                    rebasing: UnsafeRawBufferPointer(t.blob)[shift..<(shift + bytes.count)])
                let plan = try ModelValidator.plan(view, options)
                let size = try ModelLoader.arenaSize(blob: view, options: options)
                let where_ = "\(label), \(options.inPlace ? "in place" : "copied"), +\(shift)"
                #expect(size == plan.total, "\(where_)", sourceLocation: sourceLocation)
                let built = try Network.arenaSize(for: loadedSpec(t, plan))
                #expect(plan.network == built, "\(where_): measured \(plan.network), built \(built)",
                        sourceLocation: sourceLocation)
                #expect(plan.total == plan.networkStart + built, "\(where_)", sourceLocation: sourceLocation)
                try expectLoads(view, size: size, options: options, label: where_,
                                sourceLocation: sourceLocation)
            }
        }
    }

    /// Loads in exactly `size` bytes without touching the bytes after them (also while
    /// stepping and checkpointing), and is refused in `size - 1` with `needed == size`.
    static func expectLoads(_ blob: UnsafeRawBufferPointer, size: Int, options: ModelLoadOptions,
                            label: String, sourceLocation: SourceLocation) throws {
        let guardBytes = 64
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: size + guardBytes, alignment: 16)
        defer { storage.deallocate() }
        storage.initializeMemory(as: UInt8.self, repeating: 0xA5)
        let arena = UnsafeMutableRawBufferPointer(rebasing: storage[0..<size])
        do {
            var model = try ModelLoader.load(blob: blob, arena: arena, options: options)
            for p in 0..<model.network.populationCount {
                try? model.network.injectSpike(population: p, neuron: 0)
            }
            model.network.step(count: 3)
            _ = try model.checkpointSize()
        }
        let untouched = storage[size...].allSatisfy { $0 == 0xA5 }
        #expect(untouched, "\(label): bytes past the arena were written", sourceLocation: sourceLocation)
        let short = UnsafeMutableRawBufferPointer(rebasing: storage[0..<(size - 1)])
        #expect(throws: ModelError(.arenaTooSmall, offset: 0, field: "arena", needed: size),
                "\(label)", sourceLocation: sourceLocation) {
            _ = try ModelLoader.load(blob: blob, arena: short, options: options)
        }
    }

    @Test("golden blobs", arguments: ModelBlobs.names)
    func golden(_ name: String) throws {
        try Self.expectExactSize(try ModelBlobs.blob(name), label: name)
    }

    @Test("the exporter's other blobs", arguments: ModelBlobTests.extraBlobs)
    func extra(_ path: String) throws {
        let dir = try #require(ModelBlobs.directory)
        let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(path)))
        try Self.expectExactSize(bytes, label: path)
    }

    /// Random networks of every projection kind, encoder and decoder, with learning
    /// rules of all four kinds on some of their projections, as blobs and checkpoints.
    @Test("random networks", arguments: 0..<8)
    func random(_ batch: Int) throws {
        var generator = RandomCaseGenerator(seed: 0x5123_0000 &+ UInt64(batch))
        var rng = SplitMix64(seed: 0xA7E4_0000 &+ UInt64(batch))
        for k in 0..<250 {
            var c = generator.network(name: "random \(batch).\(k)")
            c.plasticity = Self.rules(for: c, &rng)
            if rng.chance(0.2) {
                let lowPower = !c.populations.contains { $0.model == "izh" }
                c.power = .init(mode: lowPower ? "low" : "normal", fold: rng.int(2...8),
                                thresholdScale: Int32(rng.int(1...4096)))
            }
            let t = try c.makeNetwork()
            t.net.step(count: rng.int(0...3))
            let label = "\(c.name) (\(c.populations.count) populations, \(c.projections.count) projections)"
            // Blob addresses 0 and 2 (a CSR row-pointer array misaligned or not), and
            // every fourth network as a checkpoint too.
            let shifts = [2 * (k % 2)]
            try Self.expectExactSize(try ModelBlobs.write(t.net, includeState: false), label: label,
                                     shifts: shifts)
            if k % 4 == 0 {
                try Self.expectExactSize(try ModelBlobs.write(t.net, includeState: true),
                                         label: label + " checkpoint", shifts: shifts)
            }
        }
    }

    /// A learning rule on about half of the projections that can take one (not CONV2D).
    static func rules(for c: GoldenCase, _ rng: inout SplitMix64) -> [GoldenCase.Plasticity] {
        var rules: [GoldenCase.Plasticity] = []
        for (j, p) in c.projections.enumerated() where p.kind != "conv2d" && rng.chance(0.5) {
            let low = Int32(rng.int(-128...0)), high = Int32(rng.int(0...127))
            let rule = rng.pick(["stdp_nearest", "stdp_all", "rstdp_nearest", "rstdp_all"])
            rules.append(.init(
                projection: j, rule: rule,
                aPlus: Int32(rng.int(0...65536)), aMinus: Int32(rng.int(0...65536)),
                decayPre: Int32(rng.int(0...65536)), decayPost: Int32(rng.int(0...65536)),
                wMin: low, wMax: high, bounds: rng.pick(["hard", "soft"]),
                learningRate: Int32(rng.int(0...65536)), decayElig: Int32(rng.int(0...65536)),
                normTarget: p.kind == "dense" && rule.hasPrefix("stdp") && rng.chance(0.3)
                    ? Int32(rng.int(1...4096)) : 0,
                enabled: rng.chance(0.8)))
        }
        return rules
    }
}
