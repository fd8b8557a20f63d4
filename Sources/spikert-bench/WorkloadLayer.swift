/// One non-input layer of a workload file: the LIF population and the dense projection
/// into it from the layer before (tools/workloads.py documents the record).
struct WorkloadLayer {
    /// Each int8 weight counts `2^shift` potential units.
    var shift: Int
    /// Membrane decay, Q16.
    var beta: Int32
    var threshold: Int32
    /// Fraction of this population firing per tick in the float (snnTorch) reference,
    /// parts per million: the number the quantized engine's activity is compared with.
    var floatActivityPPM: UInt32
}
