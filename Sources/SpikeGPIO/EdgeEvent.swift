/// One edge on a requested input line, as the kernel timestamped it.
///
/// `timestampNanoseconds` is the kernel's time of the interrupt, on CLOCK_MONOTONIC
/// (the v1 interface's clock since Linux 5.7; earlier kernels used CLOCK_REALTIME; the
/// libgpiod 2.x backend asks for it explicitly), not the time the daemon read the
/// event: edges read late, in a batch, still bin into the tick they happened in.
///
/// The sequence numbers are the kernel's (v2 interface, libgpiod 2.x): every event the
/// kernel generates is numbered, from 1, whether or not it is later dropped from a full
/// queue, so a gap in them counts lost events exactly (`EdgeSequenceTracker`). nil means
/// "not numbered": libgpiod 1.6 (v1) events, and edges the daemon derives itself. (Not
/// 0: the kernel's 32-bit counters wrap through 0 after 2^32 events.)
public struct EdgeEvent: Equatable, Sendable {
    /// The input's index: the order in which `GPIOBackend.requestInput` requested it.
    public var lineIndex: Int
    /// Rising edge of the logical level (after active-low inversion).
    public var rising: Bool
    public var timestampNanoseconds: UInt64
    /// The event's number among the events of its line (v2 `line_seqno`), or nil.
    public var lineSequence: UInt32?
    /// The event's number among the events of its whole line request (v2 `seqno`), or
    /// nil. The kernel gives a request of one line the line's own number here.
    public var globalSequence: UInt32?

    public init(lineIndex: Int, rising: Bool, timestampNanoseconds: UInt64,
                lineSequence: UInt32? = nil, globalSequence: UInt32? = nil) {
        self.lineIndex = lineIndex
        self.rising = rising
        self.timestampNanoseconds = timestampNanoseconds
        self.lineSequence = lineSequence
        self.globalSequence = globalSequence
    }

    /// The most events one read returns and one line queues in the kernel: the v1
    /// interface keeps 16 events per line (and drops newer ones when full), and
    /// libgpiod 1.6 reads at most 16 per call. The 2.x backend asks the kernel for the
    /// same depth (16 per one-line request, the v2 default) and reads as many at a time,
    /// so both backends overflow at the same point; v2 then drops the oldest instead.
    public static let batchCapacity = 16
}
