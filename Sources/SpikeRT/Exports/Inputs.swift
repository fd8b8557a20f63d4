import SpikeCore
import SpikeModel

// Spikes and analog values in, and stepping (include/spikert.h, "Inputs", "Running").

@_cdecl("spk_input_spike")
public func spkInputSpike(_ net: OpaquePointer?, _ population: UInt32, _ neuron: UInt32) -> Int32 {
    withHandle(net) { h in
        guard let p = CArguments.index(population), let j = CArguments.index(neuron) else {
            return .outOfRange
        }
        do throws(SpikeError) {
            try h.pointee.model.network.injectSpike(population: p, neuron: j)
            return .ok
        } catch { return error.status }
    }
}

@_cdecl("spk_input_spikes")
public func spkInputSpikes(_ net: OpaquePointer?, _ population: UInt32,
                             _ neurons: UnsafePointer<UInt32>?, _ count: UInt) -> Int32
{
    withHandle(net) { h in
        guard count == 0 || neurons != nil else { return .nullPointer }
        guard let p = CArguments.index(population) else { return .outOfRange }
        let n = CArguments.length(count)
        // Check everything first, so that a bad entry injects nothing.
        let size: Int
        do throws(SpikeError) { size = try h.pointee.model.network.populationSize(p) } catch { return error.status }
        guard h.pointee.model.network.acceptsInput(population: p) else { return .wrongState }
        if let neurons {
            for k in 0..<n where neurons[k] >= UInt32(truncatingIfNeeded: size) {
                return .outOfRange
            }
            for k in 0..<n {
                do throws(SpikeError) {
                    try h.pointee.model.network.injectSpike(
                        population: p, neuron: Int(truncatingIfNeeded: neurons[k]))
                } catch { return error.status }
            }
        }
        return .ok
    }
}

@_cdecl("spk_encoder_set")
public func spkEncoderSet(_ net: OpaquePointer?, _ encoder: UInt32, _ channel: UInt32,
                            _ value: Int32) -> Int32
{
    withHandle(net) { h in
        guard let e = CArguments.index(encoder), let c = CArguments.index(channel) else {
            return .outOfRange
        }
        do throws(SpikeError) {
            try h.pointee.model.network.setEncoderValue(encoder: e, channel: c, value: value)
            return .ok
        } catch { return error.status }
    }
}

@_cdecl("spk_encoder_set_all")
public func spkEncoderSetAll(_ net: OpaquePointer?, _ encoder: UInt32,
                                _ values: UnsafePointer<Int32>?, _ count: UInt) -> Int32
{
    withHandle(net) { h in
        guard count == 0 || values != nil else { return .nullPointer }
        guard let e = CArguments.index(encoder) else { return .outOfRange }
        do throws(SpikeError) {
            let channels = try h.pointee.model.network.encoderChannels(e)
            let n = CArguments.length(count)
            guard n <= channels else { return .outOfRange }
            guard let values else { return .ok }
            for c in 0..<n {
                try h.pointee.model.network.setEncoderValue(encoder: e, channel: c, value: values[c])
            }
            return .ok
        } catch { return error.status }
    }
}

@_cdecl("spk_step")
public func spkStep(_ net: OpaquePointer?, _ ticks: UInt32) -> Int32 {
    withHandle(net) { h in
        var k: UInt32 = 0
        while k < ticks {
            h.pointee.model.network.step()
            k &+= 1
        }
        return .ok
    }
}
