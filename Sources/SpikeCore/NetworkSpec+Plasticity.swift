/// Validation of learning rules and the power settings (docs/SEMANTICS.md 9, 11, 12).
extension NetworkSpec {
    func validatePlasticity() throws(SpikeError) {
        guard plasticity.count <= projections.count else {
            throw SpikeError(.limitExceeded, index: plasticity.count, field: "plasticity")
        }
        guard plasticity.count == 0 || plasticity.baseAddress != nil else {
            throw SpikeError(.nullPointer, field: "plasticity")
        }
        // Built without learning, `Network.init` refuses every rule, and the layout
        // ignores them, so there is nothing more to check; `arenaSize(for:)` still
        // answers for a description with rules (without them).
        #if !SPK_NO_LEARNING
        for r in 0..<plasticity.count {
            let rule = plasticity[r]
            guard rule.projection >= 0, rule.projection < projections.count else {
                throw SpikeError(.invalidPlasticity, index: r, field: "projection")
            }
            for earlier in 0..<r where plasticity[earlier].projection == rule.projection {
                throw SpikeError(.invalidPlasticity, index: r, field: "projection")
            }
            try rule.validate(index: r, kind: projections[rule.projection].kind)
        }
        #endif
    }

    func validatePower() throws(SpikeError) {
        try power.validate()
        if power.mode == .low {
            for i in 0..<populations.count where populations[i].model == .izhikevich {
                throw SpikeError(.unsupported, index: i, field: "power")
            }
        }
    }

    /// The rule for projection `projection`, if it has one.
    func ruleIndex(ofProjection projection: Int) -> Int? {
        for r in 0..<plasticity.count where plasticity[r].projection == projection { return r }
        return nil
    }
}

extension PlasticitySpec {
    /// Check every field against SEMANTICS.md 9 for a rule on a projection of `kind`;
    /// `index` names the rule in the error. Built without learning (`SPK_NO_LEARNING`)
    /// every rule is refused: `unsupported`, field "plasticity" (the blob loader checks
    /// each rule with this, so a blob with rules fails its size query and its load).
    public func validate(index r: Int, kind: ProjectionKind) throws(SpikeError) {
        #if SPK_NO_LEARNING
        throw SpikeError(.unsupported, index: r, field: "plasticity")
        #else
        guard kind != .conv2d else {
            throw SpikeError(.invalidPlasticity, index: r, field: "projection")
        }
        let amplitude = NetworkLimits.maxAmplitude, unit = NetworkLimits.unitMultiplier
        guard aPlus >= 0, aPlus <= amplitude else {
            throw SpikeError(.invalidPlasticity, index: r, field: "a_plus")
        }
        guard aMinus >= 0, aMinus <= amplitude else {
            throw SpikeError(.invalidPlasticity, index: r, field: "a_minus")
        }
        guard decayPre >= 0, decayPre <= unit else {
            throw SpikeError(.invalidPlasticity, index: r, field: "decay_pre")
        }
        guard decayPost >= 0, decayPost <= unit else {
            throw SpikeError(.invalidPlasticity, index: r, field: "decay_post")
        }
        guard wMin >= -128, wMin <= 127 else {
            throw SpikeError(.invalidPlasticity, index: r, field: "w_min")
        }
        guard wMax >= wMin, wMax <= 127 else {
            throw SpikeError(.invalidPlasticity, index: r, field: "w_max")
        }
        guard learningRate >= 0, learningRate <= amplitude else {
            throw SpikeError(.invalidPlasticity, index: r, field: "learning_rate")
        }
        guard decayEligibility >= 0, decayEligibility <= unit else {
            throw SpikeError(.invalidPlasticity, index: r, field: "decay_elig")
        }
        guard normTarget >= 0, normTarget <= NetworkLimits.maxNormTarget,
              normTarget == 0 || (kind == .dense && !rule.isRewardModulated)
        else { throw SpikeError(.invalidPlasticity, index: r, field: "norm_target") }
        #endif
    }
}

extension PowerSettings {
    /// Fold 2…256 and threshold scale 1…2^20 (also checked when the mode is not low:
    /// they are what switching to it will use).
    public func validate() throws(SpikeError) {
        guard fold >= 2, fold <= NetworkLimits.maxFold else {
            throw SpikeError(.outOfRange, index: fold, field: "fold")
        }
        guard thresholdScale >= 1, thresholdScale <= NetworkLimits.maxThresholdScale else {
            throw SpikeError(.outOfRange, index: Int(thresholdScale), field: "threshold_scale")
        }
    }
}
