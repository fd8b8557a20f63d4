import SpikeCore

/// Writes blobs of docs/model.cddl from a running network: the full model (with the
/// current weights) and, for a checkpoint, the `state` map, so that a checkpoint loads
/// on its own and stepping on gives what the original network would have given.
///
/// Fields are written in ascending key order, every population field explicitly, and
/// the CRC always as a 4-byte unsigned integer (`0x1A` head). Learning rules are
/// written with their current parameters and switches, the power map with the current
/// settings (when they are not all default); both only with their non-default fields.
/// The output is a pure function of the network and the metadata: a checkpoint of a
/// freshly loaded checkpoint is byte-identical to it.
public enum ModelWriter {
    /// Bytes `write` produces.
    public static func size(_ network: borrowing Network, _ meta: ModelMetadata, includeState: Bool)
        throws(ModelError) -> Int
    {
        var w = CBORWriter(measuring: ())
        try emit(network, meta, includeState, &w)
        w.uint32Fixed(0)
        return w.used
    }

    /// Write into `buffer`; returns the bytes written. `bufferTooSmall` carries the
    /// size `buffer` would need in `needed`.
    public static func write(_ network: borrowing Network, _ meta: ModelMetadata, includeState: Bool,
                             into buffer: UnsafeMutableRawBufferPointer) throws(ModelError) -> Int
    {
        let needed = try size(network, meta, includeState: includeState)
        guard buffer.count >= needed, let base = buffer.baseAddress else {
            throw ModelError(.bufferTooSmall, offset: 0, field: "buffer", needed: needed)
        }
        var w = CBORWriter(buffer)
        try emit(network, meta, includeState, &w)
        let crc = CRC32.checksum(UnsafeRawBufferPointer(start: base, count: w.used))
        w.uint32Fixed(crc)
        guard !w.overflowed, w.used == needed else {
            throw ModelError(.bufferTooSmall, offset: 0, field: "buffer", needed: needed)
        }
        return w.used
    }

    private static func fail(_ e: SpikeError) -> ModelError { ModelError(e.status, offset: 0, field: e.field) }

    static func emit(_ net: borrowing Network, _ meta: ModelMetadata, _ includeState: Bool,
                     _ w: inout CBORWriter) throws(ModelError)
    {
        let np = net.populationCount, nq = net.projectionCount
        let ne = net.encoderCount, nd = net.decoderCount, nr = net.plasticityCount
        let power = net.power
        let defaultPower = PowerSettings()
        let writePower = power.mode != defaultPower.mode || power.fold != defaultPower.fold
            || power.thresholdScale != defaultPower.thresholdScale
        w.array(4)
        w.text(UnsafeBufferPointer(start: StaticString("SpikeRT").utf8Start, count: 7))
        w.uint(UInt64(1))
        var fields = 3
        if nq > 0 { fields &+= 1 }
        if ne > 0 { fields &+= 1 }
        if nd > 0 { fields &+= 1 }
        if nr > 0 { fields &+= 1 }
        if includeState { fields &+= 1 }
        if writePower { fields &+= 1 }
        w.map(fields)
        w.uint(0)
        w.map(meta.description == nil ? 3 : 4)
        w.uint(0); w.text(meta.name)
        w.uint(1); w.text(meta.producer)
        w.uint(2); w.uint(meta.dtNanoseconds)
        if let d = meta.description { w.uint(3); w.text(d) }
        w.uint(1); w.uint(net.modelSeed)
        w.uint(2); w.array(np)
        do {
            for i in 0..<np { population(try net.populationSpec(i), meta.name(i), &w) }
            if nq > 0 {
                w.uint(3); w.array(nq)
                for j in 0..<nq {
                    // A projection with a learning rule is plastic whatever the metadata says.
                    let plastic = meta.isPlastic(j) || net.plasticityIndex(projection: j) != nil
                    projection(try net.projectionSpec(j), plastic, meta.name(np &+ j), &w)
                }
            }
            if ne > 0 {
                w.uint(4); w.array(ne)
                for e in 0..<ne {
                    let s = try net.encoderSpec(e)
                    let name = meta.name(np &+ nq &+ e)
                    w.map(name == nil ? 3 : 4)
                    w.uint(0); w.uint(s.population)
                    w.uint(1); w.uint(UInt64(_truncatingBits: UInt(s.kind.rawValue)))
                    w.uint(2); w.int(s.parameter)
                    if let name { w.uint(3); w.text(name) }
                }
            }
            if nd > 0 {
                w.uint(5); w.array(nd)
                for d in 0..<nd {
                    let s = try net.decoderSpec(d)
                    let name = meta.name(np &+ nq &+ ne &+ d)
                    w.map(name == nil ? 2 : 3)
                    w.uint(0); w.uint(s.population)
                    w.uint(1); w.uint(UInt64(_truncatingBits: UInt(s.kind.rawValue)))
                    if let name { w.uint(2); w.text(name) }
                }
            }
            if nr > 0 {
                w.uint(6); w.array(nr)
                for r in 0..<nr { plasticity(try net.plasticitySpec(r), &w) }
            }
            if includeState {
                w.uint(7)
                try state(net, &w)
            }
            if writePower { self.power(power, &w) }
        } catch { throw fail(error) }
    }

    /// A learning rule: projection and rule, then the fields that are not the default.
    private static func plasticity(_ p: PlasticitySpec, _ w: inout CBORWriter) {
        let d = PlasticitySpec(projection: p.projection, rule: p.rule)
        var fields = 2
        if p.aPlus != d.aPlus { fields &+= 1 }
        if p.aMinus != d.aMinus { fields &+= 1 }
        if p.decayPre != d.decayPre { fields &+= 1 }
        if p.decayPost != d.decayPost { fields &+= 1 }
        if p.wMin != d.wMin { fields &+= 1 }
        if p.wMax != d.wMax { fields &+= 1 }
        if p.learningRate != d.learningRate { fields &+= 1 }
        if p.decayEligibility != d.decayEligibility { fields &+= 1 }
        if p.bounds != d.bounds { fields &+= 1 }
        if p.normTarget != d.normTarget { fields &+= 1 }
        if p.enabled != d.enabled { fields &+= 1 }
        w.map(fields)
        w.uint(0); w.uint(p.projection)
        w.uint(1); w.uint(UInt64(_truncatingBits: UInt(p.rule.rawValue)))
        if p.aPlus != d.aPlus { w.uint(2); w.int(p.aPlus) }
        if p.aMinus != d.aMinus { w.uint(3); w.int(p.aMinus) }
        if p.decayPre != d.decayPre { w.uint(4); w.int(p.decayPre) }
        if p.decayPost != d.decayPost { w.uint(5); w.int(p.decayPost) }
        if p.wMin != d.wMin { w.uint(6); w.int(p.wMin) }
        if p.wMax != d.wMax { w.uint(7); w.int(p.wMax) }
        if p.learningRate != d.learningRate { w.uint(8); w.int(p.learningRate) }
        if p.decayEligibility != d.decayEligibility { w.uint(9); w.int(p.decayEligibility) }
        if p.bounds != d.bounds { w.uint(10); w.uint(UInt64(_truncatingBits: UInt(p.bounds.rawValue))) }
        if p.normTarget != d.normTarget { w.uint(11); w.int(p.normTarget) }
        if p.enabled != d.enabled { w.uint(12); w.bool(p.enabled) }
    }

    /// Body key 8: the power settings' non-default fields.
    private static func power(_ p: PowerSettings, _ w: inout CBORWriter) {
        let d = PowerSettings()
        var fields = 0
        if p.mode != d.mode { fields &+= 1 }
        if p.fold != d.fold { fields &+= 1 }
        if p.thresholdScale != d.thresholdScale { fields &+= 1 }
        w.uint(8); w.map(fields)
        if p.mode != d.mode { w.uint(0); w.uint(UInt64(_truncatingBits: UInt(p.mode.rawValue))) }
        if p.fold != d.fold { w.uint(1); w.uint(p.fold) }
        if p.thresholdScale != d.thresholdScale { w.uint(2); w.int(p.thresholdScale) }
    }

    private static func population(_ p: PopulationSpec, _ name: ModelName, _ w: inout CBORWriter) {
        w.map(name == nil ? 18 : 19)
        w.uint(0); w.uint(p.size)
        w.uint(1); w.uint(UInt64(_truncatingBits: UInt(p.model.rawValue)))
        w.uint(2); w.int(p.threshold)
        w.uint(3); w.int(p.beta)
        w.uint(4); w.int(p.alpha)
        w.uint(5); w.uint(UInt64(_truncatingBits: UInt(p.reset.rawValue)))
        w.uint(6); w.uint(UInt64(_truncatingBits: UInt(p.resetTiming.rawValue)))
        w.uint(7); w.int(p.vReset)
        w.uint(8); w.int(p.vInit)
        w.uint(9); w.int(p.refractory)
        w.uint(10); w.int(p.bias)
        w.uint(11); w.int(p.adaptIncrement)
        w.uint(12); w.int(p.adaptDecay)
        w.uint(13); w.int(p.izhA)
        w.uint(14); w.int(p.izhB)
        w.uint(15); w.int(p.izhC)
        w.uint(16); w.int(p.izhD)
        w.uint(17); w.int(p.vPeak)
        if let name { w.uint(18); w.text(name) }
    }

    private static func projection(_ q: ProjectionSpec, _ plastic: Bool, _ name: ModelName,
                                   _ w: inout CBORWriter) {
        var fields = 6
        if q.kind == .sparse { fields &+= 2 }
        if q.kind == .conv2d { fields &+= 1 }
        if plastic { fields &+= 1 }
        if name != nil { fields &+= 1 }
        w.map(fields)
        w.uint(0); w.uint(q.source)
        w.uint(1); w.uint(q.target)
        w.uint(2); w.uint(UInt64(_truncatingBits: UInt(q.kind.rawValue)))
        w.uint(3); w.uint(q.delay)
        w.uint(4); w.uint(q.shift)
        w.uint(5); w.tensor(72, q.weights)
        if q.kind == .sparse {
            w.uint(6); w.tensor(70, q.rowPointers)
            w.uint(7); w.tensor(69, q.columns)
        }
        if q.kind == .conv2d {
            let g = q.conv
            w.uint(8); w.array(10)
            w.uint(g.inHeight); w.uint(g.inWidth); w.uint(g.inChannels); w.uint(g.outChannels)
            w.uint(g.kernelHeight); w.uint(g.kernelWidth); w.uint(g.strideY); w.uint(g.strideX)
            w.uint(g.padY); w.uint(g.padX)
        }
        if plastic { w.uint(9); w.bool(true) }
        if let name { w.uint(10); w.text(name) }
    }

    private static func state(_ net: borrowing Network, _ w: inout CBORWriter) throws(SpikeError) {
        let np = net.populationCount, ne = net.encoderCount, nd = net.decoderCount
        let nr = net.plasticityCount
        var fields = 5
        if ne > 0 { fields &+= 1 }
        if nd > 0 { fields &+= 1 }
        if nr > 0 { fields &+= 1 }
        w.map(fields)
        w.uint(0); w.uint(net.tick)
        w.uint(1); w.tag(70)
        var words = (net.prng.s0.littleEndian, net.prng.s1.littleEndian,
                     net.prng.s2.littleEndian, net.prng.s3.littleEndian)
        withUnsafeBytes(of: &words) { b in w.bytes(b.baseAddress, 16) }
        w.uint(2); w.array(np)
        for i in 0..<np {
            let s = try net.populationState(i)
            let hasHistory = s.historyDepth > 0
            var fields = 1
            if s.v != nil { fields &+= 1 }
            if s.aux != nil { fields &+= 1 }
            if s.refractory != nil { fields &+= 1 }
            if hasHistory { fields &+= 1 }
            if s.pending != nil { fields &+= 1 }
            w.map(fields)
            if let v = s.v { w.uint(0); w.tensor(78, UnsafeBufferPointer(v)) }
            if let a = s.aux { w.uint(1); w.tensor(78, UnsafeBufferPointer(a)) }
            if let r = s.refractory { w.uint(2); w.tensor(69, UnsafeBufferPointer(r)) }
            w.uint(3)
            w.tensor(64, s.spiked.map { UnsafeBufferPointer($0) } ?? .init(start: nil, count: 0))
            if hasHistory {
                w.uint(4); w.tag(64)
                let n = s.historyDepth &* s.size
                var failure: SpikeError? = nil
                w.bytes(count: n) { to in
                    do throws(SpikeError) {
                        try net.copySpikeHistory(population: i, into: UnsafeMutableBufferPointer(
                            start: to.assumingMemoryBound(to: UInt8.self), count: n))
                    } catch { failure = error }
                }
                if let failure { throw failure }
            }
            if let p = s.pending { w.uint(5); w.tensor(64, UnsafeBufferPointer(p)) }
        }
        if ne > 0 {
            w.uint(3); w.array(ne)
            for e in 0..<ne {
                let s = try net.encoderState(e)
                w.map(s.state == nil ? 1 : 2)
                w.uint(0); w.tensor(78, UnsafeBufferPointer(s.values))
                if let st = s.state { w.uint(1); w.tensor(78, UnsafeBufferPointer(st)) }
            }
        }
        if nd > 0 {
            w.uint(4); w.array(nd)
            for d in 0..<nd {
                if let values = try net.decoderState(d) {
                    w.map(1); w.uint(0); w.tensor(70, UnsafeBufferPointer(values))
                } else {
                    w.map(0)
                }
            }
        }
        w.uint(5); w.uint(net.decoderWindowStartTick)
        let c = net.counters
        w.uint(6); w.array(6)
        w.uint(c.synapticEvents)
        w.uint(c.neuronUpdates)
        w.uint(c.spikes)
        w.uint(c.inputSpikes)
        w.uint(c.skippedTicks)
        w.uint(c.plasticityUpdates)
        if nr > 0 {
            w.uint(7); w.array(nr)
            for r in 0..<nr {
                let s = try net.plasticityState(r)
                let reward = try net.plasticitySpec(r).rule.isRewardModulated
                w.map(reward ? 4 : 2)
                w.uint(0); w.tensor(78, readOnly(s.pre))
                w.uint(1); w.tensor(78, readOnly(s.post))
                if reward {
                    w.uint(2); w.tensor(78, readOnly(s.eligibility))
                    w.uint(3); w.tensor(70, readOnly(s.stamps))
                }
            }
        }
    }

    private static func readOnly<T>(_ b: UnsafeMutableBufferPointer<T>?) -> UnsafeBufferPointer<T> {
        guard let b else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(b)
    }
}
