import SpikeCore
import SpikeModel

// Spikes, decoders and membranes out (include/spikert.h, "Outputs"). Everything is
// copied into the caller's buffers; nothing hands out a pointer into the arena.

/// The C signature of `spk_spike_fn`.
public typealias SpikeCallback = @convention(c) (UnsafeMutableRawPointer?, UInt32, UInt32) -> Void

/// Copy `n` values produced by `value(k)` into `out` (capacity `capacity`), set `*count`
/// to `n`; `bufferTooSmall` if only part fitted. Shared by the list-shaped outputs.
@inline(__always)
private func copyOut<T>(_ n: Int, into out: UnsafeMutablePointer<T>?, capacity: UInt,
                        count: UnsafeMutablePointer<UInt>, _ value: (Int) throws(SpikeError) -> T)
    -> SpikeStatus
{
    let room = CArguments.length(capacity)
    guard room == 0 || out != nil else { return .nullPointer }
    if let out {
        let m = n < room ? n : room
        do throws(SpikeError) { for k in 0..<m { out[k] = try value(k) } } catch { return error.status }
    }
    count.pointee = CArguments.size(n)
    return n <= room ? .ok : .bufferTooSmall
}

@_cdecl("spk_spikes")
public func spkSpikes(_ net: OpaquePointer?, _ population: UInt32,
                       _ neurons: UnsafeMutablePointer<UInt32>?, _ capacity: UInt,
                       _ count: UnsafeMutablePointer<UInt>?) -> Int32
{
    withHandle(net) { h in
        guard let count else { return .nullPointer }
        guard let p = CArguments.index(population) else { return .outOfRange }
        do throws(SpikeError) {
            let list = try h.pointee.model.network.spikes(population: p)
            return copyOut(list.count, into: neurons, capacity: capacity, count: count) { k in
                UInt32(list[k])
            }
        } catch { return error.status }
    }
}

@_cdecl("spk_spike_bitmap")
public func spkSpikeBitmap(_ net: OpaquePointer?, _ population: UInt32,
                             _ bits: UnsafeMutablePointer<UInt8>?, _ bytes: UInt) -> Int32
{
    withHandle(net) { h in
        guard let bits else { return .nullPointer }
        guard let p = CArguments.index(population) else { return .outOfRange }
        do throws(SpikeError) {
            let size = try h.pointee.model.network.populationSize(p)
            let room = CArguments.length(bytes)
            guard room >= (size &+ 7) / 8 else { return .bufferTooSmall }
            bits.update(repeating: 0, count: room)
            let list = try h.pointee.model.network.spikes(population: p)
            for j in list { bits[Int(j) / 8] |= UInt8(1) &<< UInt8(j & 7) }
            return .ok
        } catch { return error.status }
    }
}

@_cdecl("spk_spikes_foreach")
public func spkSpikesForeach(_ net: OpaquePointer?, _ population: UInt32,
                               _ fn: SpikeCallback?, _ user: UnsafeMutableRawPointer?) -> Int32
{
    withHandle(net) { h in
        guard let fn else { return .nullPointer }
        let all: UInt32 = 0xFFFF_FFFF
        let count = h.pointee.model.network.populationCount
        let first: Int, end: Int
        if population == all {
            (first, end) = (0, count)
        } else {
            guard let p = CArguments.index(population), p < count else { return .outOfRange }
            (first, end) = (p, p &+ 1)
        }
        for p in first..<end {
            guard let list = try? h.pointee.model.network.spikes(population: p) else {
                return .outOfRange
            }
            for j in list { fn(user, UInt32(truncatingIfNeeded: p), UInt32(j)) }
        }
        return .ok
    }
}

@_cdecl("spk_decoder_read")
public func spkDecoderRead(_ net: OpaquePointer?, _ decoder: UInt32,
                             _ values: UnsafeMutablePointer<Int64>?, _ capacity: UInt,
                             _ count: UnsafeMutablePointer<UInt>?) -> Int32
{
    withHandle(net) { h in
        guard let count else { return .nullPointer }
        guard let d = CArguments.index(decoder) else { return .outOfRange }
        do throws(SpikeError) {
            let spec = try h.pointee.model.network.decoderSpec(d)
            let n = try h.pointee.model.network.populationSize(spec.population)
            return copyOut(n, into: values, capacity: capacity, count: count) { (k) throws(SpikeError) in
                try h.pointee.model.network.decoderValue(d, neuron: k)
            }
        } catch { return error.status }
    }
}

@_cdecl("spk_decoder_reset")
public func spkDecoderReset(_ net: OpaquePointer?) -> Int32 {
    withHandle(net) { h in
        h.pointee.model.network.resetDecoders()
        return .ok
    }
}

@_cdecl("spk_membrane")
public func spkMembrane(_ net: OpaquePointer?, _ population: UInt32, _ neuron: UInt32,
                         _ v: UnsafeMutablePointer<Int32>?) -> Int32
{
    withHandle(net) { h in
        guard let v else { return .nullPointer }
        guard let p = CArguments.index(population), let j = CArguments.index(neuron) else {
            return .outOfRange
        }
        do throws(SpikeError) {
            v.pointee = try h.pointee.model.network.membrane(population: p, neuron: j)
            return .ok
        } catch { return error.status }
    }
}

@_cdecl("spk_membranes")
public func spkMembranes(_ net: OpaquePointer?, _ population: UInt32,
                          _ v: UnsafeMutablePointer<Int32>?, _ capacity: UInt,
                          _ count: UnsafeMutablePointer<UInt>?) -> Int32
{
    withHandle(net) { h in
        guard let count else { return .nullPointer }
        guard let p = CArguments.index(population) else { return .outOfRange }
        do throws(SpikeError) {
            // INPUT populations, the only ones without membranes, are refused.
            let state = try h.pointee.model.network.populationState(p)
            guard let membranes = state.v else { return .wrongState }
            return copyOut(state.size, into: v, capacity: capacity, count: count) { k in
                membranes[k]
            }
        } catch { return error.status }
    }
}
