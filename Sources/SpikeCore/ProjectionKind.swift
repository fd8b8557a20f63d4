/// Connectivity of a projection (docs/SEMANTICS.md 2.3). Recurrence is not a kind: any
/// projection with a delay of one tick or more may point backwards or to itself.
public enum ProjectionKind: UInt8, Sendable {
    /// `n_src × n_tgt` int8 matrix, one contiguous row per presynaptic neuron.
    case dense = 0
    /// CSR rows: `row_ptr` (u32), `col` (u16), int8 weights.
    case sparse = 1
    /// Neuron `i` to neuron `i`, one int8 weight each.
    case oneToOne = 2
    /// Channel-last 2-D convolution, scattered from spikes.
    case conv2d = 3
}
