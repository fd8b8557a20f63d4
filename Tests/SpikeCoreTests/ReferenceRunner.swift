import Foundation
@testable import GoldenSupport

/// Runs cases through the numpy reference (tools/reference/run_case.py) so a test can
/// compare SpikeCore with an independent implementation on networks it made up itself.
enum ReferenceRunner {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The cases with `expected` filled in by the reference.
    static func run(_ cases: [GoldenCase]) throws -> [GoldenCase] {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("spikert-reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("cases.json")
        let output = dir.appendingPathComponent("expected.json")
        try GoldenCase.encoder().encode(cases).write(to: input)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = repositoryRoot.appendingPathComponent("tools/reference/run_case.py").path
        process.arguments = ["python3", script, input.path, output.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "reference failed (\(process.terminationStatus)): "
                + (String(data: message, encoding: .utf8) ?? ""))
        }
        return try GoldenCase.decoder().decode([GoldenCase].self, from: Data(contentsOf: output))
    }
}
