/// How an output line shows its spikes (counted in ticks of the network).
public enum OutputPulseMode: Sendable {
    /// Every spike adds `ticks` ticks of high time: an isolated spike is a pulse of
    /// that width, and a spike while high extends the pulse by another `ticks`, so the
    /// high time is always `ticks` per spike and none is lost in a burst (the duty
    /// cycle follows the firing rate, for an LED or an RC filter).
    case pulse(ticks: UInt64)
    /// High while the neuron fired within the last `ticks` ticks (a retriggerable
    /// monostable): a presence indicator, which a burst holds high without growing.
    case activityWindow(ticks: UInt64)
}
