/// How an encoder turns analog channel values into input spikes (SEMANTICS.md 5).
public enum EncoderKind: UInt8, Sendable {
    /// Bernoulli: fire with probability value/65536 each tick (one PRNG draw per channel).
    case rate = 0
    /// Time to first spike: one spike per presentation, stronger values earlier.
    case latency = 1
    /// Delta modulation: ON/OFF spikes on neurons 2k/2k+1 when channel k moves by ≥ δ.
    case delta = 2
}
