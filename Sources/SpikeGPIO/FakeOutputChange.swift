/// One value `FakeGPIOBackend` drove on an output line, and when (its `now`), so
/// tests assert on the exact sequence of pulses rather than on the last value only.
public struct FakeOutputChange: Equatable, Sendable {
    public var active: Bool
    public var timestampNanoseconds: UInt64

    public init(active: Bool, timestampNanoseconds: UInt64) {
        self.active = active
        self.timestampNanoseconds = timestampNanoseconds
    }
}
