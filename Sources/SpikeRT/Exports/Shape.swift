import SpikeCore
import SpikeModel

// The model's shape: counts, names, sizes, tick, hash (include/spikert.h).

/// SPK_POPULATION … SPK_DECODER.
private enum ElementKind: UInt32 {
    case population = 0, projection, encoder, decoder
}

@_cdecl("spk_count")
public func spkCount(_ net: OpaquePointer?, _ kind: UInt32,
                      _ count: UnsafeMutablePointer<UInt32>?) -> Int32
{
    withHandle(net) { h in
        guard let count else { return .nullPointer }
        guard let kind = ElementKind(rawValue: kind) else { return .invalidArgument }
        let n: Int
        switch kind {
        case .population: n = h.pointee.model.network.populationCount
        case .projection: n = h.pointee.model.network.projectionCount
        case .encoder: n = h.pointee.model.network.encoderCount
        case .decoder: n = h.pointee.model.network.decoderCount
        }
        count.pointee = UInt32(truncatingIfNeeded: n)
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
        let count: Int
        switch kind {
        case .population: count = h.pointee.model.network.populationCount
        case .projection: count = h.pointee.model.network.projectionCount
        case .encoder: count = h.pointee.model.network.encoderCount
        case .decoder: count = h.pointee.model.network.decoderCount
        }
        for k in 0..<count {
            let candidate: ModelName
            switch kind {
            case .population: candidate = h.pointee.model.populationName(k)
            case .projection: candidate = h.pointee.model.projectionName(k)
            case .encoder: candidate = h.pointee.model.encoderName(k)
            case .decoder: candidate = h.pointee.model.decoderName(k)
            }
            if let candidate, matches(candidate, name) {
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
    withHandle(net) { h in
        guard let size else { return .nullPointer }
        guard let p = CArguments.index(population) else { return .outOfRange }
        do throws(SpikeError) {
            size.pointee = UInt32(truncatingIfNeeded: try h.pointee.model.network.populationSize(p))
            return .ok
        } catch { return error.status }
    }
}

@_cdecl("spk_population_model")
public func spkPopulationModel(_ net: OpaquePointer?, _ population: UInt32,
                               _ model: UnsafeMutablePointer<UInt32>?) -> Int32
{
    withHandle(net) { h in
        guard let model else { return .nullPointer }
        guard let p = CArguments.index(population) else { return .outOfRange }
        do throws(SpikeError) {
            // NeuronModel's raw values are the blob's codes, which SPK_MODEL_* repeat.
            model.pointee = UInt32(try h.pointee.model.network.populationSpec(p).model.rawValue)
            return .ok
        } catch { return error.status }
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
    withHandle(net) { h in
        guard let channels else { return .nullPointer }
        guard let e = CArguments.index(encoder) else { return .outOfRange }
        do throws(SpikeError) {
            channels.pointee = UInt32(truncatingIfNeeded: try h.pointee.model.network.encoderChannels(e))
            return .ok
        } catch { return error.status }
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
