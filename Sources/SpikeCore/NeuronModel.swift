/// The neuron models of docs/SEMANTICS.md section 4. Raw values are the blob encoding
/// and never change.
public enum NeuronModel: UInt8, Sendable {
    /// No dynamics: spikes come from the caller or an encoder.
    case input = 0
    /// Leaky integrate-and-fire (snnTorch `Leaky`, NIR `LIF`).
    case lif = 1
    /// Current-based LIF (snnTorch `Synaptic`, NIR `CubaLIF`).
    case cuba = 2
    /// Integrate-and-fire without leak (NIR `IF`).
    case integrateAndFire = 3
    /// Leaky integrator, never spikes (NIR `LI`, readouts).
    case leakyIntegrator = 4
    /// LIF with a spike-triggered, decaying threshold adaptation.
    case adaptiveLIF = 5
    /// Izhikevich (2003), 1 mV = 256 units.
    case izhikevich = 6

    /// Models that emit spikes and so keep a refractory counter.
    public var spikes: Bool { self != .input && self != .leakyIntegrator }
    /// Models with a second state variable (i_syn, adaptation or recovery).
    public var hasAuxiliaryState: Bool {
        self == .cuba || self == .adaptiveLIF || self == .izhikevich
    }
}
