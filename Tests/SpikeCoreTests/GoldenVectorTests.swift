import Foundation
import Testing
@testable import GoldenSupport

/// Every scenario the numpy reference generated (Golden/*.json) must come out of
/// SpikeCore bit for bit: spikes, membrane traces, decoders, counters, final state hash.
@Suite("Golden vectors from the numpy reference")
struct GoldenVectorTests {
    static var directory: URL { GoldenFiles.directory }
    static var files: [String] { GoldenFiles.files }

    @Test("enough golden scenarios are present")
    func inventory() throws {
        #expect(Self.files.count >= 25, "only \(Self.files.count) golden files")
        var models = Set<String>(), kinds = Set<String>(), encoders = Set<String>()
        var decoders = Set<String>(), resets = Set<String>()
        for file in Self.files {
            let c = try GoldenCase.load(Self.directory.appendingPathComponent(file))
            for p in c.populations {
                models.insert(p.model)
                if p.model != "input" { resets.insert("\(p.reset)/\(p.resetTiming)") }
            }
            for p in c.projections { kinds.insert(p.kind) }
            for e in c.encoders { encoders.insert(e.kind) }
            for d in c.decoders { decoders.insert(d.kind) }
            #expect(c.expected != nil, "\(file) has no expected outputs")
        }
        #expect(models == ["input", "lif", "cuba", "if", "li", "alif", "izh"])
        #expect(kinds == ["dense", "sparse", "one_to_one", "conv2d"])
        #expect(encoders == ["rate", "latency", "delta"])
        #expect(decoders == ["count", "first_spike", "membrane"])
        for r in ["subtract", "zero", "none"] {
            for t in ["delayed", "immediate"] { #expect(resets.contains("\(r)/\(t)")) }
        }
    }

    @Test("scenario matches the reference bit for bit", arguments: files)
    func scenario(_ file: String) throws {
        let c = try GoldenCase.load(Self.directory.appendingPathComponent(file))
        let expected = try #require(c.expected)
        let actual = try c.run()
        let diffs = GoldenComparison.differences(expected: expected, actual: actual)
        #expect(diffs.isEmpty, "\(file): \(diffs.joined(separator: "; "))")
    }
}
