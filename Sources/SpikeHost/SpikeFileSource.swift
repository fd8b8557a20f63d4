import SpikeIO

/// A spike file (or stdin, or a FIFO) as an event source: `SpikeFileReader` plus the
/// one event of look-ahead that `peek` needs.
public struct SpikeFileSource: ~Copyable, EventSource {
    private var reader: SpikeFileReader
    private var pending: SpikeEvent?
    private var needsRead = true

    /// Events from `path` ("-" = standard input).
    public init(path: String) throws(FileError) {
        let cPath = CString(path)
        reader = try SpikeFileReader(path: cPath.pointer)
    }

    /// No events at all.
    public init() {
        reader = SpikeFileReader()
    }

    public mutating func peek() throws(FileError) -> SpikeEvent? {
        if needsRead {
            pending = try reader.next()
            needsRead = false
        }
        return pending
    }

    public mutating func removeFirst() {
        needsRead = true
        pending = nil
    }
}
