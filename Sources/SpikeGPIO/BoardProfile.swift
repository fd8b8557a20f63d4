/// The GPIO side of one board profile from boards/ (keys in boards/README.md): which
/// chip the 40-pin header is on and how header pins map to its lines.
///
/// The chip is named by label, never by number, because numbering depends on probe
/// order and kernel (the Pi 5's header chip moved from gpiochip4 to gpiochip0). A board
/// without a header (the host, bare-metal boards) has an empty label and no pins; its
/// lines can still be named as `CHIPLABEL:OFFSET` or by kernel line name.
public struct BoardProfile: Sendable {
    /// `ID`: the profile's file name, e.g. `rpi4`.
    public var id: String
    /// `NAME`: what the board is, for people.
    public var name: String
    /// `GPIO_CHIP_LABEL`: the label of the header's chip; empty without a header.
    public var gpioChipLabel: String
    /// `GPIO_CHIP_LINES`: how many lines that chip has (0 without a header); checked
    /// against the real chip so that a wrong profile is caught before lines are used.
    public var gpioChipLines: UInt32
    /// `GPIO_HEADER`, ascending by pin.
    public var header: [HeaderPin]

    public init(id: String, name: String, gpioChipLabel: String, gpioChipLines: UInt32,
                header: [HeaderPin]) {
        self.id = id
        self.name = name
        self.gpioChipLabel = gpioChipLabel
        self.gpioChipLines = gpioChipLines
        self.header = header
    }

    /// Whether the board has a GPIO header chip at all.
    public var hasGPIOHeader: Bool { !gpioChipLabel.utf8.isEmpty }

    /// The line a header pin is wired to, or nil when the pin is not a GPIO here.
    public func line(ofHeaderPin pin: UInt32) -> UInt32? {
        for entry in header where entry.pin == pin { return entry.line }
        return nil
    }

    /// Build from a profile's values; `value(key)` returns nil for a missing key.
    ///
    /// Only the GPIO keys and `ID`/`NAME` are read; the build keys are the cross
    /// scripts' business. The GPIO keys must agree: all empty, or a label, a line count
    /// and a header whose lines are all below the count.
    public init(values value: (StaticString) -> String?) throws(GPIOError) {
        guard let id = value("ID"), !id.utf8.isEmpty else {
            throw GPIOError("the board profile has no ID")
        }
        let label = value("GPIO_CHIP_LABEL") ?? ""
        let linesText = value("GPIO_CHIP_LINES") ?? ""
        let headerText = value("GPIO_HEADER") ?? ""
        var lines: UInt32 = 0
        if label.utf8.isEmpty {
            guard linesText.utf8.isEmpty, headerText.utf8.isEmpty else {
                throw GPIOError("board \(id): GPIO_CHIP_LINES and GPIO_HEADER need a GPIO_CHIP_LABEL")
            }
        } else {
            guard let count = ASCIIText.decimal(ArraySlice(linesText.utf8)), count > 0 else {
                throw GPIOError("board \(id): GPIO_CHIP_LINES=\"\(linesText)\" is not a positive line count")
            }
            lines = count
        }
        let pins = try BoardProfile.parseHeader(headerText, lines: lines, board: id)
        self.init(id: id, name: value("NAME") ?? id, gpioChipLabel: label, gpioChipLines: lines,
                  header: pins)
    }

    /// Parse `GPIO_HEADER`: space-separated `PIN:LINE` pairs, pins 1-40 ascending, each
    /// line below `lines`. Errors quote the offending pair.
    static func parseHeader(_ text: String, lines: UInt32, board: String) throws(GPIOError) -> [HeaderPin] {
        var pins: [HeaderPin] = []
        for pair in Array(text.utf8).split(separator: 32) {
            let quoted = ASCIIText.string(pair)
            guard let colon = pair.firstIndex(of: 58),
                  let pin = ASCIIText.decimal(pair[pair.startIndex..<colon]),
                  let line = ASCIIText.decimal(pair[(colon + 1)...]) else {
                throw GPIOError("board \(board): GPIO_HEADER pair \"\(quoted)\" is not PIN:LINE")
            }
            guard HeaderPowerPins.pinRange.contains(pin) else {
                throw GPIOError("board \(board): GPIO_HEADER pair \"\(quoted)\": the header has pins 1-40")
            }
            guard line < lines else {
                throw GPIOError("board \(board): GPIO_HEADER pair \"\(quoted)\": the chip has \(lines) lines")
            }
            if let previous = pins.last, previous.pin >= pin {
                throw GPIOError("board \(board): GPIO_HEADER pair \"\(quoted)\" is not after pin \(previous.pin) (pins ascend, once each)")
            }
            pins.append(HeaderPin(pin: pin, line: line))
        }
        return pins
    }
}
