/// Spike histories in the checkpoint form of docs/model.cddl (`population-state` key 4):
/// `H × n` bytes, block `k − 1` holding 1 for each neuron that spiked at tick `t − k`
/// (`k = 1 … H`, `H` the population's history depth), ticks before 0 all zero. The
/// network keeps them as ascending spike lists in a ring of slots instead.
extension Network {
    /// Write the history of `population` into `bytes` (`H × n` long).
    public func copySpikeHistory(population: Int, into bytes: UnsafeMutableBufferPointer<UInt8>)
        throws(SpikeError)
    {
        let p = try runtime(population)
        let n = p.size, depth = p.historyDepth
        guard bytes.count == depth &* n else {
            throw SpikeError(.outOfRange, index: bytes.count, field: "history")
        }
        guard depth > 0, let out = bytes.baseAddress else { return }
        out.update(repeating: 0, count: depth &* n)
        guard let lists = p.spikeLists, let counts = p.spikeCounts else { return }
        for k in 1...depth {
            let back = UInt64(truncatingIfNeeded: k)
            guard stepIndex >= back else { continue }
            let slot = p.slot(ofStep: stepIndex &- back)
            let list = lists + slot &* n
            let block = out + (k &- 1) &* n
            for m in 0..<Int(counts[slot]) { block[Int(list[m])] = 1 }
        }
    }

    /// Rebuild the spike lists of `population` for the ticks before `tick` (set it
    /// first with `restoreRunState`): the last tick from the population's `s` flags,
    /// then ticks `t − 1 … t − H` from `history` (`H × n` bytes of 0/1; empty for "no
    /// spikes in the history"). Bytes other than 0 and 1 are refused (`outOfRange`).
    public mutating func restoreSpikeLists(population: Int, history: UnsafeBufferPointer<UInt8>)
        throws(SpikeError)
    {
        let p = try runtime(population)
        let n = p.size, depth = p.historyDepth
        guard history.count == depth &* n || history.isEmpty else {
            throw SpikeError(.outOfRange, index: history.count, field: "history")
        }
        guard let lists = p.spikeLists, let counts = p.spikeCounts, let spiked = p.spiked else {
            return
        }
        for j in 0..<n where spiked[j] > 1 {
            throw SpikeError(.outOfRange, index: j, field: "s")
        }
        for j in 0..<history.count where history[j] > 1 {
            throw SpikeError(.outOfRange, index: j, field: "history")
        }
        Network.fill(counts, 0, p.slotMask &+ 1)
        if stepIndex >= 1 {
            Network.fillList(lists + p.slot(ofStep: stepIndex &- 1) &* n,
                             count: counts + p.slot(ofStep: stepIndex &- 1),
                             flags: UnsafePointer(spiked), n: n)
        }
        guard depth > 0, !history.isEmpty, let h = history.baseAddress else { return }
        for k in 1...depth {
            let back = UInt64(truncatingIfNeeded: k)
            guard stepIndex >= back else { break }
            let slot = p.slot(ofStep: stepIndex &- back)
            Network.fillList(lists + slot &* n, count: counts + slot,
                             flags: h + (k &- 1) &* n, n: n)
        }
    }

    /// Out of line: restoring runs it for the last tick and for every history block.
    @inline(never)
    private static func fillList(_ list: UnsafeMutablePointer<UInt16>,
                                 count: UnsafeMutablePointer<Int32>,
                                 flags: UnsafePointer<UInt8>, n: Int) {
        var c = 0
        for j in 0..<n where flags[j] != 0 {
            list[c] = UInt16(truncatingIfNeeded: j)
            c &+= 1
        }
        count.pointee = Int32(truncatingIfNeeded: c)
    }
}
