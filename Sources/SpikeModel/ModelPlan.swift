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
    /// Copied tensors, each in its own 16-byte block (measured as they are found).
    var tensors = ArenaCursor.measuring
    /// The network's own part (what `Network.init` takes).
    var network = 0
    var handle = 0, populationSpecs = 0, projectionSpecs = 0, encoderSpecs = 0, decoderSpecs = 0
    var plasticitySpecs = 0
    var names = 0, plastic = 0, pool = 0, tensorStart = 0, networkStart = 0, total = 0

    init(body: ModelBody) { self.body = body }

    var nameCount: Int {
        body.populationCount &+ body.projectionCount &+ body.encoderCount &+ body.decoderCount
    }

    /// Count a tensor of `bytes` the loader copies into the arena.
    mutating func addCopiedTensor(bytes: Int) {
        _ = tensors.take(UInt8.self, count: bytes)
    }

    /// Place every block with one measuring cursor, the network's part measured by
    /// SpikeCore's own layout over the blob's description (`Network.measure`).
    mutating func finish(_ options: ModelLoadOptions, network description: inout BlobSource)
        throws(ModelError)
    {
        var c = ArenaCursor.measuring
        handle = c.used
        _ = c.takeBytes(stride: MemoryLayout<Network>.stride, count: 1)
        populationSpecs = c.used
        _ = c.take(PopulationSpec.self, count: body.populationCount)
        projectionSpecs = c.used
        _ = c.take(ProjectionSpec.self, count: body.projectionCount)
        encoderSpecs = c.used
        _ = c.take(EncoderSpec.self, count: body.encoderCount)
        decoderSpecs = c.used
        _ = c.take(DecoderSpec.self, count: body.decoderCount)
        plasticitySpecs = c.used
        _ = c.take(PlasticitySpec.self, count: body.plasticityCount)
        names = c.used
        _ = c.take(ModelName.self, count: nameCount)
        plastic = c.used
        _ = c.take(UInt8.self, count: body.projectionCount)
        pool = c.used
        if !options.inPlace { _ = c.take(UInt8.self, count: body.stringBytes) }
        tensorStart = c.used
        _ = c.take(UInt8.self, count: tensors.used)
        networkStart = c.used
        try Network.measure(&description, cursor: &c)
        network = c.used &- networkStart
        total = c.used
        guard !c.overflowed, !tensors.overflowed else {
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
