/// The params of `learning`: `{"enabled": bool}` and/or parameters such as
/// `{"a_plus": 131072}`; at least one of them. Parameters are in request order.
public struct LearningChange: Equatable, Sendable {
    public var enabled: Bool?
    public var parameters: [LearningParameterValue]

    public init(enabled: Bool? = nil, parameters: [LearningParameterValue] = []) {
        self.enabled = enabled
        self.parameters = parameters
    }
}
