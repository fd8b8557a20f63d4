/// How one output line is requested: its address, polarity, and the value it takes
/// the moment it is requested (so a line never glitches to the wrong level between
/// the request and the first write).
public struct OutputLineConfig: Sendable {
    public var address: LineAddress
    /// Whether "active" drives the line low (e.g. an LED from 3.3V to the pin).
    public var activeLow: Bool
    /// The logical value at request time; `false` = inactive.
    public var initialActive: Bool

    public init(address: LineAddress, activeLow: Bool = false, initialActive: Bool = false) {
        self.address = address
        self.activeLow = activeLow
        self.initialActive = initialActive
    }
}
