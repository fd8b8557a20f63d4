/// The internal pull resistor of a line. The kernel accepts bias flags since Linux 5.5
/// and only on chips whose driver can set them; elsewhere the request fails and the
/// backend says so (an external resistor is the fallback), rather than silently
/// leaving a floating input.
public enum LineBias: Sendable {
    /// Leave the bias as firmware or the device tree set it.
    case asIs
    case disabled
    case pullUp
    case pullDown

    /// The value as a user writes it (`bias=pull-up`), for messages.
    public var name: StaticString {
        switch self {
        case .asIs: return "as-is"
        case .disabled: return "disabled"
        case .pullUp: return "pull-up"
        case .pullDown: return "pull-down"
        }
    }
}
