/// One edge on a requested input line, as the kernel timestamped it.
///
/// `timestampNanoseconds` is the kernel's time of the interrupt, on CLOCK_MONOTONIC
/// (the v1 interface's clock since Linux 5.7; earlier kernels used CLOCK_REALTIME),
/// not the time the daemon read the event: edges read late, in a batch, still bin into
/// the tick they happened in.
public struct EdgeEvent: Equatable, Sendable {
    /// The input's index: the order in which `GPIOBackend.requestInput` requested it.
    public var lineIndex: Int
    /// Rising edge of the logical level (after active-low inversion).
    public var rising: Bool
    public var timestampNanoseconds: UInt64

    public init(lineIndex: Int, rising: Bool, timestampNanoseconds: UInt64) {
        self.lineIndex = lineIndex
        self.rising = rising
        self.timestampNanoseconds = timestampNanoseconds
    }

    /// The most events one read returns and one line queues in the kernel: the v1
    /// interface keeps 16 events per line (and drops newer ones when full), and
    /// libgpiod 1.6 reads at most 16 per call.
    public static let batchCapacity = 16
}
