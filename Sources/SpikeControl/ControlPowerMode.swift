/// The power modes `power` names; raw values equal SpikeCore's `PowerMode`
/// (normal 0, low 1, full 2), so the daemon converts with `PowerMode(rawValue:)`.
public enum ControlPowerMode: UInt8, CaseIterable, Sendable {
    case normal = 0
    case low = 1
    case full = 2

    public var name: StaticString {
        switch self {
        case .normal: return "normal"
        case .low: return "low"
        case .full: return "full"
        }
    }

    public init?<C: Collection>(name bytes: C) where C.Element == UInt8 {
        for mode in ControlPowerMode.allCases where mode.name.matches(bytes) {
            self = mode
            return
        }
        return nil
    }
}
