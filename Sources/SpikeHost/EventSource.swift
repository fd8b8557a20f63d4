import SpikeIO

/// Where the tick driver's input events come from: a spike file, the daemon's queue of
/// binned GPIO edges and sensor samples, a test's array.
///
/// Events come in tick order. `peek` looks at the next event without taking it, so the
/// driver can stop at a step boundary; it returns nil when no event is available *now*
/// (the end of a file, or an empty queue that may fill later). A generic constraint,
/// not an existential: Embedded Swift has no `any`.
public protocol EventSource: ~Copyable {
    /// The next event, not consumed; nil when there is none now.
    mutating func peek() throws(FileError) -> SpikeEvent?
    /// Consume the event `peek` returned.
    mutating func removeFirst()
}
