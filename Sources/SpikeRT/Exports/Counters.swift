import SpikeCore
import SpikeModel

// Statistics counters and the energy estimate (include/spikert.h, "Statistics
// counters").

/// SPK_COUNTER_TICKS … SPK_COUNTER_PLASTICITY_UPDATES.
private let counterCount = 7

private func counterValue(_ network: borrowing Network, _ counter: Int) -> UInt64? {
    let c = network.counters
    switch counter {
    case 0: return network.tick
    case 1: return c.synapticEvents
    case 2: return c.neuronUpdates
    case 3: return c.spikes
    case 4: return c.inputSpikes
    case 5: return c.skippedTicks
    case 6: return c.plasticityUpdates
    default: return nil
    }
}

@_cdecl("spk_counter")
public func spkCounter(_ net: OpaquePointer?, _ counter: UInt32,
                        _ value: UnsafeMutablePointer<UInt64>?) -> Int32
{
    withHandle(net) { h in
        guard let value else { return .nullPointer }
        guard let k = CArguments.index(counter),
              let v = counterValue(h.pointee.model.network, k) else { return .invalidArgument }
        value.pointee = v
        return .ok
    }
}

@_cdecl("spk_energy")
public func spkEnergy(_ net: OpaquePointer?, _ costs: UnsafePointer<UInt64>?, _ countArgument: UInt,
                       _ total: UnsafeMutablePointer<UInt64>?) -> Int32
{
    withHandle(net) { h in
        guard let costs, let total else { return .nullPointer }
        let count = CArguments.length(countArgument)
        guard count <= counterCount else { return .invalidArgument }
        // Σ counter × cost, saturating: an estimate that overflows says "huge", not
        // a small wrapped number.
        var sum: UInt64 = 0
        for k in 0..<count {
            guard let v = counterValue(h.pointee.model.network, k) else { continue }
            let (product, over) = v.multipliedReportingOverflow(by: costs[k])
            let (next, carry) = sum.addingReportingOverflow(product)
            sum = over || carry ? UInt64.max : next
        }
        total.pointee = sum
        return .ok
    }
}
