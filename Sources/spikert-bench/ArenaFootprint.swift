/// Memory per synapse and per neuron of a workload, from the arena the loader asks for
/// (`ModelFile.arenaBytes`: `ModelLoader.arenaSize`, the number `spk_arena_size` gives
/// C programs) with every tensor copied, as a RAM-resident model:
///
/// - synapse bytes: the network's synapse tensors (int8 weights, and for CSR the u32
///   row offsets and u16 columns), the part a model in flash could leave there (the
///   loader's in-place answer cannot say so for CSR: CBOR does not align a blob's u32
///   and u16 arrays, so in place the loader copies them all the same);
/// - the rest of the frozen arena is per-neuron state (membranes, currents,
///   accumulators, spike flags and lists, partial sums) plus the headers and the
///   loader's copy of the network description, all charged to the neurons;
/// - with learning, the same split of the learning blob's arena (STDP on every
///   projection): everything but the synapse tensors, now with the traces and row flags.
struct ArenaFootprint {
    var synapses = 0
    var neurons = 0
    var synapseBytes = 0
    var neuronBytes = 0
    var learningNeuronBytes = 0

    init() {}

    init(_ shape: WorkloadShape, arenaBytes: Int, learningArenaBytes: Int) {
        synapses = shape.synapses
        neurons = shape.neurons
        synapseBytes = shape.synapseBytes
        neuronBytes = arenaBytes - synapseBytes
        learningNeuronBytes = learningArenaBytes - synapseBytes
    }

    var bytesPerSynapse: Double { synapses > 0 ? Double(synapseBytes) / Double(synapses) : 0 }
    var bytesPerNeuron: Double { neurons > 0 ? Double(neuronBytes) / Double(neurons) : 0 }
    var bytesPerNeuronLearning: Double {
        neurons > 0 ? Double(learningNeuronBytes) / Double(neurons) : 0
    }
}
