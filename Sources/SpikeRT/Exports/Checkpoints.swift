import SpikeCore
import SpikeModel

// Checkpoints into caller buffers (include/spikert.h, "Checkpoints").

@_cdecl("spk_checkpoint_size")
public func spkCheckpointSize(_ net: OpaquePointer?, _ size: UnsafeMutablePointer<UInt>?) -> Int32 {
    withHandle(net) { h in
        guard let size else { return .nullPointer }
        do throws(ModelError) {
            size.pointee = CArguments.size(try h.pointee.model.checkpointSize())
            return .ok
        } catch { return error.status }
    }
}

@_cdecl("spk_checkpoint")
public func spkCheckpoint(_ net: OpaquePointer?, _ buffer: UnsafeMutableRawPointer?,
                           _ capacity: UInt, _ written: UnsafeMutablePointer<UInt>?) -> Int32
{
    withHandle(net) { h in
        guard let buffer, let written else { return .nullPointer }
        let out = UnsafeMutableRawBufferPointer(start: buffer, count: CArguments.length(capacity))
        do throws(ModelError) {
            written.pointee = CArguments.size(try h.pointee.model.writeCheckpoint(into: out))
            return .ok
        } catch {
            if error.status == .bufferTooSmall { written.pointee = CArguments.size(error.needed) }
            return error.status
        }
    }
}
