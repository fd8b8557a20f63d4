/// A line as a user names it, parsed but not yet resolved against a board.
///
/// The forms are gpiozero's, so that pin names from its documentation work unchanged,
/// plus the two forms libgpiod's tools use:
///
/// | text                  | form          | meaning                                  |
/// | --------------------- | ------------- | ---------------------------------------- |
/// | `17`, `GPIO17`, `BCM17` | `.bcm`      | offset 17 on the board's header chip     |
/// | `BOARD11`, `J8:11`    | `.headerPin`  | physical header pin 11, via `GPIO_HEADER`|
/// | `pinctrl-rp1:17`      | `.chipOffset` | offset 17 on the chip with that label    |
/// | anything else         | `.kernelName` | the line the kernel names so (`gpioinfo`)|
///
/// Prefixes are matched regardless of case (`gpio17` = `GPIO17`), as gpiozero does. A
/// prefixed form whose number does not parse (`GPIO17x`) is taken as a kernel name,
/// since kernels name lines freely; a number too large for any chip is refused here.
public enum LineName: Sendable {
    case bcm(UInt32)
    case headerPin(UInt32)
    case chipOffset(label: String, offset: UInt32)
    case kernelName(String)

    /// Parse `text`; only empty text and numbers beyond `UInt32` are refused.
    public init(parsing text: String) throws(GPIOError) {
        let bytes = Array(text.utf8)
        let all = bytes[...]
        guard !bytes.isEmpty else {
            throw GPIOError("an empty line name; use e.g. 17, GPIO17, BCM17, BOARD11, J8:11, CHIPLABEL:OFFSET or a kernel line name")
        }
        if bytes.allSatisfy(ASCIIText.isDigit) {
            guard let number = ASCIIText.decimal(all) else { throw LineName.tooLarge(text) }
            self = .bcm(number)
            return
        }
        for prefix: StaticString in ["GPIO", "BCM"] {
            if let number = try LineName.number(after: prefix, in: all, text: text) {
                self = .bcm(number)
                return
            }
        }
        for prefix: StaticString in ["BOARD", "J8:"] {
            if let pin = try LineName.number(after: prefix, in: all, text: text) {
                self = .headerPin(pin)
                return
            }
        }
        if let colon = bytes.lastIndex(of: 58), colon > 0, colon + 1 < bytes.count,
           bytes[(colon + 1)...].allSatisfy(ASCIIText.isDigit) {
            guard let offset = ASCIIText.decimal(bytes[(colon + 1)...]) else {
                throw LineName.tooLarge(text)
            }
            self = .chipOffset(label: ASCIIText.string(bytes[..<colon]), offset: offset)
            return
        }
        self = .kernelName(text)
    }

    /// The number after `prefix` when the rest of the text is all digits; nil when the
    /// text has another shape (then it may still be a kernel name).
    private static func number(after prefix: StaticString, in bytes: ArraySlice<UInt8>,
                               text: String) throws(GPIOError) -> UInt32? {
        guard ASCIIText.hasPrefix(bytes, prefix) else { return nil }
        let digits = bytes.dropFirst(prefix.utf8CodeUnitCount)
        guard !digits.isEmpty, digits.allSatisfy(ASCIIText.isDigit) else { return nil }
        guard let number = ASCIIText.decimal(digits) else { throw tooLarge(text) }
        return number
    }

    private static func tooLarge(_ text: String) -> GPIOError {
        GPIOError("\(text): the number is too large for a GPIO line or pin")
    }
}
