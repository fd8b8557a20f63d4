import Foundation
import SpikeCore
import Testing
@testable import SpikeModel
@testable import GoldenSupport

/// Checkpoint round trips: stop after k ticks, write a checkpoint, load it into a fresh
/// arena, go on; the spikes and the final state are those of the uninterrupted run.
@Suite("Model checkpoints")
struct ModelCheckpointTests {
    @Test("checkpoint and resume is bit-exact", arguments: ModelBlobs.names)
    func roundTrip(_ name: String) throws {
        let c = try ModelBlobs.goldenCase(name)
        let expected = try #require(c.expected)
        let bytes = try ModelBlobs.blob(name)
        // The uninterrupted run of the same blob: a resumed run must match it even where
        // SpikeCore and the reference disagree.
        let uninterrupted = try TestModel(bytes).net { try c.run(on: &$0) }
        for k in Set([c.ticks / 3, 2 * c.ticks / 3]).sorted() {
            for options in [ModelLoadOptions.inPlace, .copy] {
                let first = try TestModel(bytes, options: options)
                var record = GoldenCase.Recording()
                try first.net { try c.run(on: &$0, from: 0, to: k, into: &record) }
                let checkpoint = try first.checkpoint()
                let hashAtK = first.net { $0.stateHash() }, tickAtK = first.net { $0.tick }

                let resumed = try TestModel(checkpoint, options: options)
                let restored = resumed.model.restoredState
                let hash = resumed.net { $0.stateHash() }, tick = resumed.net { $0.tick }
                #expect(restored)
                #expect(hash == hashAtK, "\(name) k=\(k): hash after restore")
                #expect(tick == tickAtK)  // steps, not ticks, once idling or folding
                // A checkpoint of the restored model is the same bytes.
                #expect(try resumed.checkpoint() == checkpoint, "\(name) k=\(k): checkpoint not stable")
                let actual = try resumed.net { net in
                    try c.run(on: &net, from: k, to: c.ticks, into: &record)
                    return try record.finish(c, net)
                }
                let diffs = GoldenComparison.differences(expected: expected, actual: actual)
                #expect(diffs.isEmpty, "\(name) resumed at \(k): \(diffs)")
                let own = GoldenComparison.differences(expected: uninterrupted, actual: actual)
                #expect(own.isEmpty, "\(name) resumed at \(k) vs uninterrupted: \(own)")
            }
        }
    }

    @Test("a too small buffer reports the size it needs")
    func bufferTooSmall() throws {
        let name = try #require(ModelBlobs.names.first)
        let t = try TestModel(try ModelBlobs.blob(name))
        t.net { $0.step(count: 5) }
        let size = try t.model.checkpointSize()
        var small = [UInt8](repeating: 0, count: size - 1)
        #expect(throws: ModelError(.bufferTooSmall, offset: 0, field: "buffer", needed: size)) {
            try small.withUnsafeMutableBytes { b in _ = try t.model.writeCheckpoint(into: b) }
        }
    }

    @Test("plastic weights are copied and written back")
    func plasticFlag() throws {
        // Re-write a golden blob with projection 0 marked plastic.
        let name = try #require(ModelBlobs.names.first { (try? ModelBlobs.goldenCase($0).projections.count) ?? 0 > 0 })
        let t = try ModelBlobs.goldenCase(name).makeNetwork()
        let nameBytes = Array("p".utf8)
        var flags = [UInt8](repeating: 0, count: t.net.projectionCount)
        flags[0] = 1
        let bytes: [UInt8] = try nameBytes.withUnsafeBufferPointer { n in
            try flags.withUnsafeBufferPointer { f in
                let meta = ModelMetadata(name: n, producer: n, dtNanoseconds: 1, plastic: f)
                var out = [UInt8](repeating: 0, count: try ModelWriter.size(t.net, meta, includeState: false))
                _ = try out.withUnsafeMutableBytes { try ModelWriter.write(t.net, meta, includeState: false, into: $0) }
                return out
            }
        }
        let loaded = try TestModel(bytes, options: .inPlace)
        let plastic = loaded.model.metadata.isPlastic(0)
        #expect(plastic)
        let w = try loaded.net { try $0.projectionSpec(0).weights }
        let arena = UnsafeRawBufferPointer(loaded.arena)
        let inArena = UnsafeRawPointer(w.baseAddress!) >= arena.baseAddress!
            && UnsafeRawPointer(w.baseAddress!) < arena.baseAddress! + arena.count
        #expect(inArena, "plastic weights must be copied into the arena")
        #expect(try loaded.checkpoint().count > bytes.count)
    }
}
