import Foundation
import Testing
import SpikeIO

/// Checkpoint files: generations kept, unique temporary names under concurrent
/// writers, refusal of targets that are not regular files, nothing left behind.
@Suite("Atomic files")
struct AtomicFileTests {
    func write(_ text: String, to path: String, keepingPrevious previous: String? = nil) throws(FileError) {
        let bytes = Array(text.utf8)
        let failure: FileError? = bytes.withUnsafeBytes { raw in
            do throws(FileError) {
                try AtomicFile.write(raw, to: path, keepingPrevious: previous)
            } catch {
                return error
            }
            return nil
        }
        if let failure { throw failure }
    }

    func contents(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    @Test("each write keeps the one before as the previous generation; no temporary is left")
    func generations() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let target = dir.file("model.ckpt")
        let previous = dir.file("model.ckpt.prev")

        try write("generation 1", to: target, keepingPrevious: previous)
        #expect(try contents(target) == "generation 1")
        #expect(!FileManager.default.fileExists(atPath: previous))  // nothing to keep yet

        try write("generation 2", to: target, keepingPrevious: previous)
        #expect(try contents(target) == "generation 2")
        #expect(try contents(previous) == "generation 1")

        try write("generation 3, longer than the others", to: target, keepingPrevious: previous)
        #expect(try contents(target) == "generation 3, longer than the others")
        #expect(try contents(previous) == "generation 2")
        #expect(try dir.listing() == ["model.ckpt", "model.ckpt.prev"])

        // Without keepingPrevious the previous generation is left as it was.
        try write("generation 4", to: target)
        #expect(try contents(target) == "generation 4")
        #expect(try contents(previous) == "generation 2")
        #expect(try dir.listing() == ["model.ckpt", "model.ckpt.prev"])
    }

    @Test("the C-path form writes and keeps generations the same way")
    func pointerForm() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let target = dir.file("c.ckpt")
        let bytes = Array("from C".utf8)
        try bytes.withUnsafeBytes { raw in
            try target.withCString { path in try AtomicFile.write(raw, to: path) }
        }
        #expect(try contents(target) == "from C")

        let previous = dir.file("c.prev")
        let second = Array("from C again".utf8)
        try second.withUnsafeBytes { raw in
            try target.withCString { path in
                try previous.withCString { kept in try AtomicFile.write(raw, to: path, keepingPrevious: kept) }
            }
        }
        #expect(try contents(target) == "from C again")
        #expect(try contents(previous) == "from C")
    }

    @Test("a FIFO target is refused and left alone")
    func fifoTarget() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let fifo = dir.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: FileError.self) { try write("x", to: fifo) }
        var info = stat()
        #expect(lstat(fifo, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFIFO)
        #expect(try dir.listing() == ["fifo"])
    }

    @Test("a symlink target (or previous path) is refused; neither it nor what it points to changes")
    func symlinkTarget() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let real = dir.file("real")
        try write("real contents", to: real)
        let link = dir.file("link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        do {
            try write("through the link", to: link)
            Issue.record("wrote through a symlink")
        } catch {
            #expect(error.reason.description.contains("not a regular file"))
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)
        #expect(try contents(real) == "real contents")

        #expect(throws: FileError.self) { try write("new", to: real, keepingPrevious: link) }
        #expect(try contents(real) == "real contents")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)

        let directory = dir.file("sub")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        #expect(throws: FileError.self) { try write("x", to: directory) }
        #expect(try dir.listing() == ["link", "real", "sub"])
    }

    @Test("a failure after the temporary file was written leaves the target intact and no debris")
    func failureLeavesTarget() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let target = dir.file("state")
        try write("intact", to: target)
        // The previous generation's directory does not exist: keeping it fails.
        #expect(throws: FileError.self) {
            try write("never", to: target, keepingPrevious: dir.file("missing/state.prev"))
        }
        #expect(try contents(target) == "intact")
        #expect(try dir.listing() == ["state"])
        // A missing directory for the target itself.
        #expect(throws: FileError.self) { try write("never", to: dir.file("missing/state")) }
        #expect(throws: FileError.self) { try write("never", to: dir.path + "/") }
        #expect(throws: FileError.self) { try write("x", to: target, keepingPrevious: target) }
        #expect(try contents(target) == "intact")
    }

    @Test("two threads writing the same target 200 times each: every read is one complete content")
    func concurrentWriters() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let target = dir.file("shared.ckpt")
        let contentsA = String(repeating: "A", count: 50_000)
        let contentsB = String(repeating: "B", count: 70_000)
        try write(contentsA, to: target)

        let failures = Failures()
        let group = DispatchGroup()
        for text in [contentsA, contentsB] {
            group.enter()
            Thread {
                for _ in 0..<200 {
                    do throws(FileError) { try write(text, to: target) } catch { failures.add(error.reason.description) }
                }
                group.leave()
            }.start()
        }
        var reads = 0
        var torn = 0
        while group.wait(timeout: .now()) == .timedOut {
            let seen = try contents(target)
            if seen != contentsA && seen != contentsB { torn += 1 }
            reads += 1
        }
        #expect(failures.all.isEmpty)
        #expect(torn == 0, "\(torn) of \(reads) reads were neither content")
        let final = try contents(target)
        #expect(final == contentsA || final == contentsB)
        #expect(try dir.listing() == ["shared.ckpt"])
    }
}

/// Errors collected from the writer threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ text: String) { lock.lock(); list.append(text); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
