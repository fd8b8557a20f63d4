import SpikeCore
import SpikeModel

// Power mode, quiescence and idle time (include/spikert.h, "Power"; docs/SEMANTICS.md 12).

@_cdecl("spk_power_mode")
public func spkPowerMode(_ net: OpaquePointer?, _ mode: UInt32, _ fold: UInt32) -> Int32 {
    withHandle(net) { h in
        var settings = h.pointee.model.network.power
        switch mode {
        case UInt32(PowerMode.normal.rawValue), UInt32(PowerMode.full.rawValue):
            guard fold == 1 else { return .invalidArgument }
            settings.mode = mode == 0 ? .normal : .full
        case UInt32(PowerMode.low.rawValue):
            // 0 keeps the fold the model (or the last switch) set.
            guard fold == 0 || (fold >= 2 && fold <= UInt32(NetworkLimits.maxFold)) else {
                return .invalidArgument
            }
            settings.mode = .low
            if fold != 0 { settings.fold = Int(fold) }
        default:
            return .invalidArgument
        }
        do throws(SpikeError) {
            try h.pointee.model.network.setPower(settings)
        } catch { return error.status }
        return .ok
    }
}

@_cdecl("spk_power_threshold_scale")
public func spkPowerThresholdScale(_ net: OpaquePointer?, _ scale: UInt32) -> Int32 {
    withHandle(net) { h in
        guard scale >= 1, scale <= UInt32(NetworkLimits.maxThresholdScale) else {
            return .invalidArgument
        }
        var settings = h.pointee.model.network.power
        settings.thresholdScale = Int32(truncatingIfNeeded: scale)
        do throws(SpikeError) {
            try h.pointee.model.network.setPower(settings)
        } catch { return error.status }
        return .ok
    }
}

@_cdecl("spk_quiescent")
public func spkQuiescent(_ net: OpaquePointer?, _ quiescent: UnsafeMutablePointer<Int32>?) -> Int32 {
    withHandle(net) { h in
        guard let quiescent else { return .nullPointer }
        quiescent.pointee = h.pointee.model.network.isQuiescent ? 1 : 0
        return .ok
    }
}

@_cdecl("spk_idle")
public func spkIdle(_ net: OpaquePointer?, _ steps: UInt64) -> Int32 {
    withHandle(net) { h in
        h.pointee.model.network.idle(steps: steps)
        return .ok
    }
}
