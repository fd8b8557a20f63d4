/// One learning rule as described in a model (docs/SEMANTICS.md 11.1, docs/model.cddl
/// `plasticity`). Amplitudes are in 2^-16 weight steps, decays are Q16 multipliers per
/// tick. Every field but `projection` and `rule` can change at run time
/// (`Network.setPlasticityParameter`).
public struct PlasticitySpec: Equatable, Sendable {
    public var projection: Int
    public var rule: PlasticityRule
    public var aPlus: Int32 = 0
    public var aMinus: Int32 = 0
    public var decayPre: Int32 = 0
    public var decayPost: Int32 = 0
    public var wMin: Int32 = -128
    public var wMax: Int32 = 127
    public var bounds: WeightBounds = .hard
    /// R-STDP: Q16 factor of reward × eligibility.
    public var learningRate: Int32 = 0
    /// R-STDP: eligibility decay per tick, Q16.
    public var decayEligibility: Int32 = 0
    /// Sum every target neuron's incoming weights are rescaled to after its spikes
    /// (STDP on DENSE projections); 0 = off.
    public var normTarget: Int32 = 0
    public var enabled: Bool = true

    public init(projection: Int, rule: PlasticityRule) {
        self.projection = projection
        self.rule = rule
    }
}
