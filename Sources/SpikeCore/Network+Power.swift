/// The power modes (docs/SEMANTICS.md 12.2): switching recomputes the effective
/// parameters the step uses — thresholds scaled, decays raised to the fold's power,
/// refractory periods and delays counted in coarser steps — and keeps the state.
extension Network {
    /// Switch to `settings` between steps. The low-power mode is refused
    /// (`unsupported`) for a network with an IZH population.
    public mutating func setPower(_ settings: PowerSettings) throws(SpikeError) {
        try settings.validate()
        if settings.mode == .low, let populations = layout.populations {
            for i in 0..<layout.populationCount where populations[i].spec.model == .izhikevich {
                throw SpikeError(.unsupported, index: i, field: "power")
            }
        }
        power = settings
        applyEffectiveParameters()
        refreshRestFlags()
    }

    /// Recompute every effective parameter from the declared ones and `power`.
    mutating func applyEffectiveParameters() {
        let k = power.ticksPerStep
        let low = power.mode == .low
        if let populations = layout.populations {
            for i in 0..<layout.populationCount {
                // Copied, then folded in place: only five fields change.
                populations[i].spec = populations[i].declared
                if low { Network.fold(&populations[i].spec, fold: k, scale: power.thresholdScale) }
            }
        }
        if let projections = layout.projections {
            for j in 0..<layout.projectionCount {
                let d = projections[j].declaredDelay
                projections[j].delay = low ? (d &+ k &- 1) / k : d
            }
        }
        if let rules = layout.rules {
            for r in 0..<layout.ruleCount { rules[r].refreshDecays(ticksPerStep: k) }
        }
    }

    /// Turn a population's declared parameters `e` into those for steps of `fold`
    /// ticks with thresholds × `scale`.
    static func fold(_ e: inout PopulationSpec, fold: Int, scale: Int32) {
        let k = UInt64(truncatingIfNeeded: fold)
        e.threshold = FixedPoint.sat32(FixedPoint.floorShr(Int64(e.threshold) &* Int64(scale), 16))
        e.beta = FixedPoint.powQ16Outlined(e.beta, k)
        e.alpha = FixedPoint.powQ16Outlined(e.alpha, k)
        e.adaptDecay = FixedPoint.powQ16Outlined(e.adaptDecay, k)
        e.refractory = (e.refractory &+ Int32(truncatingIfNeeded: fold) &- 1)
            / Int32(truncatingIfNeeded: fold)
    }
}
