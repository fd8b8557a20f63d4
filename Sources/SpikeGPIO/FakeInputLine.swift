/// One input line of `FakeGPIOBackend`: its configuration, the kernel-like queue of up
/// to `EdgeEvent.batchCapacity` events, and the pipe that makes its descriptor poll
/// readable exactly while the queue is non-empty (one byte in the pipe), as the
/// kernel's event file does.
struct FakeInputLine {
    var config: InputLineConfig
    var readEnd: Int32
    var writeEnd: Int32
    var queue: [EdgeEvent] = []
    /// Events refused because the queue was full, as the v1 kernel drops them.
    var dropped: UInt64 = 0
}
