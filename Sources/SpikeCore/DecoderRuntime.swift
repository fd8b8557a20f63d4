/// One decoder's per-neuron values (COUNT: spikes; FIRST_SPIKE: ticks to first spike).
struct DecoderRuntime {
    var spec: DecoderSpec
    var values: UnsafeMutablePointer<UInt32>?
}
