import SpikeCore

/// One projection of a workload file: DENSE or SPARSE (CSR), with its shift and delay.
/// The tensors point into the workload's file buffer (aligned: the file format puts
/// every array at a multiple of 4 bytes).
struct WorkloadProjection {
    var source: Int
    var target: Int
    var kind: ProjectionKind
    /// Each int8 weight counts `2^shift` potential units.
    var shift: Int
    /// Ticks between a spike and its delivery (1 for the reservoirs' recurrent projection).
    var delay: Int
    /// DENSE: `n_src × n_tgt` row-major; SPARSE: one weight per CSR entry.
    var weights: UnsafeBufferPointer<Int8>
    /// SPARSE only: `n_src + 1` row offsets and the column of each entry.
    var rowPointers = UnsafeBufferPointer<UInt32>(start: nil, count: 0)
    var columns = UnsafeBufferPointer<UInt16>(start: nil, count: 0)

    /// The SpikeCore description (the network copies the tensors into its arena).
    var spec: ProjectionSpec {
        var q = ProjectionSpec(source: source, target: target, kind: kind, weights: weights)
        q.shift = shift
        q.delay = delay
        q.rowPointers = rowPointers
        q.columns = columns
        return q
    }
}
