/// What a population update reports back to the step: how many neurons fired, and the
/// OR of the state it left (`v`, auxiliary state, refractory counters, spikes). Zero
/// activity in a population that can rest means every neuron is at rest
/// (docs/SEMANTICS.md 12.1), which the update learns for almost nothing while it has
/// the values in registers.
struct NeuronUpdateResult {
    var spikes: Int = 0
    var activity: Int32 = 0
}
