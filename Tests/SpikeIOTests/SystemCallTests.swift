import Foundation
import Testing
import SpikeIO

/// The system-call layer: errors as values with errno and text, and the owning
/// descriptor's reads, writes, would-block results, close and release.
@Suite("System calls")
struct SystemCallTests {
    /// A pipe as two owned descriptors (no deinit, so the ends can be taken apart).
    struct Pipe: ~Copyable {
        var reader: FileDescriptor
        var writer: FileDescriptor
    }

    func pipePair() throws -> Pipe {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SystemError(code: errno, operation: "pipe") }
        return Pipe(reader: FileDescriptor(owning: ends[0]), writer: FileDescriptor(owning: ends[1]))
    }

    func isOpen(_ fd: Int32) -> Bool { fcntl(fd, F_GETFD) != -1 }

    @Test("a failed open throws ENOENT with the path, and the message has strerror's text")
    func failedOpen() {
        let path = "/nonexistent-spikeio-\(getpid())/file"
        do {
            _ = try FileDescriptor(path: path, flags: O_RDONLY)
            Issue.record("opened \(path)")
        } catch {
            #expect(error.code == ENOENT)
            #expect(error.path == path)
            #expect(!error.isWouldBlock)
            #expect(error.message.contains(String(cString: strerror(ENOENT))))
            #expect(error.message.contains(path))
            #expect(error.message.contains("errno \(ENOENT)"))
        }
    }

    @Test("read and write through a pipe; 0 at the end once the writer is closed")
    func pipeRoundTrip() throws {
        let ends = try pipePair()
        let reader = ends.reader
        let writer = ends.writer
        let text = Array("spikes".utf8)
        let written = try text.withUnsafeBytes { try writer.write($0) }
        #expect(written == text.count)
        writer.close()
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
        #expect(Array(buffer[0..<n]) == text)
        let end = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
        #expect(end == 0)
    }

    @Test("nonblocking: an empty pipe reads wouldBlock (-1), a full one writes 0")
    func wouldBlock() throws {
        let ends = try pipePair()
        let reader = ends.reader
        let writer = ends.writer
        try reader.setNonBlocking()
        try writer.setNonBlocking()
        var buffer = [UInt8](repeating: 0, count: 16)
        let nothing = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
        #expect(nothing == FileDescriptor.wouldBlock)
        #expect(FileDescriptor.wouldBlock == -1)
        let chunk = [UInt8](repeating: 7, count: 65536)
        var total = 0
        var last = -1
        for _ in 0..<64 {
            last = try chunk.withUnsafeBytes { try writer.write($0) }
            if last == 0 { break }
            total += last
        }
        #expect(last == 0, "the pipe never filled after \(total) bytes")
        #expect(total > 0)
    }

    @Test("writing to a pipe with no reader throws EPIPE once SIGPIPE is ignored")
    func brokenPipe() throws {
        try Signals.ignoreBrokenPipe()
        let ends = try pipePair()
        let reader = ends.reader
        let writer = ends.writer
        reader.close()
        let bytes: [UInt8] = [1, 2, 3]
        #expect(throws: SystemError(code: EPIPE, operation: "write")) {
            try bytes.withUnsafeBytes { try writer.writeAll($0) }
        }
    }

    @Test("close and deinit close the descriptor; release hands it over open")
    func ownership() throws {
        let ends = try pipePair()
        let reader = ends.reader
        let writer = ends.writer
        let readerNumber = reader.rawValue
        reader.close()
        #expect(!isOpen(readerNumber))
        let released = writer.release()
        #expect(isOpen(released))
        do {
            let owner = FileDescriptor(owning: released)
            #expect(owner.rawValue == released)
        }
        #expect(!isOpen(released))
    }

    @Test("SystemError equality compares errno, operation text and path")
    func equality() {
        #expect(SystemError(code: EIO, operation: "read") == SystemError(code: EIO, operation: "read"))
        #expect(SystemError(code: EIO, operation: "read") != SystemError(code: EIO, operation: "write"))
        #expect(SystemError(code: EIO, operation: "read") != SystemError(code: EAGAIN, operation: "read"))
        #expect(SystemError(code: EIO, operation: "open", path: "/a") != SystemError(code: EIO, operation: "open", path: "/b"))
        #expect(SystemError(code: EAGAIN, operation: "read").isWouldBlock)
    }

    @Test("a directory's names without . and ..; a missing directory throws ENOENT with its path")
    func directoryNames() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for name in ["iio:device0", "iio:device1", "trigger0"] {
            try FileManager.default.createDirectory(atPath: dir.file(name), withIntermediateDirectories: false)
        }
        try Data().write(to: URL(fileURLWithPath: dir.file("uevent")))
        let names = try dir.path.withCString { try Syscall.directoryEntryNames($0) }
        #expect(names.map { String(decoding: $0, as: UTF8.self) }.sorted()
                == ["iio:device0", "iio:device1", "trigger0", "uevent"])

        let missing = dir.file("missing")
        let cMissing = CString(missing)
        do {
            _ = try Syscall.directoryEntryNames(cMissing.pointer)
            Issue.record("listed a missing directory")
        } catch {
            #expect(error.code == ENOENT)
            #expect(error.path == missing)
        }
        #expect(throws: SystemError.self) {
            _ = try dir.file("uevent").withCString { try Syscall.directoryEntryNames($0) }
        }
    }
}
