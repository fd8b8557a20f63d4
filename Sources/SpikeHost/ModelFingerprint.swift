import SpikeCore
import SpikeModel

/// What makes a checkpoint belong to a model: its name, tick length, and the shape of
/// the network (populations, projections, encoders, decoders) — not the weights or the
/// state, which learning and running change. The daemon resumes from a checkpoint only
/// when its fingerprint equals the configured model's, so a checkpoint left over from
/// another model is never loaded in its place.
public enum ModelFingerprint {
    public static func of(_ model: borrowing LoadedModel) -> UInt64 {
        var h = Fnv1a64()
        let meta = model.metadata
        for b in meta.name { h.add(byte: b) }
        h.add(littleEndian: meta.dtNanoseconds)
        return model.readNetwork { net in shape(of: net, into: h) }
    }

    private static func shape(of net: borrowing Network, into start: Fnv1a64) -> UInt64 {
        var h = start
        h.add(littleEndian: UInt32(truncatingIfNeeded: net.populationCount))
        for p in 0..<net.populationCount {
            guard let spec = try? net.populationSpec(p) else { continue }
            h.add(littleEndian: UInt32(truncatingIfNeeded: spec.size))
            h.add(byte: spec.model.rawValue)
        }
        h.add(littleEndian: UInt32(truncatingIfNeeded: net.projectionCount))
        for j in 0..<net.projectionCount {
            guard let spec = try? net.projectionSpec(j) else { continue }
            h.add(littleEndian: UInt32(truncatingIfNeeded: spec.source))
            h.add(littleEndian: UInt32(truncatingIfNeeded: spec.target))
            h.add(byte: spec.kind.rawValue)
            h.add(littleEndian: UInt32(truncatingIfNeeded: spec.delay))
            h.add(littleEndian: UInt32(truncatingIfNeeded: spec.weights.count))
        }
        h.add(littleEndian: UInt32(truncatingIfNeeded: net.encoderCount))
        for e in 0..<net.encoderCount {
            guard let spec = try? net.encoderSpec(e) else { continue }
            h.add(littleEndian: UInt32(truncatingIfNeeded: spec.population))
        }
        h.add(littleEndian: UInt32(truncatingIfNeeded: net.decoderCount))
        for d in 0..<net.decoderCount {
            guard let spec = try? net.decoderSpec(d) else { continue }
            h.add(littleEndian: UInt32(truncatingIfNeeded: spec.population))
        }
        return h.value
    }
}
