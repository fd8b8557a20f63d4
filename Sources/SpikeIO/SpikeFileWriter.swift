import CSystem

/// Writes spike-file lines (`tick,channel` / `tick,channel,value`) through a fixed
/// buffer, formatting numbers by hand: no String, no allocation per line.
public struct SpikeFileWriter: ~Copyable {
    /// The descriptor written: the created file's, standard output's (1, not ours to
    /// close) or -1 for the discarding writer.
    private let fd: Int32
    /// The created file, closed with the writer; nil for standard output and discarding.
    private let file: FileDescriptor?
    private let buffer: UnsafeMutableRawBufferPointer
    private var used = 0

    /// Create or truncate `path` ("-" means standard output).
    public init(path: UnsafePointer<CChar>) throws(SpikeFileError) {
        if path[0] == 45 && path[1] == 0 {
            fd = 1
            file = nil
        } else {
            let created: FileDescriptor
            do { created = try FileDescriptor(path: path, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644) } catch {
                throw SpikeFileError("cannot create the spike file", systemError: error.code)
            }
            fd = created.rawValue
            file = Optional(consume created)
        }
        buffer = .allocate(byteCount: 1 << 16, alignment: 16)
    }

    /// A writer that discards everything (no output file requested).
    public init() {
        fd = -1
        file = nil
        buffer = .allocate(byteCount: 1 << 16, alignment: 16)
    }

    /// Whatever is still buffered is written out (errors ignored: call `flush()` first
    /// to see them).
    deinit {
        if let base = buffer.baseAddress { _ = SpikeFileWriter.writeAll(fd, base, used) }
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

    /// Append one line for `event`.
    public mutating func write(_ event: SpikeEvent) {
        if buffer.count - used < 64 { _ = try? flush() }
        append(unsigned: event.tick)
        append(byte: 44)
        append(unsigned: UInt64(event.channel))
        if let value = event.value {
            append(byte: 44)
            if value < 0 { append(byte: 45) }
            append(unsigned: UInt64(value.magnitude))
        }
        append(byte: 10)
    }

    /// Append a line of text as is (a header or a comment); `text` must not contain
    /// a newline.
    public mutating func write(line text: StaticString) {
        let bytes = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        if buffer.count - used < bytes.count + 1 { _ = try? flush() }
        for b in bytes { append(byte: b) }
        append(byte: 10)
    }

    /// Write out what is buffered; reports the first write error since the last flush.
    public mutating func flush() throws(SpikeFileError) {
        guard let base = buffer.baseAddress else { return }
        let e = SpikeFileWriter.writeAll(fd, base, used)
        used = 0
        if e != 0 { throw SpikeFileError("cannot write the spike file", systemError: e) }
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
