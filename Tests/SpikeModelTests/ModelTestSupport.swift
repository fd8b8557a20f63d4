import Foundation
import Testing
import SpikeCore
@testable import SpikeModel
@testable import GoldenSupport

/// Blobs of the golden cases: Tests/SpikeCoreTests/Blobs/<name>.spkb (beside the cases), written by the
/// Python exporter (or a directory named by SPIKERT_BLOB_DIR). Without either, blobs
/// are produced by ModelWriter from networks built straight from the JSON, so the
/// loader tests still run; `fromExporter` says which.
enum ModelBlobs {
    static var directory: URL? {
        if let env = ProcessInfo.processInfo.environment["SPIKERT_BLOB_DIR"] {
            return URL(fileURLWithPath: env)
        }
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let dir = tests.appendingPathComponent("SpikeCoreTests").appendingPathComponent("Blobs")
        return FileManager.default.fileExists(atPath: dir.path) ? dir : nil
    }

    static var fromExporter: Bool { directory != nil }

    static func goldenCase(_ name: String) throws -> GoldenCase {
        try GoldenCase.load(GoldenFiles.directory.appendingPathComponent(name + ".json"))
    }

    /// Stems of the golden cases that have a blob (all of them for written blobs).
    static var names: [String] {
        if let dir = directory {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return files.filter { $0.hasSuffix(".spkb") }.map { String($0.dropLast(5)) }.sorted()
        }
        return GoldenFiles.files.map { String($0.dropLast(5)) }
    }

    static func blob(_ name: String) throws -> [UInt8] {
        if let dir = directory {
            return [UInt8](try Data(contentsOf: dir.appendingPathComponent(name + ".spkb")))
        }
        let t = try goldenCase(name).makeNetwork()
        return try ModelBlobs.write(t.net, includeState: false, name: name)
    }

    /// A model blob (or checkpoint) of `net` written by ModelWriter.
    static func write(_ net: borrowing Network, includeState: Bool, name: String = "test")
        throws -> [UInt8]
    {
        let nameBytes = Array(name.utf8), producer = Array("swift tests".utf8)
        return try nameBytes.withUnsafeBufferPointer { n in
            try producer.withUnsafeBufferPointer { p in
                let meta = ModelMetadata(name: n, producer: p, dtNanoseconds: 100_000)
                let size = try ModelWriter.size(net, meta, includeState: includeState)
                var out = [UInt8](repeating: 0, count: size)
                let written = try out.withUnsafeMutableBytes { b in
                    try ModelWriter.write(net, meta, includeState: includeState, into: b)
                }
                precondition(written == size)
                return out
            }
        }
    }
}

/// Owns a 16-byte aligned copy of a blob, the arena and the model loaded from them.
final class TestModel {
    let blob: UnsafeMutableRawBufferPointer
    let arena: UnsafeMutableRawBufferPointer
    var model: LoadedModel

    init(_ bytes: [UInt8], options: ModelLoadOptions = .inPlace, blobShift: Int = 0) throws(ModelError) {
        let b = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count + blobShift + 1, alignment: 16)
        let view = UnsafeMutableRawBufferPointer(rebasing: b[blobShift..<(blobShift + bytes.count)])
        bytes.withUnsafeBytes { view.copyMemory(from: $0) }
        let blobView = UnsafeRawBufferPointer(view)
        let size: Int
        do { size = try ModelLoader.arenaSize(blob: blobView, options: options) } catch {
            b.deallocate()
            throw error
        }
        let a = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 16)
        do {
            model = try ModelLoader.load(blob: blobView, arena: a, options: options)
        } catch {
            a.deallocate()
            b.deallocate()
            throw error
        }
        blob = b
        arena = a
    }

    deinit {
        arena.deallocate()
        blob.deallocate()
    }

    /// Run `body` on the loaded network.
    func net<R>(_ body: (inout Network) throws -> R) rethrows -> R {
        try body(&model.network)
    }

    func checkpoint() throws -> [UInt8] {
        let size = try model.checkpointSize()
        var out = [UInt8](repeating: 0, count: size)
        let n = try out.withUnsafeMutableBytes { b in try model.writeCheckpoint(into: b) }
        precondition(n == size)
        return out
    }
}

/// Outcome of a load that must not crash: nil for success, else the error.
func tryLoad(_ bytes: [UInt8], options: ModelLoadOptions = .inPlace, steps: Int = 0) -> ModelError? {
    do {
        let t = try TestModel(bytes, options: options)
        t.net { $0.step(count: steps) }
        return nil
    } catch {
        return error
    }
}

/// Expect `blob` to be refused with `status` at `offset` (by default the blob's first
/// mark) naming `field`, loaded in place and copied alike.
func expectError(_ blob: (bytes: [UInt8], marks: [Int]), _ status: SpikeStatus,
                 _ field: StaticString, at offset: Int? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    let want = ModelError(status, offset: offset ?? blob.marks[0], field: field)
    for options in [ModelLoadOptions.inPlace, .copy] {
        let got = tryLoad(blob.bytes, options: options)
        #expect(got == want, "got \(got.map { "\($0.status.text) @\($0.offset) \($0.field)" } ?? "ok"), want \(want.status.text) @\(want.offset) \(want.field)",
                sourceLocation: sourceLocation)
    }
}
