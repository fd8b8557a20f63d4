import SpikeCore
import SpikeModel

// Statistics counters (include/spikert.h, "Statistics counters").

@_cdecl("spk_counter")
public func spkCounter(_ net: OpaquePointer?, _ counter: UInt32,
                        _ value: UnsafeMutablePointer<UInt64>?) -> Int32
{
    withHandle(net) { h in
        guard let value else { return .nullPointer }
        let counters = h.pointee.model.network.counters
        switch counter {
        case 0: value.pointee = h.pointee.model.network.tick
        case 1: value.pointee = counters.synapticEvents
        case 2: value.pointee = counters.neuronUpdates
        case 3: value.pointee = counters.spikes
        case 4, 5, 6: return .unsupported  // input spikes, skipped ticks, plasticity updates
        default: return .invalidArgument
        }
        return .ok
    }
}
