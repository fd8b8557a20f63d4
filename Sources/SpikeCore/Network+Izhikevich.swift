/// Izhikevich (2003) in fixed point, docs/SEMANTICS.md 4.3: 1 mV = 256 units, dt = 1 ms
/// as two 0.5 ms half-steps for `v` (Izhikevich's own integration), `a`, `b` in Q16.
extension Network {
    func updateIzhikevich(_ p: PopulationRuntime, step h: UInt64) -> NeuronUpdateResult {
        guard let v = p.v, let u = p.aux, let current = p.current, let spiked = p.spiked,
              let ref = p.refractory, let (list, countCell) = spikeListSlot(p, step: h)
        else { return NeuronUpdateResult() }
        let spec = p.spec
        let bias = Int64(spec.bias)
        let a = Int64(spec.izhA), b = Int64(spec.izhB)
        let refractoryTicks = UInt16(truncatingIfNeeded: spec.refractory)
        var count = 0
        for j in 0..<p.size {
            let (x, refractory) = Network.gatedInput(current, ref, j, bias)
            var vj = v[j]
            var uj = u[j]
            vj = Network.izhikevichHalfStep(vj, uj, x)
            vj = Network.izhikevichHalfStep(vj, uj, x)
            // Recovery sees v clipped at the peak (SEMANTICS.md 4.3: the overshoot of the
            // spike tick would otherwise kick u by an erratic amount).
            let bv = FixedPoint.floorShr(b &* Int64(vj < spec.vPeak ? vj : spec.vPeak), 16)
            uj = FixedPoint.sat32(Int64(uj) &+ FixedPoint.floorShr(a &* (bv &- Int64(uj)), 16))
            let fires = !refractory && vj >= spec.vPeak
            if fires {
                vj = spec.izhC
                uj = FixedPoint.sat32(Int64(uj) &+ Int64(spec.izhD))
                ref[j] = refractoryTicks
            }
            v[j] = vj
            u[j] = uj
            spiked[j] = fires ? 1 : 0
            list[count] = UInt16(truncatingIfNeeded: j)
            count &+= fires ? 1 : 0
        }
        countCell.pointee = Int32(truncatingIfNeeded: count)
        // Never at rest (SEMANTICS.md 12.1): the activity is irrelevant, `canRest` is false.
        return NeuronUpdateResult(spikes: count, activity: 1)
    }

    /// `v + floor((0.04v² + 5v + 140 − u + I) / 2)` in units of 1/256 mV; the square is
    /// taken of `v` clamped to ±2^20 (±4096 mV) so it fits 64 bits.
    @inline(__always)
    static func izhikevichHalfStep(_ v: Int32, _ u: Int32, _ x: Int64) -> Int32 {
        let clamped = Int64(v > (1 << 20) ? (1 << 20) : (v < -(1 << 20) ? -(1 << 20) : v))
        let quadratic = (clamped &* clamped &* 2621) &>> 24
        let dv = quadratic &+ 5 &* Int64(v) &+ 35840 &- Int64(u) &+ x
        return FixedPoint.sat32(Int64(v) &+ FixedPoint.floorShr(dv, 1))
    }
}
