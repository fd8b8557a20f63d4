import SpikeCore

/// The channel numbering of spike files (docs/EXPORT.md): input channels run over the
/// INPUT populations concatenated in population order; output channels over the
/// decoded populations (each once, in the order of their first decoder).
public struct ChannelMap {
    public struct Slot {
        public var population: Int
        public var firstChannel: Int
        public var size: Int
        /// The encoder attached to the population, or -1.
        public var encoder: Int
    }

    public private(set) var inputs: [Slot] = []
    public private(set) var outputs: [Slot] = []
    public private(set) var inputChannels = 0
    public private(set) var outputChannels = 0

    public init(_ net: borrowing Network) throws(SpikeError) {
        for p in 0..<net.populationCount {
            let spec = try net.populationSpec(p)
            guard spec.model == .input else { continue }
            var encoder = -1
            for e in 0..<net.encoderCount where try net.encoderSpec(e).population == p { encoder = e }
            inputs.append(Slot(population: p, firstChannel: inputChannels, size: spec.size,
                               encoder: encoder))
            inputChannels += spec.size
        }
        for d in 0..<net.decoderCount {
            let p = try net.decoderSpec(d).population
            if outputs.contains(where: { $0.population == p }) { continue }
            let size = try net.populationSize(p)
            outputs.append(Slot(population: p, firstChannel: outputChannels, size: size, encoder: -1))
            outputChannels += size
        }
    }

    /// The input slot and neuron of input channel `channel`, or nil when out of range.
    public func input(_ channel: Int) -> (slot: Slot, neuron: Int)? {
        for s in inputs where channel >= s.firstChannel && channel < s.firstChannel + s.size {
            return (s, channel - s.firstChannel)
        }
        return nil
    }
}
