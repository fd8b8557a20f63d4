/// Turns user line names into `LineAddress`es for one board, checking them against the
/// profile and against the chips that are really there.
///
/// Every refusal quotes the text the user wrote and says what would have been valid,
/// because a daemon's configuration error is read by someone at a board, not at the
/// code: "BOARD2 is a 5V power pin, not a GPIO", "GPIO60: the chip pinctrl-bcm2711 has
/// 58 lines (0-57)".
public struct LineResolver: Sendable {
    public var profile: BoardProfile

    public init(profile: BoardProfile) {
        self.profile = profile
    }

    /// Parse and resolve `text` (see `LineName` for the forms).
    public func resolve<Lookup: GPIOLineLookup & ~Copyable>(
        _ text: String, in lookup: borrowing Lookup
    ) throws(GPIOError) -> LineAddress {
        try resolve(LineName(parsing: text), text: text, in: lookup)
    }

    /// Resolve an already parsed name; `text` is what the user wrote, for messages.
    public func resolve<Lookup: GPIOLineLookup & ~Copyable>(
        _ name: LineName, text: String, in lookup: borrowing Lookup
    ) throws(GPIOError) -> LineAddress {
        switch name {
        case .bcm(let offset):
            try requireHeaderChip(text)
            guard offset < profile.gpioChipLines else {
                throw GPIOError("\(text): the chip \(profile.gpioChipLabel) \(GPIOError.linesText(profile.gpioChipLines))")
            }
            return LineAddress(chipLabel: profile.gpioChipLabel, offset: offset)
        case .headerPin(let pin):
            try requireHeaderChip(text)
            if let line = profile.line(ofHeaderPin: pin) {
                return LineAddress(chipLabel: profile.gpioChipLabel, offset: line)
            }
            guard HeaderPowerPins.pinRange.contains(pin) else {
                throw GPIOError("\(text): the header has pins 1-40")
            }
            if let role = HeaderPowerPins.role(ofPin: pin) {
                throw GPIOError("\(text) is \(role), not a GPIO")
            }
            throw GPIOError("\(text): header pin \(pin) is not a GPIO on board \(profile.id); the GPIO pins are \(headerPinList)")
        case .chipOffset(let label, let offset):
            guard let count = lookup.lineCount(chipLabel: label) else {
                throw GPIOError("\(text): no GPIO chip is labelled \(label) (gpiodetect lists the labels)")
            }
            guard offset < count else {
                throw GPIOError("\(text): the chip \(label) \(GPIOError.linesText(count))")
            }
            return LineAddress(chipLabel: label, offset: offset)
        case .kernelName(let kernelName):
            guard let address = lookup.findLine(named: kernelName) else {
                throw GPIOError("\(text): no GPIO line has that kernel name; name a line as 17, GPIO17, BCM17, BOARD11, J8:11, CHIPLABEL:OFFSET or by a name gpioinfo shows")
            }
            return address
        }
    }

    /// Check that the profile's header chip is present with the line count the profile
    /// states, so a wrong `--board` is reported before any line is requested rather
    /// than as a strange failure on some pin. Boards without a header pass.
    public func checkHeaderChip<Lookup: GPIOLineLookup & ~Copyable>(
        in lookup: borrowing Lookup
    ) throws(GPIOError) {
        guard profile.hasGPIOHeader else { return }
        guard let count = lookup.lineCount(chipLabel: profile.gpioChipLabel) else {
            throw GPIOError("board \(profile.id): no GPIO chip is labelled \(profile.gpioChipLabel); is this really a \(profile.name)?")
        }
        guard count == profile.gpioChipLines else {
            throw GPIOError("board \(profile.id): the chip \(profile.gpioChipLabel) has \(count) lines, the profile says \(profile.gpioChipLines); is this really a \(profile.name)?")
        }
    }

    private func requireHeaderChip(_ text: String) throws(GPIOError) {
        guard profile.hasGPIOHeader else {
            throw GPIOError("\(text): board \(profile.id) has no GPIO header (its GPIO_CHIP_LABEL is empty); name the line as CHIPLABEL:OFFSET or by its kernel name")
        }
    }

    /// "3, 5, 7, ..." for the message about a header pin that is not a GPIO.
    private var headerPinList: String {
        var list = ""
        for entry in profile.header {
            if !list.utf8.isEmpty { list += ", " }
            list += "\(entry.pin)"
        }
        return list
    }
}
