import SpikeCore

/// One population of a workload file: population 0 is the input, the others LIF
/// (delayed subtract reset) or Izhikevich; no refractory period, no bias
/// (tools/workloads.py documents the records).
struct WorkloadPopulation {
    var size: Int
    var model: NeuronModel
    /// LIF: fire when v > threshold (potential units).
    var threshold: Int32 = 0
    /// LIF: membrane decay, Q16.
    var beta: Int32 = 0
    /// Membrane value after reset (Izhikevich: -65 mV).
    var vInit: Int32 = 0
    /// Izhikevich a, b (Q16), c, d and the peak (1 mV = 256 units).
    var izhA: Int32 = 0
    var izhB: Int32 = 0
    var izhC: Int32 = 0
    var izhD: Int32 = 0
    var vPeak: Int32 = 0
    /// Fraction of this population firing per tick in the float reference of
    /// tools/workloads.py, parts per million: what the quantized engine's activity is
    /// compared with.
    var floatActivityPPM: UInt32 = 0

    init(size: Int, model: NeuronModel) {
        self.size = size
        self.model = model
    }

    /// The SpikeCore description.
    var spec: PopulationSpec {
        var p = PopulationSpec(size: size, model: model)
        guard model != .input else { return p }
        p.threshold = threshold
        p.beta = beta
        p.reset = .subtract
        p.resetTiming = .delayed
        p.vInit = vInit
        p.izhA = izhA
        p.izhB = izhB
        p.izhC = izhC
        p.izhD = izhD
        p.vPeak = vPeak
        return p
    }
}
