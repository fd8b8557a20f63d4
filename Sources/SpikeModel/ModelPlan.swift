import SpikeCore

/// A name (or any string) of the model: bytes in the blob or in the arena; nil = absent.
public typealias ModelName = UnsafeBufferPointer<UInt8>?

/// The arena layout of a loaded model, computed by pass (a) and followed by pass (b).
/// Every block starts on a 16-byte boundary of the (16-byte aligned) arena:
///
///     Network value | PopulationSpec × np | ProjectionSpec × nq | EncoderSpec × ne | DecoderSpec × nd
///     | PlasticitySpec × nr | ModelName × (np + nq + ne + nd) | plastic flags (UInt8 × nq)
///     | string pool (copy mode) | copied tensors, one block each | Network
struct ModelPlan {
    var body: ModelBody
    /// Copied tensors, each rounded to 16 bytes.
    var tensors = NetworkSizing.Total()
    /// The network's own part (`Network.arenaSize`).
    var network = 0
    var handle = 0, populationSpecs = 0, projectionSpecs = 0, encoderSpecs = 0, decoderSpecs = 0
    var plasticitySpecs = 0
    var names = 0, plastic = 0, pool = 0, tensorStart = 0, networkStart = 0, total = 0

    init(body: ModelBody) { self.body = body }

    var nameCount: Int {
        body.populationCount &+ body.projectionCount &+ body.encoderCount &+ body.decoderCount
    }

    mutating func finish(_ options: ModelLoadOptions) throws(ModelError) {
        var t = NetworkSizing.Total()
        handle = t.bytes
        t.add(1, stride: MemoryLayout<Network>.stride)
        populationSpecs = t.bytes
        t.add(body.populationCount, stride: MemoryLayout<PopulationSpec>.stride)
        projectionSpecs = t.bytes
        t.add(body.projectionCount, stride: MemoryLayout<ProjectionSpec>.stride)
        encoderSpecs = t.bytes
        t.add(body.encoderCount, stride: MemoryLayout<EncoderSpec>.stride)
        decoderSpecs = t.bytes
        t.add(body.decoderCount, stride: MemoryLayout<DecoderSpec>.stride)
        plasticitySpecs = t.bytes
        t.add(body.plasticityCount, stride: MemoryLayout<PlasticitySpec>.stride)
        names = t.bytes
        t.add(nameCount, stride: MemoryLayout<ModelName>.stride)
        plastic = t.bytes
        t.add(body.projectionCount, stride: 1)
        pool = t.bytes
        if !options.inPlace { t.add(body.stringBytes, stride: 1) }
        tensorStart = t.bytes
        t.add(tensors.bytes, stride: 1)
        networkStart = t.bytes
        t.add(network, stride: 1)
        total = t.bytes
        guard !t.overflowed, !tensors.overflowed else {
            throw ModelError(.limitExceeded, offset: 0, field: "arena")
        }
    }

    /// Which tensors of `q` the loader copies into the arena: all of them when copying;
    /// else plastic weights (they change) and CSR arrays that are not aligned for their
    /// element type in the blob. The weights of a projection with a learning rule
    /// (`hasRule`) are never copied here: the network copies them into its own part.
    static func copies(_ q: ProjectionRecord, hasRule: Bool, blob: UnsafeRawBufferPointer,
                       _ options: ModelLoadOptions) -> (weights: Bool, rows: Bool, columns: Bool)
    {
        guard options.inPlace else { return (!hasRule, true, true) }
        let base = UInt(bitPattern: blob.baseAddress)
        let rows = q.rowPointers.map { (base &+ UInt(bitPattern: $0.start)) % 4 != 0 } ?? false
        let cols = q.columns.map { (base &+ UInt(bitPattern: $0.start)) % 2 != 0 } ?? false
        return (q.plastic && !hasRule, rows, cols)
    }
}
