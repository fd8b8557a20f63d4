/// What a decoder reads out of a population (SEMANTICS.md 6).
public enum DecoderKind: UInt8, Sendable {
    /// Spikes per neuron since the window started (u32, saturating).
    case count = 0
    /// Ticks from window start to the neuron's first spike; 0xFFFFFFFF if none yet.
    case firstSpike = 1
    /// The membrane value `v` (no state of its own).
    case membrane = 2
}
