/// One input line of `FakeGPIOBackend`: its configuration, the kernel-like queue of up
/// to `EdgeEvent.batchCapacity` events, and the pipe that makes its descriptor poll
/// readable exactly while the queue is non-empty (one byte in the pipe), as the
/// kernel's event file does.
struct FakeInputLine {
    var config: InputLineConfig
    var readEnd: Int32
    var writeEnd: Int32
    var queue: [EdgeEvent] = []
    /// Events lost because the queue was full: refused (v1) or pushed out (v2).
    var dropped: UInt64 = 0
    /// The number the next event gets under `GPIOQueueOverflow.dropOldest` (v2 numbers
    /// every event it generates, from 1, dropped ones included).
    var nextSequence: UInt32 = 1
}
