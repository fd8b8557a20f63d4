/// Work counters (docs/SEMANTICS.md 8): not part of the state hash, reset with the
/// network. They are what an energy estimate multiplies by per-operation costs.
public struct NetworkCounters: Equatable {
    /// Weight additions performed by spike delivery.
    public var synapticEvents: UInt64 = 0
    /// Neuron state updates.
    public var neuronUpdates: UInt64 = 0
    /// Spikes emitted by non-input populations.
    public var spikes: UInt64 = 0
    /// Spikes of INPUT populations (injected or encoded).
    public var inputSpikes: UInt64 = 0
    /// Ticks advanced without computation because the network was quiescent.
    public var skippedTicks: UInt64 = 0
    /// Synapse updates evaluated by learning rules (docs/SEMANTICS.md 11.5).
    public var plasticityUpdates: UInt64 = 0

    public init() {}
}
