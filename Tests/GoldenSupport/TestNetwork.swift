import SpikeCore

/// Owns everything a network borrows in tests — the description arrays, copies of the
/// tensors and a 16-byte aligned arena — and the network itself, so a test can hold one
/// object and let it clean up.
final class TestNetwork {
    private var populationSpecs: UnsafeMutableBufferPointer<PopulationSpec>
    private var projectionSpecs: UnsafeMutableBufferPointer<ProjectionSpec>
    private var encoderSpecs: UnsafeMutableBufferPointer<EncoderSpec>
    private var decoderSpecs: UnsafeMutableBufferPointer<DecoderSpec>
    private var plasticitySpecs: UnsafeMutableBufferPointer<PlasticitySpec>
    private var tensors: [UnsafeMutableRawPointer] = []
    let arena: UnsafeMutableRawBufferPointer
    let arenaBytes: Int
    var net: Network

    struct Tensors {
        var weights: [Int8]
        var rowPointers: [UInt32] = []
        var columns: [UInt16] = []
    }

    /// `projections[i].weights/rowPointers/columns` are replaced by copies of `tensors[i]`.
    init(populations: [PopulationSpec], projections: [ProjectionSpec], tensors: [Tensors],
         encoders: [EncoderSpec] = [], decoders: [DecoderSpec] = [],
         plasticity: [PlasticitySpec] = [], power: PowerSettings = PowerSettings(),
         seed: UInt64 = 0,
         tensorsInPlace: Bool = false, arenaSlack: Int = 0) throws(SpikeError) {
        populationSpecs = .allocate(capacity: populations.count)
        _ = populationSpecs.initialize(from: populations)
        projectionSpecs = .allocate(capacity: projections.count)
        encoderSpecs = .allocate(capacity: encoders.count)
        _ = encoderSpecs.initialize(from: encoders)
        decoderSpecs = .allocate(capacity: decoders.count)
        _ = decoderSpecs.initialize(from: decoders)
        plasticitySpecs = .allocate(capacity: plasticity.count)
        _ = plasticitySpecs.initialize(from: plasticity)
        var owned: [UnsafeMutableRawPointer] = []
        func copy<T>(_ values: [T]) -> UnsafeBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(values.count, 1))
            _ = buffer.initialize(from: values)
            owned.append(UnsafeMutableRawPointer(buffer.baseAddress!))
            return UnsafeBufferPointer(start: buffer.baseAddress, count: values.count)
        }
        for (i, var p) in projections.enumerated() {
            p.weights = copy(tensors[i].weights)
            p.rowPointers = copy(tensors[i].rowPointers)
            p.columns = copy(tensors[i].columns)
            (projectionSpecs.baseAddress! + i).initialize(to: p)
        }
        self.tensors = owned
        var spec = NetworkSpec(
            populations: UnsafeBufferPointer(populationSpecs),
            projections: UnsafeBufferPointer(projectionSpecs),
            encoders: UnsafeBufferPointer(encoderSpecs),
            decoders: UnsafeBufferPointer(decoderSpecs),
            seed: seed)
        spec.tensorsInPlace = tensorsInPlace
        spec.plasticity = UnsafeBufferPointer(plasticitySpecs)
        spec.power = power
        let bytes = try Network.arenaSize(for: spec)
        arenaBytes = bytes
        arena = .allocate(byteCount: max(bytes + arenaSlack, 1), alignment: 16)
        net = try Network(spec: spec, arena: UnsafeMutableRawBufferPointer(
            start: arena.baseAddress, count: bytes + arenaSlack))
    }

    deinit {
        arena.deallocate()
        for t in tensors { t.deallocate() }
        populationSpecs.deallocate()
        projectionSpecs.deallocate()
        encoderSpecs.deallocate()
        decoderSpecs.deallocate()
        plasticitySpecs.deallocate()
    }

    /// Spikes of the last tick as an array.
    func spikes(_ population: Int) throws(SpikeError) -> [Int] {
        try net.spikes(population: population).map(Int.init)
    }

    func membranes(_ population: Int) throws(SpikeError) -> [Int32] {
        let n = try net.populationSize(population)
        var out: [Int32] = []
        for j in 0..<n { out.append(try net.membrane(population: population, neuron: j)) }
        return out
    }
}
