/// Why an IIO device or channel could not be found or read. Names the device (as
/// asked for), the channel (empty for device errors), the path involved and, for a
/// malformed number, the offending text.
public struct IIOError: Error, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The devices directory (the root) cannot be listed.
        case rootUnreadable
        /// No `iio:deviceN` has that `name`.
        case deviceNotFound
        /// The device has no `<channel>_raw`.
        case channelNotFound
        /// An attribute file exists but cannot be read.
        case cannotRead
        /// An attribute is not the number it should be.
        case malformedNumber
        /// (raw + offset) × scale does not fit 64 bits of nano-units.
        case outOfRange
    }

    public var kind: Kind
    public var device: String
    public var channel: String
    public var path: String
    /// The file's text for `malformedNumber` (cut at 40 bytes), else empty.
    public var text: String
    public var systemError: Int32

    public init(_ kind: Kind, device: String, channel: String = "", path: String, text: String = "",
                systemError: Int32 = 0) {
        self.kind = kind
        self.device = device
        self.channel = channel
        self.path = path
        self.text = text
        self.systemError = systemError
    }

    public var reason: StaticString {
        switch kind {
        case .rootUnreadable: return "cannot list the IIO devices"
        case .deviceNotFound: return "no IIO device with this name"
        case .channelNotFound: return "no such channel (no <channel>_raw)"
        case .cannotRead: return "cannot read the attribute"
        case .malformedNumber: return "not a decimal number"
        case .outOfRange: return "value out of the 64-bit range"
        }
    }

    /// `IIO device "ads1015" channel "in_voltage0": <reason>: <path> ("<text>") (errno N)`.
    public var message: String {
        var m = "IIO device \"" + device + "\""
        if !channel.isEmpty { m += " channel \"" + channel + "\"" }
        m += ": " + String(decoding: UnsafeRawBufferPointer(start: reason.utf8Start, count: reason.utf8CodeUnitCount),
                           as: UTF8.self)
        m += ": " + path
        if !text.isEmpty { m += " (\"" + text + "\")" }
        if systemError != 0 { m += " (errno \(systemError))" }
        return m
    }

    /// By bytes (`String ==` needs Unicode tables in Embedded Swift).
    public static func == (a: IIOError, b: IIOError) -> Bool {
        a.kind == b.kind && a.systemError == b.systemError
            && a.device.utf8.elementsEqual(b.device.utf8) && a.channel.utf8.elementsEqual(b.channel.utf8)
            && a.path.utf8.elementsEqual(b.path.utf8) && a.text.utf8.elementsEqual(b.text.utf8)
    }
}
