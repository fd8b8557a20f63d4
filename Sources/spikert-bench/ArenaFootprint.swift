/// Memory per synapse and per neuron of a workload, from SpikeCore's arena size query
/// (`Network.arenaSize(for:)`, the number `spk_arena_size` gives C programs), not from a
/// model of the layout: three queries of the same network split the arena into what
/// grows with the synapses and what grows with the neurons.
///
/// - synapse bytes = arena(tensors copied) − arena(tensors in place): the weight and
///   CSR tensors, the only part a network can leave in flash;
/// - the rest of the frozen arena is per-neuron state (membranes, currents,
///   accumulators, spike flags and lists, partial sums) plus a few headers, all charged
///   to the neurons;
/// - with learning, the same split of arena(tensors copied, STDP on every projection):
///   everything but the synapse tensors, now with the traces and row flags.
struct ArenaFootprint {
    var synapses = 0
    var neurons = 0
    var synapseBytes = 0
    var neuronBytes = 0
    var learningNeuronBytes = 0

    init() {}

    init(_ workload: Workload) throws(BenchError) {
        for q in workload.projections { synapses += q.weights.count }
        for p in workload.populations { neurons += p.size }
        let copied = try workload.arenaSize()
        let inPlace = try workload.arenaSize(tensorsInPlace: true)
        let learning = try workload.arenaSize(learning: true)
        synapseBytes = copied - inPlace
        neuronBytes = inPlace
        learningNeuronBytes = learning - synapseBytes
    }

    var bytesPerSynapse: Double { synapses > 0 ? Double(synapseBytes) / Double(synapses) : 0 }
    var bytesPerNeuron: Double { neurons > 0 ? Double(neuronBytes) / Double(neurons) : 0 }
    var bytesPerNeuronLearning: Double {
        neurons > 0 ? Double(learningNeuronBytes) / Double(neurons) : 0
    }
}
