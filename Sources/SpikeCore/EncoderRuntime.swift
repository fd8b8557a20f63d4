/// One encoder's held channel values and its per-channel state (LATENCY countdowns or
/// DELTA reference values).
struct EncoderRuntime {
    var spec: EncoderSpec
    var channels: Int
    var values: UnsafeMutablePointer<Int32>?
    var state: UnsafeMutablePointer<Int32>?
}
