import SpikeCore

/// A model loaded into the caller's arena: the network plus what the blob says about
/// it (metadata, names, which projections are plastic). Non-copyable like `Network`:
/// it borrows the arena (and, when loaded in place, the blob) for its whole life.
///
/// The `Network` value itself lives in the arena too (its first block), and
/// `network` reaches it through addressors: a public stored property of a
/// non-copyable type would get a read coroutine whose frame Embedded Swift allocates
/// with malloc, which SpikeModel must not reference (cross/check-symbols.sh).
public struct LoadedModel: ~Copyable {
    @usableFromInline let storage: UnsafeMutablePointer<Network>
    public let metadata: ModelMetadata
    /// True when the blob was a checkpoint (had a `state`) and that state was restored.
    public let restoredState: Bool

    /// Emitted into the caller only (so this module has no synthesized coroutine).
    @_alwaysEmitIntoClient
    public var network: Network {
        unsafeAddress { UnsafePointer(storage) }
        nonmutating unsafeMutableAddress { storage }
    }

    init(network: UnsafeMutablePointer<Network>, metadata: ModelMetadata, restoredState: Bool) {
        self.storage = network
        self.metadata = metadata
        self.restoredState = restoredState
    }

    deinit { storage.deinitialize(count: 1) }

    /// Run `body` on the network (step it, inject spikes, read outputs).
    public mutating func withNetwork<R, E: Error>(_ body: (inout Network) throws(E) -> R) throws(E) -> R {
        try body(&storage.pointee)
    }

    /// Read-only access to the network.
    public func readNetwork<R, E: Error>(_ body: (borrowing Network) throws(E) -> R) throws(E) -> R {
        try body(storage.pointee)
    }

    public func populationName(_ i: Int) -> ModelName { metadata.name(i) }
    public func projectionName(_ j: Int) -> ModelName { metadata.name(storage.pointee.populationCount &+ j) }
    public func encoderName(_ e: Int) -> ModelName {
        metadata.name(storage.pointee.populationCount &+ storage.pointee.projectionCount &+ e)
    }
    public func decoderName(_ d: Int) -> ModelName {
        metadata.name(storage.pointee.populationCount &+ storage.pointee.projectionCount &+ storage.pointee.encoderCount &+ d)
    }

    /// Bytes of a checkpoint of the current state (`ModelWriter`).
    public func checkpointSize() throws(ModelError) -> Int {
        try ModelWriter.size(storage.pointee, metadata, includeState: true)
    }

    /// Write a checkpoint (full model, current weights, run state) into `buffer`;
    /// returns the bytes written, or `bufferTooSmall` with the size it needs (`needed`).
    public func writeCheckpoint(into buffer: UnsafeMutableRawBufferPointer) throws(ModelError) -> Int {
        try ModelWriter.write(storage.pointee, metadata, includeState: true, into: buffer)
    }
}

/// Everything a blob holds besides the network itself. Strings point into the blob
/// (loaded in place) or the arena (copied); `names` has one entry per population,
/// projection, encoder and decoder in that order (or is empty), `plastic` one flag per
/// projection (or is empty): 1 when its weights may change at run time (projection key
/// 9, or a learning rule on it); the checkpoint writer writes key 9 for those.
public struct ModelMetadata {
    public var name: UnsafeBufferPointer<UInt8>
    public var producer: UnsafeBufferPointer<UInt8>
    public var description: ModelName
    /// Length of one tick in nanoseconds.
    public var dtNanoseconds: UInt64
    public var names: UnsafeBufferPointer<ModelName>
    public var plastic: UnsafeBufferPointer<UInt8>

    public init(name: UnsafeBufferPointer<UInt8>, producer: UnsafeBufferPointer<UInt8>,
                description: ModelName = nil, dtNanoseconds: UInt64,
                names: UnsafeBufferPointer<ModelName> = .init(start: nil, count: 0),
                plastic: UnsafeBufferPointer<UInt8> = .init(start: nil, count: 0)) {
        self.name = name
        self.producer = producer
        self.description = description
        self.dtNanoseconds = dtNanoseconds
        self.names = names
        self.plastic = plastic
    }

    func name(_ k: Int) -> ModelName {
        guard k >= 0, k < names.count else { return nil }
        return names[k]
    }

    func isPlastic(_ j: Int) -> Bool { j >= 0 && j < plastic.count && plastic[j] != 0 }
}
