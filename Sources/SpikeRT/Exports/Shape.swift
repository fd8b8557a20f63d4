import SpikeCore
import SpikeModel

// The model's shape: counts, names, sizes, tick, hash (include/spikert.h).

/// SPK_POPULATION … SPK_DECODER.
private enum ElementKind: UInt32 {
    case population = 0, projection, encoder, decoder

    /// How many elements of this kind the network has.
    func count(_ h: UnsafeMutablePointer<NetHandle>) -> Int {
        switch self {
        case .population: return h.pointee.model.network.populationCount
        case .projection: return h.pointee.model.network.projectionCount
        case .encoder: return h.pointee.model.network.encoderCount
        case .decoder: return h.pointee.model.network.decoderCount
        }
    }

    /// The blob's name of element `k` of this kind, if it has one.
    func name(_ h: UnsafeMutablePointer<NetHandle>, _ k: Int) -> ModelName {
        switch self {
        case .population: return h.pointee.model.populationName(k)
        case .projection: return h.pointee.model.projectionName(k)
        case .encoder: return h.pointee.model.encoderName(k)
        case .decoder: return h.pointee.model.decoderName(k)
        }
    }
}

/// The common shape of the per-element getters: the handle, a NULL check of `out`, the
/// index conversion, and the status of whatever `value` throws.
@inline(__always)
private func getIndexed(_ net: OpaquePointer?, _ index: UInt32, _ out: UnsafeMutablePointer<UInt32>?,
                        _ value: (UnsafeMutablePointer<NetHandle>, Int) throws(SpikeError) -> UInt32)
    -> Int32
{
    withHandle(net) { h in
        guard let out else { return .nullPointer }
        guard let i = CArguments.index(index) else { return .outOfRange }
        do throws(SpikeError) {
            out.pointee = try value(h, i)
            return .ok
        } catch { return error.status }
    }
}

@_cdecl("spk_count")
public func spkCount(_ net: OpaquePointer?, _ kind: UInt32,
                      _ count: UnsafeMutablePointer<UInt32>?) -> Int32
{
    withHandle(net) { h in
        guard let count else { return .nullPointer }
        guard let kind = ElementKind(rawValue: kind) else { return .invalidArgument }
        count.pointee = UInt32(truncatingIfNeeded: kind.count(h))
        return .ok
    }
}

@_cdecl("spk_find")
public func spkFind(_ net: OpaquePointer?, _ kind: UInt32, _ name: UnsafePointer<UInt8>?,
                     _ index: UnsafeMutablePointer<UInt32>?) -> Int32
{
    withHandle(net) { h in
        guard let name, let index else { return .nullPointer }
        guard let kind = ElementKind(rawValue: kind) else { return .invalidArgument }
        for k in 0..<kind.count(h) {
            if let candidate = kind.name(h, k), matches(candidate, name) {
                index.pointee = UInt32(truncatingIfNeeded: k)
                return .ok
            }
        }
        return .outOfRange
    }
}

/// True if the NUL-terminated `name` has exactly the bytes of `candidate`. Reads at
/// most `candidate.count + 1` bytes of `name`.
private func matches(_ candidate: UnsafeBufferPointer<UInt8>, _ name: UnsafePointer<UInt8>) -> Bool {
    for k in 0..<candidate.count where name[k] != candidate[k] { return false }
    return name[candidate.count] == 0
}

@_cdecl("spk_population_size")
public func spkPopulationSize(_ net: OpaquePointer?, _ population: UInt32,
                              _ size: UnsafeMutablePointer<UInt32>?) -> Int32
{
    getIndexed(net, population, size) { (h, p) throws(SpikeError) in
        UInt32(truncatingIfNeeded: try h.pointee.model.network.populationSize(p))
    }
}

@_cdecl("spk_population_model")
public func spkPopulationModel(_ net: OpaquePointer?, _ population: UInt32,
                               _ model: UnsafeMutablePointer<UInt32>?) -> Int32
{
    // NeuronModel's raw values are the blob's codes, which SPK_MODEL_* repeat.
    getIndexed(net, population, model) { (h, p) throws(SpikeError) in
        UInt32(try h.pointee.model.network.populationSpec(p).model.rawValue)
    }
}

@_cdecl("spk_decoder_population")
public func spkDecoderPopulation(_ net: OpaquePointer?, _ decoder: UInt32,
                                 _ population: UnsafeMutablePointer<UInt32>?,
                                 _ kind: UnsafeMutablePointer<UInt32>?) -> Int32
{
    withHandle(net) { h in
        guard let population else { return .nullPointer }
        guard let d = CArguments.index(decoder) else { return .outOfRange }
        do throws(SpikeError) {
            let spec = try h.pointee.model.network.decoderSpec(d)
            population.pointee = UInt32(truncatingIfNeeded: spec.population)
            // DecoderKind's raw values are the blob's codes, which SPK_DECODER_* repeat.
            kind?.pointee = UInt32(spec.kind.rawValue)
            return .ok
        } catch { return error.status }
    }
}

@_cdecl("spk_encoder_channels")
public func spkEncoderChannels(_ net: OpaquePointer?, _ encoder: UInt32,
                               _ channels: UnsafeMutablePointer<UInt32>?) -> Int32
{
    getIndexed(net, encoder, channels) { (h, e) throws(SpikeError) in
        UInt32(truncatingIfNeeded: try h.pointee.model.network.encoderChannels(e))
    }
}

@_cdecl("spk_tick")
public func spkTick(_ net: OpaquePointer?, _ tick: UnsafeMutablePointer<UInt64>?) -> Int32 {
    withHandle(net) { h in
        guard let tick else { return .nullPointer }
        tick.pointee = h.pointee.model.network.tick
        return .ok
    }
}

@_cdecl("spk_tick_ns")
public func spkTickNs(_ net: OpaquePointer?, _ ns: UnsafeMutablePointer<UInt64>?) -> Int32 {
    withHandle(net) { h in
        guard let ns else { return .nullPointer }
        ns.pointee = h.pointee.model.metadata.dtNanoseconds
        return .ok
    }
}

@_cdecl("spk_state_hash")
public func spkStateHash(_ net: OpaquePointer?, _ hash: UnsafeMutablePointer<UInt64>?) -> Int32 {
    withHandle(net) { h in
        guard let hash else { return .nullPointer }
        hash.pointee = h.pointee.model.network.stateHash()
        return .ok
    }
}
