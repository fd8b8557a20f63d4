/// Where a line is, as libgpiod is asked for it: the label of its chip and its offset
/// on that chip. Labels, not chip numbers, because numbers change with probe order and
/// kernel; the label is what `gpiodetect` prints and what `gpiod_chip_open_by_label`
/// takes.
public struct LineAddress: Equatable, Sendable {
    public var chipLabel: String
    public var offset: UInt32

    public init(chipLabel: String, offset: UInt32) {
        self.chipLabel = chipLabel
        self.offset = offset
    }

    /// `CHIPLABEL:OFFSET`, the form users may also write, for messages and logs.
    public var description: String { "\(chipLabel):\(offset)" }

    /// Labels compared byte for byte: String's own `==` needs Unicode tables that
    /// Embedded Swift does not link.
    public static func == (a: LineAddress, b: LineAddress) -> Bool {
        a.offset == b.offset && ASCIIText.equal(a.chipLabel, b.chipLabel)
    }
}
