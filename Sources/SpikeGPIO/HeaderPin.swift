/// One GPIO pin of a board's 40-pin header: the physical pin number (1-40, as printed
/// on the board and as gpiozero's `BOARD11`/`J8:11` count) and the line offset it is
/// wired to on the board's GPIO chip (`GPIO_HEADER`'s `PIN:LINE` pairs).
public struct HeaderPin: Equatable, Sendable {
    public var pin: UInt32
    public var line: UInt32

    public init(pin: UInt32, line: UInt32) {
        self.pin = pin
        self.line = line
    }
}
