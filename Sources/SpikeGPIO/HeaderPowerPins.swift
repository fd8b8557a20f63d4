/// What the non-GPIO pins of the standard 40-pin header are, so that naming one says
/// "BOARD2 is a 5V power pin" rather than just "not a GPIO".
///
/// Every board in boards/ with a header uses the Raspberry Pi layout (the VisionFive 2
/// copies it): power and ground sit on the same pins everywhere, and the profiles list
/// only the GPIO pins, so this fixed table covers what the profiles leave out.
enum HeaderPowerPins {
    /// Pins 1 to 40 of the header.
    static let pinRange: ClosedRange<UInt32> = 1...40

    /// The role of a power or ground pin, or nil for a signal pin.
    static func role(ofPin pin: UInt32) -> StaticString? {
        switch pin {
        case 1, 17: return "a 3.3V power pin"
        case 2, 4: return "a 5V power pin"
        case 6, 9, 14, 20, 25, 30, 34, 39: return "a ground pin"
        default: return nil
        }
    }
}
