import SpikeCore
import SpikeModel

// Online learning (include/spikert.h, "Online learning"). The calls are part of the ABI
// from the first version so that it does not churn when plasticity lands; until then
// they check every argument and answer `unsupported` for valid ones.

/// SPK_PARAM_A_PLUS … SPK_PARAM_DECAY_ELIG.
private let learningParameterCount: UInt32 = 8

/// The projection index, or nil if `projection` is out of range.
private func projection(_ h: UnsafeMutablePointer<NetHandle>, _ projection: UInt32) -> Int? {
    guard let j = CArguments.index(projection), j < h.pointee.model.network.projectionCount
    else { return nil }
    return j
}

@_cdecl("spk_learning_enable")
public func spkLearningEnable(_ net: OpaquePointer?, _ projectionIndex: UInt32,
                                _ enable: Int32) -> Int32
{
    withHandle(net) { h in
        guard projection(h, projectionIndex) != nil else { return .outOfRange }
        return .unsupported
    }
}

@_cdecl("spk_learning_param")
public func spkLearningParam(_ net: OpaquePointer?, _ projectionIndex: UInt32,
                               _ param: UInt32, _ value: UnsafeMutablePointer<Int32>?) -> Int32
{
    withHandle(net) { h in
        guard value != nil else { return .nullPointer }
        guard projection(h, projectionIndex) != nil else { return .outOfRange }
        guard param < learningParameterCount else { return .invalidArgument }
        return .unsupported
    }
}

@_cdecl("spk_learning_set_param")
public func spkLearningSetParam(_ net: OpaquePointer?, _ projectionIndex: UInt32,
                                   _ param: UInt32, _ value: Int32) -> Int32
{
    withHandle(net) { h in
        guard projection(h, projectionIndex) != nil else { return .outOfRange }
        guard param < learningParameterCount else { return .invalidArgument }
        return .unsupported
    }
}

@_cdecl("spk_reward")
public func spkReward(_ net: OpaquePointer?, _ reward: Int32) -> Int32 {
    withHandle(net) { _ in .unsupported }
}
