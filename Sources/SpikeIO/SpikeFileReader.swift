import CSystem

/// Streams the events of a spike file from a file descriptor, one at a time, through a
/// fixed buffer: a replay file of any length is read in constant memory.
public struct SpikeFileReader: ~Copyable {
    /// The longest line accepted, in bytes without its newline (the message says 4096).
    public static let maximumLineLength = 4096

    /// The descriptor read: the opened file's, standard input's (0, not ours to
    /// close) or -1 for the empty reader.
    private let fd: Int32
    /// The opened file, closed with the reader; nil for standard input and no file.
    private let file: FileDescriptor?
    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var endOfFile = false
    private var parser = SpikeEventParser()

    /// Read from `path` ("-" means standard input).
    public init(path: UnsafePointer<CChar>) throws(FileError) {
        if path[0] == 45 && path[1] == 0 {
            fd = 0
            file = nil
        } else {
            let opened: FileDescriptor
            do { opened = try FileDescriptor(path: path, flags: O_RDONLY) } catch {
                throw FileError("cannot open the spike file", systemError: error.code)
            }
            fd = opened.rawValue
            file = Optional(consume opened)
        }
        buffer = .allocate(byteCount: 2 * SpikeFileReader.maximumLineLength, alignment: 16)
    }

    /// A reader of no file at all: `next()` returns nil at once. Lets a caller that
    /// has an optional input keep one code path.
    public init() {
        fd = -1
        file = nil
        buffer = .allocate(byteCount: 16, alignment: 16)
        endOfFile = true
    }

    deinit {
        buffer.deallocate()
    }

    /// The next event, or nil at the end of the file.
    public mutating func next() throws(FileError) -> SpikeEvent? {
        while true {
            guard let line = try nextLine() else { return nil }
            if let event = try parser.parse(line: line) { return event }
        }
    }

    private mutating func nextLine() throws(FileError) -> UnsafeRawBufferPointer? {
        while true {
            if let newline = findNewline() {
                try checkLength(newline - start)
                let line = UnsafeRawBufferPointer(rebasing: buffer[start..<newline])
                start = newline + 1
                return line
            }
            try checkLength(end - start)
            if endOfFile {
                guard start < end else { return nil }
                let line = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
                start = end
                return line
            }
            try refill()
        }
    }

    /// Refuse a line (or the start of one) longer than `maximumLineLength`, naming it.
    private func checkLength(_ length: Int) throws(FileError) {
        guard length > SpikeFileReader.maximumLineLength else { return }
        throw FileError("line longer than 4096 bytes", line: parser.lineNumber + 1)
    }

    private func findNewline() -> Int? {
        var i = start
        while i < end {
            if buffer[i] == 10 { return i }
            i += 1
        }
        return nil
    }

    private mutating func refill() throws(FileError) {
        if start > 0 {
            let pending = end - start
            if pending > 0, let base = buffer.baseAddress {
                memmove(base, base + start, pending)
            }
            start = 0
            end = pending
        }
        // `nextLine` refused any pending text longer than a line, so the buffer (two
        // lines long) has room.
        let n: Int
        do { n = try Syscall.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...])) } catch {
            throw FileError("cannot read the spike file", systemError: error.code)
        }
        if n == 0 { endOfFile = true }
        end += n
    }
}
