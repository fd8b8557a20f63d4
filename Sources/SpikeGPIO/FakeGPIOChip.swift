/// A GPIO chip as `FakeGPIOBackend` pretends it exists: its label, the kernel names
/// of its lines (the array's count is the chip's line count; "" = unnamed, as many
/// real lines are), and whether it accepts bias flags (kernels before 5.5 and some
/// drivers refuse them, which the daemon must report clearly).
public struct FakeGPIOChip: Sendable {
    public var label: String
    public var lineNames: [String]
    public var acceptsBias: Bool

    public init(label: String, lineNames: [String], acceptsBias: Bool = true) {
        self.label = label
        self.lineNames = lineNames
        self.acceptsBias = acceptsBias
    }

    /// A chip of `lines` lines named `PREFIX0`, `PREFIX1`... (a Pi 4 names its header
    /// lines `GPIO0`...`GPIO27`; pass "" for unnamed lines).
    public init(label: String, lines: Int, namePrefix: String, acceptsBias: Bool = true) {
        var names: [String] = []
        for offset in 0..<max(lines, 0) {
            names.append(namePrefix.utf8.isEmpty ? "" : "\(namePrefix)\(offset)")
        }
        self.init(label: label, lineNames: names, acceptsBias: acceptsBias)
    }
}
