/// What name resolution needs to know about the GPIO chips actually present: whether a
/// label exists and how many lines it has, and which line carries a kernel line name.
///
/// A protocol (used generically, never as `any`) so that the resolver is tested against
/// `FakeGPIOBackend`'s chips and runs against libgpiod on a board; every `GPIOBackend`
/// provides it.
public protocol GPIOLineLookup: ~Copyable {
    /// The number of lines of the chip labelled `chipLabel`, or nil when no chip has
    /// that label.
    func lineCount(chipLabel: String) -> UInt32?

    /// The first line (in chip order) whose kernel name is `name`, or nil. Kernel names
    /// are not unique; the first match is what libgpiod's `gpiod_line_find` returns too.
    func findLine(named name: String) -> LineAddress?
}
