/// Feeding spikes in and reading spikes and membranes out. Every index is checked and a
/// bad one is an `outOfRange` error naming it, never a trap.
extension Network {
    /// Inject a spike into INPUT population `population`, neuron `neuron`, for the next
    /// tick. Injecting the same neuron twice before a step is one spike.
    public mutating func injectSpike(population: Int, neuron: Int) throws(SpikeError) {
        let p = try runtime(population)
        guard let pending = p.pending else {
            throw SpikeError(.wrongState, index: population, field: "population")
        }
        guard neuron >= 0, neuron < p.size else {
            throw SpikeError(.outOfRange, index: neuron, field: "neuron")
        }
        pending[neuron] = 1
        pendingInputs = true
    }

    /// True if `population` is an INPUT population (one `injectSpike` accepts); false
    /// for any other population or an index out of range.
    public func acceptsInput(population: Int) -> Bool {
        guard let p = try? runtime(population) else { return false }
        return p.pending != nil
    }

    /// Ascending indices of the neurons of `population` that spiked in the last completed
    /// tick (empty before the first step). Valid until the next `step()`.
    public func spikes(population: Int) throws(SpikeError) -> UnsafeBufferPointer<UInt16> {
        let p = try runtime(population)
        guard stepIndex > 0, let lists = p.spikeLists, let counts = p.spikeCounts else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        let slot = p.slot(ofStep: stepIndex &- 1)
        return UnsafeBufferPointer(start: lists + slot &* p.size, count: Int(counts[slot]))
    }

    /// Membrane `v` of one neuron (any model except INPUT).
    public func membrane(population: Int, neuron: Int) throws(SpikeError) -> Int32 {
        let p = try runtime(population)
        guard let v = p.v else {
            throw SpikeError(.wrongState, index: population, field: "population")
        }
        guard neuron >= 0, neuron < p.size else {
            throw SpikeError(.outOfRange, index: neuron, field: "neuron")
        }
        return v[neuron]
    }

    /// Number of neurons in `population`.
    public func populationSize(_ population: Int) throws(SpikeError) -> Int {
        try runtime(population).size
    }

    func runtime(_ population: Int) throws(SpikeError) -> PopulationRuntime {
        guard let populations = layout.populations, population >= 0,
              population < layout.populationCount
        else { throw SpikeError(.outOfRange, index: population, field: "population") }
        return populations[population]
    }
}
