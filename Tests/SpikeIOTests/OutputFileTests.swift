import Foundation
import Testing
import SpikeIO

/// What the host tools promise about the files they write and read (README, "Exit
/// status, files and limits"): outputs appear only complete, write errors are kept,
/// an output is never one of the inputs, and spike-file limits are named.
@Suite("Output files and spike-file limits")
final class OutputFileTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("spikeio-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: dir)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    func parseOne(_ text: String, line: Int = 1) throws(FileError) -> SpikeEvent? {
        var parser = SpikeEventParser()
        var event: SpikeEvent?
        for _ in 1..<line { _ = try parser.parse(line: UnsafeRawBufferPointer(start: nil, count: 0)) }
        let bytes = Array(text.utf8)
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        defer { raw.deallocate() }
        raw.copyBytes(from: bytes)
        event = try parser.parse(line: UnsafeRawBufferPointer(rebasing: raw[0..<bytes.count]))
        return event
    }

    @Test("the largest tick and channel are read; one more is refused with the limit")
    func limits() throws {
        let top = SpikeEvent.maximumTick
        #expect(try parseOne("\(top),\(Int32.max)") == SpikeEvent(tick: top, channel: Int(Int32.max), line: 1))
        for (text, limit) in [("\(top + 1),1", top), ("18446744073709551615,1", top),
                              ("99999999999999999999999,1", top), ("1,2147483648", SpikeEvent.maximumChannel)] {
            do {
                _ = try parseOne(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.limit == limit, "\(text)")
                #expect(error.line == 1)
            }
        }
    }

    @Test("a byte-order mark is skipped on the first line only")
    func byteOrderMark() throws {
        #expect(try parseOne("\u{FEFF}3,4") == SpikeEvent(tick: 3, channel: 4, line: 1))
        #expect(throws: FileError.self) { _ = try parseOne("\u{FEFF}3,4", line: 2) }
    }

    @Test("a line of 4096 bytes is read; 4097 are refused naming the line")
    func lineLength() throws {
        let ok = path("ok.csv"), long = path("long.csv")
        try Data(("0,1\n1,1" + String(repeating: " ", count: 4093) + "\n").utf8).write(to: URL(fileURLWithPath: ok))
        try Data(("0,1\n1,1\n2,1" + String(repeating: " ", count: 4094) + "\n").utf8).write(to: URL(fileURLWithPath: long))
        var reader = try SpikeFileReader(path: ok)
        #expect(try reader.next()?.tick == 0)
        #expect(try reader.next()?.tick == 1)
        var refused = try SpikeFileReader(path: long)
        _ = try refused.next()
        _ = try refused.next()
        do {
            _ = try refused.next()
            Issue.record("a 4097-byte line was read")
        } catch {
            #expect(error.line == 3)
        }
    }

    @Test("an unfinished writer leaves the old file and no temporary file")
    func unfinishedWriterKeepsTheOldFile() throws {
        let target = path("out.csv")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: target))
        do {
            var writer = try SpikeFileWriter(path: target)
            writer.write(line: "tick,channel")
            for t in 0..<10_000 { writer.write(SpikeEvent(tick: UInt64(t), channel: 1)) }
            try writer.flush()
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old\n")
        #expect(try listing() == ["out.csv"])
    }

    @Test("a finished writer replaces the file, keeps its permission bits, and a symlink to it")
    func finishedWriterReplaces() throws {
        let target = path("out.csv"), link = path("link.csv")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: target)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "out.csv")
        var writer = try SpikeFileWriter(path: link)
        writer.write(line: "tick,channel")
        writer.write(SpikeEvent(tick: 7, channel: 2))
        try writer.finish()
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "tick,channel\n7,2\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "out.csv")
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try listing() == ["link.csv", "out.csv"])
    }

    @Test("a directory, a dangling symlink and a missing directory are refused before writing")
    func refusedTargets() throws {
        try FileManager.default.createDirectory(atPath: path("sub"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: path("dangling"), withDestinationPath: "nowhere")
        for target in [path("sub"), path("dangling"), path("missing/out.csv")] {
            #expect(throws: FileError.self, "\(target)") { _ = try SpikeFileWriter(path: target) }
        }
        #expect(try listing() == ["dangling", "sub"])
    }

    @Test("write errors are kept and counted; cleared, the writer tries again")
    func writeErrorsAreKept() throws {
        var writer = try SpikeFileWriter(path: "/dev/full", streaming: true)
        for t in 0..<3 { writer.write(SpikeEvent(tick: UInt64(t), channel: 0)) }
        #expect(throws: FileError.self) { try writer.flush() }
        #expect(writer.failure?.systemError == ENOSPC)
        #expect(writer.lostLines == 3)
        writer.write(SpikeEvent(tick: 4, channel: 0))
        #expect(throws: FileError.self) { try writer.finish() }
        #expect(writer.lostLines == 4)
        writer.clearFailure()
        writer.write(SpikeEvent(tick: 5, channel: 0))
        #expect(throws: FileError.self) { try writer.flush() }
        #expect(writer.lostLines == 5)
    }

    @Test("same file by device and inode: hard links and symlinks; streams never clobber")
    func identities() throws {
        let a = path("a"), b = path("b")
        try Data("a".utf8).write(to: URL(fileURLWithPath: a))
        try Data("b".utf8).write(to: URL(fileURLWithPath: b))
        try FileManager.default.linkItem(atPath: a, toPath: path("hard"))
        try FileManager.default.createSymbolicLink(atPath: path("soft"), withDestinationPath: "a")
        #expect(FileIdentity.overwrites(path("hard"), a))
        #expect(FileIdentity.overwrites(a, path("soft")))
        #expect(FileIdentity.overwrites(dir.path + "/./a", a))
        #expect(!FileIdentity.overwrites(a, b))
        #expect(!FileIdentity.overwrites(path("new"), a))
        #expect(!FileIdentity.overwrites("/dev/null", "/dev/null"))
    }
}
