/// The run-time side of learning (docs/SEMANTICS.md 11.3, 11.4): switches and
/// parameters, and the traces a checkpoint saves (rewards: Network+Eligibility.swift).
extension Network {
    /// The rule on projection `projection`, if it has one.
    public func plasticityIndex(projection: Int) -> Int? {
        #if SPK_NO_LEARNING
        return nil
        #else
        guard let projections = layout.projections, projection >= 0,
              projection < layout.projectionCount, projections[projection].rule >= 0
        else { return nil }
        return projections[projection].rule
        #endif
    }

    /// Rule `rule` with its current parameters and switch.
    public func plasticitySpec(_ rule: Int) throws(SpikeError) -> PlasticitySpec {
        try ruleRuntime(rule).spec
    }

    /// Switch learning of rule `rule` on or off; its traces keep their values.
    public mutating func setLearning(rule: Int, enabled: Bool) throws(SpikeError) {
        _ = try ruleRuntime(rule)
        layout.rules?[rule].spec.enabled = enabled
    }

    /// Change one parameter of rule `rule`, from the next step on. A value the rule
    /// cannot take (SEMANTICS.md 9) is refused (`invalidPlasticity`) and nothing changes.
    public mutating func setPlasticityParameter(rule: Int, _ parameter: PlasticityParameter,
                                                to value: Int32) throws(SpikeError) {
        let current = try ruleRuntime(rule)
        guard parameter != .bounds || value == 0 || value == 1 else {
            throw SpikeError(.invalidPlasticity, index: rule, field: "bounds")
        }
        var spec = current.spec
        spec.set(parameter, to: value)
        guard let projections = layout.projections else { return }
        try spec.validate(index: rule, kind: projections[spec.projection].kind)
        layout.rules?[rule].spec = spec
        layout.rules?[rule].refreshDecays(ticksPerStep: power.ticksPerStep)
        layout.rules?[rule].resolveKernel(kind: projections[spec.projection].kind)
    }

    /// The state buffers of rule `rule` (docs/model.cddl `plasticity-state`); writing
    /// through them changes the network's state (call `finishRestore()` afterwards).
    public func plasticityState(_ rule: Int) throws(SpikeError) -> PlasticityState {
        let r = try ruleRuntime(rule)
        func buffer<T>(_ x: UnsafeMutablePointer<T>?, _ n: Int) -> UnsafeMutableBufferPointer<T>? {
            guard let x else { return nil }
            return UnsafeMutableBufferPointer(start: x, count: n)
        }
        return PlasticityState(
            pre: buffer(r.pre, r.sourceSize), post: buffer(r.post, r.targetSize),
            eligibility: buffer(r.eligibility, r.synapseCount),
            stamps: buffer(r.stamps, r.synapseCount))
    }

    func ruleRuntime(_ rule: Int) throws(SpikeError) -> PlasticityRuntime {
        guard let rules = layout.rules, rule >= 0, rule < layout.ruleCount else {
            throw SpikeError(.outOfRange, index: rule, field: "plasticity")
        }
        return rules[rule]
    }
}
