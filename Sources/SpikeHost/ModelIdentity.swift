import SpikeCore

/// Which model file the checkpoints in a state directory were learned from: FNV-1a 64
/// over the blob's bytes. `ModelFingerprint` only says a checkpoint has the model's
/// shape; a retrained or re-exported model of the same shape has another identity, and
/// the daemon then starts from the new file instead of resuming weights learned by the
/// old one.
public enum ModelIdentity {
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = Fnv1a64()
        for b in bytes { h.add(byte: b) }
        return h.value
    }
}
