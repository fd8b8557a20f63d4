import SpikeCore

/// One parameter set by a `learning` request; the range the network accepts is checked
/// by the network when applied (it depends on the rule), only Int32 range here.
public struct LearningParameterValue: Equatable, Sendable {
    public var parameter: PlasticityParameter
    public var value: Int32

    public init(_ parameter: PlasticityParameter, _ value: Int32) {
        self.parameter = parameter
        self.value = value
    }
}
