import Foundation

/// The golden scenarios of the numpy reference (tools/reference writes them into
/// Tests/SpikeCoreTests/Golden), read from the source tree by every test target that
/// runs them: SpikeCoreTests builds the networks directly, SpikeModelTests from blobs.
enum GoldenFiles {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SpikeCoreTests").appendingPathComponent("Golden")
    }

    /// File names (`<case>.json`), sorted.
    static var files: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }
}
