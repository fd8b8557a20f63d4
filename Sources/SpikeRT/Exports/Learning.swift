import SpikeCore
import SpikeModel

// Online learning (include/spikert.h, "Online learning"; docs/SEMANTICS.md 11). The C
// calls name a projection; the network keeps at most one rule per projection.

/// The rule index of `projection`, or the status for a projection that is out of range
/// (`outOfRange`) or has no learning rule (`unsupported`).
private func rule(_ h: UnsafeMutablePointer<NetHandle>, _ projection: UInt32)
    -> (Int?, SpikeStatus)
{
    guard let j = CArguments.index(projection), j < h.pointee.model.network.projectionCount
    else { return (nil, .outOfRange) }
    guard let r = h.pointee.model.network.plasticityIndex(projection: j) else {
        return (nil, .unsupported)
    }
    return (r, .ok)
}

/// SPK_PARAM_* as the core's parameter, or nil for an unknown id.
private func parameter(_ id: UInt32) -> PlasticityParameter? {
    guard id <= 0xFF else { return nil }
    return PlasticityParameter(rawValue: UInt8(truncatingIfNeeded: id))
}

@_cdecl("spk_learning_enable")
public func spkLearningEnable(_ net: OpaquePointer?, _ projectionIndex: UInt32,
                                _ enable: Int32) -> Int32
{
    withHandle(net) { h in
        let (r, status) = rule(h, projectionIndex)
        guard let r else { return status }
        do throws(SpikeError) {
            try h.pointee.model.network.setLearning(rule: r, enabled: enable != 0)
        } catch { return error.status }
        return .ok
    }
}

@_cdecl("spk_learning_param")
public func spkLearningParam(_ net: OpaquePointer?, _ projectionIndex: UInt32,
                               _ param: UInt32, _ value: UnsafeMutablePointer<Int32>?) -> Int32
{
    withHandle(net) { h in
        guard let value else { return .nullPointer }
        let (r, status) = rule(h, projectionIndex)
        guard let r else { return status }
        guard let p = parameter(param) else { return .invalidArgument }
        do throws(SpikeError) {
            value.pointee = try h.pointee.model.network.plasticitySpec(r).value(of: p)
        } catch { return error.status }
        return .ok
    }
}

@_cdecl("spk_learning_set_param")
public func spkLearningSetParam(_ net: OpaquePointer?, _ projectionIndex: UInt32,
                                   _ param: UInt32, _ value: Int32) -> Int32
{
    withHandle(net) { h in
        let (r, status) = rule(h, projectionIndex)
        guard let r else { return status }
        guard let p = parameter(param) else { return .invalidArgument }
        do throws(SpikeError) {
            try h.pointee.model.network.setPlasticityParameter(rule: r, p, to: value)
        } catch {
            // A value the rule cannot take is a range error in the C API's terms.
            return error.status == .invalidPlasticity ? .outOfRange : error.status
        }
        return .ok
    }
}

@_cdecl("spk_reward")
public func spkReward(_ net: OpaquePointer?, _ reward: Int32) -> Int32 {
    withHandle(net) { h in
        do throws(SpikeError) {
            try h.pointee.model.network.reward(reward)
        } catch { return error.status }
        return .ok
    }
}
