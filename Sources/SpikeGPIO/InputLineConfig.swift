/// How one input line is requested: its address, which edges to report, its bias and
/// polarity, and the debounce period: the 2.x backend hands it to the kernel
/// (`debounce_period_us`), the 1.6 backend ignores it and the daemon debounces in user
/// space instead (libgpiod 1.6 and the v1 kernel interface have none); see
/// `GPIOBackend.debouncesInKernel`.
public struct InputLineConfig: Sendable {
    public var address: LineAddress
    public var edges: InputEdge
    public var bias: LineBias
    /// Whether low is "active": the kernel then reports edges of the inverted level, so
    /// a button to ground with a pull-up gives a rising edge on press.
    public var activeLow: Bool
    /// Debounce period in nanoseconds; 0 = none (see `Debouncer`). The kernel takes
    /// whole microseconds: the 2.x backend rounds up (a period is never lost to 0).
    public var debounceNanoseconds: UInt64

    public init(address: LineAddress, edges: InputEdge = .both, bias: LineBias = .asIs,
                activeLow: Bool = false, debounceNanoseconds: UInt64 = 0) {
        self.address = address
        self.edges = edges
        self.bias = bias
        self.activeLow = activeLow
        self.debounceNanoseconds = debounceNanoseconds
    }
}
