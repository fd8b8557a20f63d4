import CSystem

/// The descriptors the daemon's loop waits on, as one reusable pollfd array.
///
/// Rebuilt each turn of the loop (`removeAll()` keeps the storage, so a steady loop
/// does not allocate), then `wait` blocks in poll(2) until something is ready or the
/// timeout passes; with no timer armed the loop waits forever and wakes for nothing.
public struct PollSet {
    private var entries: [pollfd] = []

    /// Data to read (or a connection to accept).
    public static let readable = Int16(truncatingIfNeeded: POLLIN)
    /// Room to write.
    public static let writable = Int16(truncatingIfNeeded: POLLOUT)
    /// The peer hung up (reported whether asked for or not).
    public static let hangUp = Int16(truncatingIfNeeded: POLLHUP)
    /// An error on the descriptor (reported whether asked for or not).
    public static let error = Int16(truncatingIfNeeded: POLLERR)
    /// Not an open descriptor (reported whether asked for or not).
    public static let invalid = Int16(truncatingIfNeeded: POLLNVAL)

    public init() {}

    /// How many descriptors are in the set.
    public var count: Int { entries.count }

    /// Empty the set, keeping its storage for the next turn.
    public mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
    }

    /// Watch `fd` for `events` (`readable`, `writable`, or both OR-ed); the index to
    /// ask `returnedEvents` about after `wait`. A negative fd is kept but ignored by
    /// poll(2), which lets a caller keep indices stable for absent sources.
    public mutating func add(_ fd: Int32, events: Int16) -> Int {
        entries.append(pollfd(fd: fd, events: events, revents: 0))
        return entries.count - 1
    }

    /// Block until at least one descriptor is ready or `timeoutMilliseconds` pass (-1:
    /// no timeout). Returns how many entries have events; 0 after a timeout or when a
    /// signal interrupted the wait (EINTR), so the caller recomputes its deadline.
    public mutating func wait(timeoutMilliseconds: Int32) throws(SystemError) -> Int {
        for index in entries.indices { entries[index].revents = 0 }
        return try entries.withUnsafeMutableBufferPointer { (buffer: inout UnsafeMutableBufferPointer<pollfd>) throws(SystemError) -> Int in
            try Syscall.poll(buffer, timeoutMilliseconds: timeoutMilliseconds)
        }
    }

    /// The events `wait` reported for the entry at `index` (0 for an index not in the set).
    public func returnedEvents(_ index: Int) -> Int16 {
        guard entries.indices.contains(index) else { return 0 }
        return entries[index].revents
    }

    /// Whether the entry at `index` reported any of `events` (e.g. `readable | hangUp`).
    public func has(_ events: Int16, at index: Int) -> Bool {
        returnedEvents(index) & events != 0
    }
}
