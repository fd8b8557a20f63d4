/// Work counters (docs/SEMANTICS.md 8): not part of the state hash, reset with the
/// network. They are what an energy estimate multiplies by per-operation costs.
public struct NetworkCounters: Equatable {
    /// Weight additions performed by spike delivery.
    public var synapticEvents: UInt64 = 0
    /// Neuron state updates.
    public var neuronUpdates: UInt64 = 0
    /// Spikes emitted by non-input populations.
    public var spikes: UInt64 = 0

    public init() {}
}
