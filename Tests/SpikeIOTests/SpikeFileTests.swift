import Foundation
import Testing
import SpikeIO

/// The spike-file format (docs/EXPORT.md): parsing with line-numbered errors, writing,
/// streaming through the fixed buffer, and atomic replacement.
@Suite("Spike files")
struct SpikeFileTests {
    func parse(_ text: String) throws(FileError) -> [SpikeEvent] {
        var parser = SpikeEventParser()
        var events: [SpikeEvent] = []
        // Split bytes, not Characters: Swift reads "\r\n" as one Character.
        for line in text.utf8.split(separator: 10, omittingEmptySubsequences: false) {
            let bytes = Array(line)
            let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
            defer { raw.deallocate() }
            raw.copyBytes(from: bytes)
            let event = try parser.parse(line: UnsafeRawBufferPointer(rebasing: raw[0..<bytes.count]))
            if let event { events.append(event) }
        }
        return events
    }

    @Test("header, comments, blank lines, spaces, CRLF and values")
    func grammar() throws {
        let events = try parse("tick,channel,value\n# a comment\n\n0,3\n 2 , 7 , -12 \r\n2,0,2147483647\n5,1,-2147483648")
        #expect(events == [
            SpikeEvent(tick: 0, channel: 3, line: 4),
            SpikeEvent(tick: 2, channel: 7, value: -12, line: 5),
            SpikeEvent(tick: 2, channel: 0, value: Int32.max, line: 6),
            SpikeEvent(tick: 5, channel: 1, value: Int32.min, line: 7),
        ])
    }

    @Test("errors name the line", arguments: [
        ("0,1\nx,2", 2), ("0,1\n3;2", 2), ("5,1\n4,1", 2), ("0,-1", 1), ("0,1,2147483648", 1),
        ("0,1,2,3", 1), ("0", 1), ("99999999999999999999,1", 1),
        ("0,1\n1,2,- 5", 2), ("0,1,+ 5", 1), ("0,reward,-", 1),
    ])
    func errors(_ text: String, _ line: Int) {
        do {
            _ = try parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.line == line, "\(text): \(error.reason)")
        }
    }

    @Test("writer output (spikes, values, rewards) parses back to the same events; reader streams a long file")
    func roundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spikeio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("spikes.csv").path
        var expected: [SpikeEvent] = []
        for i in 0..<20_000 {
            let value: Int32? = i % 3 == 0 ? Int32(truncatingIfNeeded: i &* 2_654_435_761) : nil
            if i % 11 == 5 {
                // A reward line (`tick,reward,value`) written and read back as one.
                expected.append(SpikeEvent(tick: UInt64(i / 7), channel: SpikeEvent.rewardChannel,
                                           value: Int32(truncatingIfNeeded: i &* 40_503) | 1))
            } else {
                expected.append(SpikeEvent(tick: UInt64(i / 7), channel: i % 1000, value: value))
            }
        }
        do {
            var writer = try SpikeFileWriter(path: path)
            writer.write(line: "tick,channel,value")
            for e in expected { writer.write(e) }
            try writer.finish()
        }
        var reader = try SpikeFileReader(path: path)
        var got: [SpikeEvent] = []
        while let e = try reader.next() { got.append(SpikeEvent(tick: e.tick, channel: e.channel, value: e.value)) }
        #expect(got == expected)
    }

    @Test("atomic write replaces the whole file and leaves no temporary behind")
    func atomic() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spikeio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.spkb").path
        try Data("old contents that are longer".utf8).write(to: URL(fileURLWithPath: path))
        let new = Array("new".utf8)
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: new.count, alignment: 1)
        defer { raw.deallocate() }
        raw.copyBytes(from: new)
        try AtomicFile.write(UnsafeRawBufferPointer(raw), to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(new))
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
        let file = try ByteFile(path: path)
        #expect(Array(file.bytes) == new)
        #expect(throws: FileError.self) { _ = try ByteFile(path: dir.appendingPathComponent("missing").path) }
    }
}
