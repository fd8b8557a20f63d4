/// Splits the byte stream of a nonblocking socket into lines.
///
/// Reads end anywhere: in the middle of a line, or after several lines. The assembler
/// keeps only the unfinished tail of one line, at most `limit` bytes (its buffer is
/// allocated once, at `init`), so a client that never sends a newline costs a fixed
/// amount of memory. A line longer than `limit` is reported once as `.oversized` and
/// skipped up to its newline; the lines after it are read normally, so one bad request
/// does not end the connection. Lines complete inside one read are handed out in place,
/// without a copy.
public struct LineAssembler {
    /// Longest line accepted, newline excluded.
    public let limit: Int
    private var pending: [UInt8]
    /// Inside an oversized line: bytes are dropped until the next newline.
    private var discarding = false

    public init(limit: Int = JSONLimits.control.maxLineLength) {
        self.limit = max(limit, 1)
        pending = []
        pending.reserveCapacity(self.limit)
    }

    /// Bytes of the unfinished line held now (≤ `limit`).
    public var pendingCount: Int { pending.count }

    /// Take the bytes of one read; `handle` runs for each line completed by them, in
    /// order, and for each line that became oversized.
    public mutating func feed<E: Error>(_ chunk: UnsafeRawBufferPointer,
                                        _ handle: (AssembledLine) throws(E) -> Void) throws(E) {
        var start = 0
        while start < chunk.count {
            var newline = start
            while newline < chunk.count, chunk[newline] != 0x0A { newline += 1 }
            let segment = UnsafeRawBufferPointer(rebasing: chunk[start..<newline])
            let complete = newline < chunk.count
            start = newline + 1
            if discarding {
                if complete { discarding = false }
                continue
            }
            if pending.count + segment.count > limit {
                let seen = pending.count + segment.count
                pending.removeAll(keepingCapacity: true)
                discarding = !complete
                try handle(.oversized(byteCount: seen))
                continue
            }
            if !complete {
                pending.append(contentsOf: segment)
                continue
            }
            if pending.isEmpty {
                try handle(.line(segment))
            } else {
                pending.append(contentsOf: segment)
                try handOutPending(handle)
            }
        }
    }

    /// The end of the stream: an unfinished line left over is handed out as a line
    /// (a client may omit the last newline), then the assembler is empty again.
    public mutating func finish<E: Error>(_ handle: (AssembledLine) throws(E) -> Void) throws(E) {
        let wasDiscarding = discarding
        discarding = false
        guard !wasDiscarding, !pending.isEmpty else {
            pending.removeAll(keepingCapacity: true)
            return
        }
        try handOutPending(handle)
    }

    /// `pending` as a line, then emptied (capacity kept), also when `handle` throws.
    /// (Array.withUnsafeBytes is untyped `rethrows`, hence the error carried out.)
    private mutating func handOutPending<E: Error>(_ handle: (AssembledLine) throws(E) -> Void) throws(E) {
        var failure: E?
        pending.withUnsafeBytes { raw in
            do throws(E) {
                try handle(.line(raw))
            } catch {
                failure = error
            }
        }
        pending.removeAll(keepingCapacity: true)
        if let failure { throw failure }
    }
}
