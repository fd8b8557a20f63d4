import CSystem

/// Writes spike-file lines (`tick,channel` / `tick,channel,value`) through a fixed
/// buffer, formatting numbers by hand: no String, no allocation per line.
///
/// Write errors are kept, not dropped: the first one stops further writing and is
/// thrown by every later `flush()` and by `finish()`, so a full disk mid-run ends in an
/// error, never in a short file that looks complete. Files are written through an
/// `OutputFile`: a named regular file appears only when `finish()` succeeds.
public struct SpikeFileWriter: ~Copyable {
    /// Where the bytes go; nil for the discarding writer.
    private var output: OutputFile?
    /// The descriptor written, or -1 for the discarding writer (and once finished).
    private var fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private var used = 0
    /// The first write error; nothing is written after it (until `clearFailure`).
    public private(set) var failure: FileError?
    /// Lines in the buffer now.
    private var bufferedLines: UInt64 = 0
    /// Lines dropped because a write failed (the buffer they were in, and any written
    /// while the failure stood).
    public private(set) var lostLines: UInt64 = 0

    /// Write to `path` ("-" means standard output); see `OutputFile` for what
    /// `streaming` changes.
    public init(path: UnsafePointer<CChar>, streaming: Bool = false) throws(FileError) {
        let opened = try OutputFile(path: path, streaming: streaming)
        fd = opened.descriptor
        output = Optional(consume opened)
        buffer = .allocate(byteCount: 1 << 16, alignment: 16)
    }

    /// A writer that discards everything (no output file requested).
    public init() {
        output = nil
        fd = -1
        buffer = .allocate(byteCount: 1 << 16, alignment: 16)
    }

    /// Whatever is still buffered is written out (errors are not seen here: call
    /// `flush()` or `finish()` first). An unfinished replacement file is removed.
    deinit {
        if failure == nil, let base = buffer.baseAddress { _ = SpikeFileWriter.writeAll(fd, base, used) }
        buffer.deallocate()
    }

    /// write(2) until done; 0 or the errno of the failure.
    static func writeAll(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int32 {
        guard fd >= 0 else { return 0 }  // the discarding writer
        do { try Syscall.writeAll(fd, UnsafeRawBufferPointer(start: base, count: count)) } catch {
            return error.code
        }
        return 0
    }

    /// Append one line for `event` (`tick,reward,value` for a reward, as the parser reads it).
    public mutating func write(_ event: SpikeEvent) {
        if buffer.count - used < 64 { drain() }
        append(unsigned: event.tick)
        append(byte: 44)
        if event.isReward {
            for b in "reward".utf8 { append(byte: b) }
        } else {
            // A channel is never negative except the reward channel: the magnitude
            // keeps a malformed event from trapping the writer.
            append(unsigned: UInt64(event.channel.magnitude))
        }
        if let value = event.value {
            append(byte: 44)
            if value < 0 { append(byte: 45) }
            append(unsigned: UInt64(value.magnitude))
        }
        append(byte: 10)
        bufferedLines &+= 1
    }

    /// Append a line of text as is (a header or a comment); `text` must not contain
    /// a newline.
    public mutating func write(line text: StaticString) {
        let bytes = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        if buffer.count - used < bytes.count + 1 { drain() }
        for b in bytes { append(byte: b) }
        append(byte: 10)
        bufferedLines &+= 1
    }

    /// Write out what is buffered; throws the first write error there has been.
    public mutating func flush() throws(FileError) {
        drain()
        if let failure { throw failure }
    }

    /// Flush, then put the file in place (see `OutputFile.commit`). After an error
    /// the file is not put in place: the previous one, if any, is left as it was.
    public mutating func finish() throws(FileError) {
        try flush()
        if let pending = output.take() {
            fd = -1
            var file = pending
            try file.commit()
        }
    }

    /// Try writing again after a failure (a long-running writer whose disk filled up
    /// and was freed). Lines lost meanwhile stay counted in `lostLines`; a line the
    /// failed write cut short stays cut short in the file.
    public mutating func clearFailure() {
        failure = nil
    }

    /// Write out what is buffered, keeping the first error (then discarding).
    private mutating func drain() {
        defer {
            used = 0
            bufferedLines = 0
        }
        guard failure == nil, let base = buffer.baseAddress else {
            lostLines &+= bufferedLines
            return
        }
        let e = SpikeFileWriter.writeAll(fd, base, used)
        if e != 0 {
            failure = FileError("cannot write the spike file", systemError: e)
            lostLines &+= bufferedLines
        }
    }

    private mutating func append(byte: UInt8) {
        buffer[used] = byte
        used += 1
    }

    private mutating func append(unsigned value: UInt64) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
                count += 1
            } while v > 0
        }
        withUnsafeBytes(of: &digits) { d in
            var i = count
            while i > 0 {
                i -= 1
                buffer[used] = d[i]
                used += 1
            }
        }
    }
}
