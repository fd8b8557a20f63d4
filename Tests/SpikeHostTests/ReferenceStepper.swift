import TestSupport
import SpikeCore
import SpikeIO
import Testing

/// What the tick driver is measured against: the network driven by hand, one `step()`
/// per tick, each event applied just before the step of its tick (late ones in the
/// first step after them), outputs read after every step. The channel numbering is
/// written out here from docs/EXPORT.md rather than taken from `ChannelMap`.
struct ReferenceStepper {
    /// (population, neuron) of every input channel, in channel order.
    var inputs: [(population: Int, neuron: Int)] = []
    /// Each decoded population once, in the order of its first decoder, with its first
    /// output channel.
    var outputs: [(population: Int, firstChannel: Int)] = []

    init(_ net: borrowing Network) throws {
        for p in 0..<net.populationCount {
            let spec = try net.populationSpec(p)
            guard spec.model == .input else { continue }
            for j in 0..<spec.size { inputs.append((p, j)) }
        }
        var next = 0
        for d in 0..<net.decoderCount {
            let p = try net.decoderSpec(d).population
            if outputs.contains(where: { $0.population == p }) { continue }
            outputs.append((p, next))
            next += try net.populationSize(p)
        }
    }

    /// Step `net` one tick at a time until its tick reaches `end`, applying `events`
    /// (sorted by tick; spikes and rewards only). Returns the output spikes.
    func run(_ net: inout Network, events: [SpikeEvent], until end: UInt64) throws -> [OutputSpike] {
        var out: [OutputSpike] = []
        var next = 0
        while net.tick < end {
            let tick = net.tick
            while next < events.count, events[next].tick <= tick {
                let event = events[next]
                if event.isReward {
                    try net.reward(try #require(event.value))
                } else {
                    let (population, neuron) = inputs[event.channel]
                    try net.injectSpike(population: population, neuron: neuron)
                }
                next += 1
            }
            net.step()
            for (population, firstChannel) in outputs {
                for j in try net.spikes(population: population) {
                    out.append(OutputSpike(tick: tick, channel: firstChannel + Int(j)))
                }
            }
        }
        return out
    }
}
