/// Validation of a network description against docs/SEMANTICS.md section 9.
///
/// Everything is checked before a single byte of the arena is written, so a bad
/// description (an untrusted blob, a typo in a test) yields a `SpikeError` naming the
/// element and field, never a trap later in the step loop. The zero-delay cycle check
/// needs scratch memory and so runs while the network is placed (`Network.init`).
extension NetworkSpec {
    public func validate() throws(SpikeError) {
        let np = populations.count
        guard np >= 1, np <= NetworkLimits.maxPopulations else {
            throw SpikeError(.limitExceeded, index: np, field: "populations")
        }
        guard projections.count <= NetworkLimits.maxProjections else {
            throw SpikeError(.limitExceeded, index: projections.count, field: "projections")
        }
        guard encoders.count <= NetworkLimits.maxEncoders else {
            throw SpikeError(.limitExceeded, index: encoders.count, field: "encoders")
        }
        guard decoders.count <= NetworkLimits.maxDecoders else {
            throw SpikeError(.limitExceeded, index: decoders.count, field: "decoders")
        }
        for i in 0..<np { try populations[i].validate(index: i) }
        for i in 0..<projections.count {
            try validateProjection(i)
        }
        for i in 0..<np where populations[i].model != .input {
            var fanIn = 0
            for p in projections where p.target == i { fanIn &+= 1 }
            guard fanIn <= NetworkLimits.maxFanIn else {
                throw SpikeError(.limitExceeded, index: i, field: "fan_in")
            }
        }
        for i in 0..<encoders.count { try validateEncoder(i) }
        for i in 0..<decoders.count { try validateDecoder(i) }
        try validatePlasticity()
        try validatePower()
    }

    private func validateProjection(_ i: Int) throws(SpikeError) {
        let p = projections[i]
        let np = populations.count
        guard p.source >= 0, p.source < np else {
            throw SpikeError(.invalidProjection, index: i, field: "source")
        }
        guard p.target >= 0, p.target < np, populations[p.target].model != .input else {
            throw SpikeError(.invalidProjection, index: i, field: "target")
        }
        guard p.delay >= 0, p.delay <= NetworkLimits.maxDelay else {
            throw SpikeError(.invalidProjection, index: i, field: "delay")
        }
        guard p.delay > 0 || p.source != p.target else {
            throw SpikeError(.zeroDelayCycle, index: i, field: "delay")
        }
        guard p.shift >= 0, p.shift <= NetworkLimits.maxShift else {
            throw SpikeError(.invalidProjection, index: i, field: "shift")
        }
        let nSrc = populations[p.source].size, nTgt = populations[p.target].size
        guard p.weights.count == 0 || p.weights.baseAddress != nil else {
            throw SpikeError(.nullPointer, index: i, field: "weights")
        }
        switch p.kind {
        case .dense:
            guard p.weights.count == product(nSrc, nTgt, 1) else {
                throw SpikeError(.invalidProjection, index: i, field: "weights")
            }
        case .oneToOne:
            guard nSrc == nTgt, p.weights.count == nSrc else {
                throw SpikeError(.invalidProjection, index: i, field: "weights")
            }
        case .sparse:
            try validateCSR(p, index: i, nSrc: nSrc, nTgt: nTgt)
        case .conv2d:
            try validateConv(p, index: i, nSrc: nSrc, nTgt: nTgt)
        }
    }

    private func validateCSR(_ p: ProjectionSpec, index i: Int, nSrc: Int, nTgt: Int)
        throws(SpikeError)
    {
        let rows = p.rowPointers, cols = p.columns
        guard rows.count == nSrc &+ 1, rows.baseAddress != nil,
              cols.count == 0 || cols.baseAddress != nil
        else { throw SpikeError(.invalidProjection, index: i, field: "row_ptr") }
        guard rows[0] == 0, Int(truncatingIfNeeded: rows[nSrc]) == cols.count, cols.count == p.weights.count else {
            throw SpikeError(.invalidProjection, index: i, field: "row_ptr")
        }
        for r in 0..<nSrc {
            let start = Int(truncatingIfNeeded: rows[r]), end = Int(truncatingIfNeeded: rows[r &+ 1])
            guard start <= end else {
                throw SpikeError(.invalidProjection, index: i, field: "row_ptr")
            }
            var previous = -1
            for k in start..<end {
                let c = Int(cols[k])
                guard c < nTgt, c > previous else {
                    throw SpikeError(.invalidProjection, index: i, field: "col")
                }
                previous = c
            }
        }
    }

    private func validateConv(_ p: ProjectionSpec, index i: Int, nSrc: Int, nTgt: Int)
        throws(SpikeError)
    {
        let g = p.conv
        let limit = NetworkLimits.maxPopulationSize
        guard g.inHeight >= 1, g.inWidth >= 1, g.inChannels >= 1, g.outChannels >= 1,
              g.kernelHeight >= 1, g.kernelWidth >= 1, g.strideY >= 1, g.strideX >= 1,
              g.inHeight <= limit, g.inWidth <= limit, g.inChannels <= limit,
              g.outChannels <= limit, g.kernelHeight <= limit, g.kernelWidth <= limit,
              g.strideY <= limit, g.strideX <= limit,
              g.padY >= 0, g.padY < g.kernelHeight, g.padX >= 0, g.padX < g.kernelWidth,
              g.outHeight >= 1, g.outWidth >= 1
        else { throw SpikeError(.invalidProjection, index: i, field: "conv") }
        guard product(g.inHeight, g.inWidth, g.inChannels) == nSrc,
              product(g.outHeight, g.outWidth, g.outChannels) == nTgt
        else { throw SpikeError(.invalidProjection, index: i, field: "conv_shape") }
        let taps = product(g.kernelHeight, g.kernelWidth, g.inChannels)
        guard taps >= 0, p.weights.count == product(taps, g.outChannels, 1) else {
            throw SpikeError(.invalidProjection, index: i, field: "weights")
        }
    }

    /// a·b·c, or -1 when it overflows `Int` (32 bits on the Arm targets).
    private func product(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let (ab, o1) = a.multipliedReportingOverflow(by: b)
        let (abc, o2) = ab.multipliedReportingOverflow(by: c)
        return o1 || o2 ? -1 : abc
    }

    private func validateEncoder(_ i: Int) throws(SpikeError) {
        let e = encoders[i]
        guard e.population >= 0, e.population < populations.count,
              populations[e.population].model == .input
        else { throw SpikeError(.invalidEncoder, index: i, field: "population") }
        for j in 0..<i where encoders[j].population == e.population {
            throw SpikeError(.invalidEncoder, index: i, field: "population")
        }
        switch e.kind {
        case .rate:
            break
        case .latency:
            guard e.parameter >= 1, e.parameter <= NetworkLimits.maxLatencyWindow else {
                throw SpikeError(.invalidEncoder, index: i, field: "window")
            }
        case .delta:
            guard e.parameter >= 1, populations[e.population].size % 2 == 0 else {
                throw SpikeError(.invalidEncoder, index: i, field: "threshold")
            }
        }
    }

    private func validateDecoder(_ i: Int) throws(SpikeError) {
        let d = decoders[i]
        guard d.population >= 0, d.population < populations.count else {
            throw SpikeError(.invalidDecoder, index: i, field: "population")
        }
        guard d.kind != .membrane || populations[d.population].model != .input else {
            throw SpikeError(.invalidDecoder, index: i, field: "kind")
        }
    }
}

extension PopulationSpec {
    func validate(index i: Int) throws(SpikeError) {
        guard size >= 1, size <= NetworkLimits.maxPopulationSize else {
            throw SpikeError(.invalidPopulation, index: i, field: "size")
        }
        let unit = NetworkLimits.unitMultiplier
        guard beta >= 0, beta <= unit else {
            throw SpikeError(.invalidPopulation, index: i, field: "beta")
        }
        guard alpha >= 0, alpha <= unit else {
            throw SpikeError(.invalidPopulation, index: i, field: "alpha")
        }
        guard adaptDecay >= 0, adaptDecay <= unit else {
            throw SpikeError(.invalidPopulation, index: i, field: "adapt_decay")
        }
        guard refractory >= 0, refractory <= NetworkLimits.maxRefractory else {
            throw SpikeError(.invalidPopulation, index: i, field: "refractory")
        }
        let ab = NetworkLimits.izhikevichABLimit
        guard izhA >= -ab, izhA <= ab else {
            throw SpikeError(.invalidPopulation, index: i, field: "izh_a")
        }
        guard izhB >= -ab, izhB <= ab else {
            throw SpikeError(.invalidPopulation, index: i, field: "izh_b")
        }
    }
}
