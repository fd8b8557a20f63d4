/// One line of the spike raster: which neuron (or population) it shows, and its label.
struct RasterRow {
    enum Source {
        /// One neuron of one population.
        case neuron(population: Int, index: Int)
        /// Any neuron of the population (used for the retina: "were there events?").
        case anyOf(population: Int)
    }

    let label: String
    let source: Source

    var population: Int {
        switch source {
        case .neuron(let population, _): return population
        case .anyOf(let population): return population
        }
    }

    /// Whether this row's neuron is in `spikes`, the ascending spike list of its
    /// population for one tick.
    func fired(in spikes: UnsafeBufferPointer<UInt16>) -> Bool {
        switch source {
        case .anyOf:
            return spikes.count > 0
        case .neuron(_, let index):
            for s in spikes where Int(s) >= index { return Int(s) == index }
            return false
        }
    }
}
