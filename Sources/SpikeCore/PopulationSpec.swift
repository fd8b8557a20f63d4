/// The description of one population: size, model and every integer parameter of
/// docs/SEMANTICS.md 2.1. Fields a model does not use are ignored. This is the plain
/// description the CBOR loader fills and tests build directly.
public struct PopulationSpec: Equatable, Sendable {
    public var size: Int
    public var model: NeuronModel
    public var threshold: Int32 = 0
    /// Membrane decay multiplier, Q16 (65536 = no leak).
    public var beta: Int32 = 65536
    /// Synaptic-current decay multiplier, Q16 (CUBA).
    public var alpha: Int32 = 0
    public var reset: ResetMode = .subtract
    public var resetTiming: ResetTiming = .delayed
    public var vReset: Int32 = 0
    public var vInit: Int32 = 0
    /// Ticks after a spike during which the neuron ignores input and cannot fire.
    public var refractory: Int32 = 0
    public var bias: Int32 = 0
    /// ALIF: added to the threshold adaptation on each spike.
    public var adaptIncrement: Int32 = 0
    /// ALIF: adaptation decay multiplier, Q16.
    public var adaptDecay: Int32 = 0
    /// Izhikevich a and b in Q16; c, d and the peak in potential units (1 mV = 256).
    public var izhA: Int32 = 0
    public var izhB: Int32 = 0
    public var izhC: Int32 = 0
    public var izhD: Int32 = 0
    public var vPeak: Int32 = 0

    public init(size: Int, model: NeuronModel) {
        self.size = size
        self.model = model
    }
}
