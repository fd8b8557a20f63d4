import Foundation
import SpikeCore
import Testing
@testable import SpikeModel
@testable import GoldenSupport

/// Every golden case as a blob: loads in place and copied, reproduces the golden
/// vectors bit for bit, and starts from the same state as the network built directly.
@Suite("Model blobs of the golden cases")
struct ModelBlobTests {
    @Test("enough blobs")
    func inventory() {
        if ModelBlobs.fromExporter {
            #expect(ModelBlobs.names.count >= 25, "only \(ModelBlobs.names.count) blobs")
        } else {
            #expect(ModelBlobs.names.count == GoldenFiles.files.count)
        }
    }

    @Test("blob loads and matches the golden vectors", arguments: ModelBlobs.names)
    func golden(_ name: String) throws {
        let c = try ModelBlobs.goldenCase(name)
        let expected = try #require(c.expected)
        let bytes = try ModelBlobs.blob(name)
        let direct = try c.makeNetwork()
        for options in [ModelLoadOptions.inPlace, .copy] {
            for shift in [0, 1, 2] {  // misaligned CSR arrays are copied
                let t = try TestModel(bytes, options: options, blobShift: shift)
                let hash = t.net { $0.stateHash() }, populations = t.net { $0.populationCount }
                let restored = t.model.restoredState
                #expect(hash == direct.net.stateHash(), "\(name): hash at tick 0")
                #expect(populations == c.populations.count)
                #expect(!restored)
                let actual = try t.net { try c.run(on: &$0) }
                let diffs = GoldenComparison.differences(expected: expected, actual: actual)
                #expect(diffs.isEmpty, "\(name) \(options.inPlace ? "in place" : "copied"): \(diffs)")
            }
        }
    }

    @Test("names and metadata are read")
    func metadata() throws {
        let name = try #require(ModelBlobs.names.first)
        let t = try TestModel(try ModelBlobs.blob(name), options: .copy)
        let meta = t.model.metadata
        #expect(meta.dtNanoseconds > 0)
        #expect(meta.producer.count > 0)
        if !ModelBlobs.fromExporter {
            #expect(String(decoding: meta.name, as: UTF8.self) == name)
            let first = t.model.populationName(0)
            #expect(first == nil)
        }
    }

    /// The exporter's other blobs (extension keys everywhere, names only, NIR graphs).
    static var extraBlobs: [String] {
        guard let dir = ModelBlobs.directory else { return [] }
        var out: [String] = []
        for sub in ["extras", "nir"] {
            let d = dir.appendingPathComponent(sub)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []
            out += files.filter { $0.hasSuffix(".spkb") }.map { "\(sub)/\($0)" }
        }
        return out.sorted()
    }

    @Test("the exporter's extra blobs load and run", arguments: extraBlobs)
    func extra(_ path: String) throws {
        let dir = try #require(ModelBlobs.directory)
        let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(path)))
        for options in [ModelLoadOptions.inPlace, .copy] {
            let t = try TestModel(bytes, options: options)
            t.net { $0.step(count: 50) }
            let again = try TestModel(try t.checkpoint(), options: options)
            let a = t.net { $0.stateHash() }, b = again.net { $0.stateHash() }
            #expect(a == b, "\(path)")
        }
    }
}
