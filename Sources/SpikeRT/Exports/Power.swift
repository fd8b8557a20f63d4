import SpikeCore
import SpikeModel

// Power mode, quiescence and idle time (include/spikert.h, "Power").

private let powerNormal: UInt32 = 0
private let powerLow: UInt32 = 1

@_cdecl("spk_power_mode")
public func spkPowerMode(_ net: OpaquePointer?, _ mode: UInt32, _ fold: UInt32) -> Int32 {
    withHandle(net) { _ in
        switch mode {
        case powerNormal: return fold == 1 ? .ok : .invalidArgument
        case powerLow: return fold >= 2 ? .unsupported : .invalidArgument
        default: return .invalidArgument
        }
    }
}

@_cdecl("spk_quiescent")
public func spkQuiescent(_ net: OpaquePointer?, _ quiescent: UnsafeMutablePointer<Int32>?) -> Int32 {
    withHandle(net) { _ in
        guard quiescent != nil else { return .nullPointer }
        return .unsupported
    }
}

@_cdecl("spk_idle")
public func spkIdle(_ net: OpaquePointer?, _ ticks: UInt64) -> Int32 {
    withHandle(net) { h in
        // Ticking through is what idle time means until quiescence is detected; the
        // skipping version must stay bit-identical to this loop.
        var k: UInt64 = 0
        while k < ticks {
            h.pointee.model.network.step()
            k &+= 1
        }
        return .ok
    }
}
