import CSystem
import SpikeCore
import SpikeIO
import SpikeModel

/// The step loop of `spikert run`: the events of a step's ticks are applied, the network
/// steps, and the decoded populations' spikes are written and counted; quiescent
/// silences are skipped in one jump.
struct Replay {
    let channels: ChannelMap
    /// Ticks run by this replay.
    private(set) var ticks = 0
    /// The network's tick when the replay began: 0, or where a checkpoint left off.
    /// Spike-file ticks are network ticks, so a resumed run reads the same file on.
    private(set) var firstTick: UInt64 = 0
    /// Events before `firstTick` (already consumed by the run the checkpoint came from).
    private(set) var skippedEvents = 0
    private(set) var inputEvents = 0
    private(set) var lastInputTick: UInt64 = 0
    /// Events after the last tick `--ticks` allowed.
    private(set) var ignoredEvents = 0
    /// Output spikes per output channel.
    private(set) var counts: [Int]
    /// (ticks since `firstTick`, channel) of the first `ModelRun.rasterLimit` output spikes.
    private(set) var recorded: [(tick: Int, channel: Int)] = []
    /// Wall time of the tick loop (reading, stepping, writing).
    private(set) var nanoseconds: UInt64 = 0

    init(channels: ChannelMap) {
        self.channels = channels
        counts = [Int](repeating: 0, count: channels.outputChannels)
    }

    mutating func run(_ model: inout LoadedModel, options: RunOptions) -> ExitCode {
        var reader: SpikeFileReader
        var writer: SpikeFileWriter
        do {
            if options.input.isEmpty {
                reader = SpikeFileReader()
            } else {
                let path = CString(options.input)
                reader = try SpikeFileReader(path: path.pointer)
            }
        } catch {
            return fail("\(options.input): \(error.message)")
        }
        do {
            if options.output.isEmpty {
                writer = SpikeFileWriter()
            } else {
                let path = CString(options.output)
                writer = try SpikeFileWriter(path: path.pointer)
            }
        } catch {
            return fail("\(options.output): \(error.message)")
        }
        writer.write(line: "tick,channel")
        let start = Replay.now()
        firstTick = model.network.tick
        var pending: SpikeEvent?
        do {
            pending = try reader.next()
            while let event = pending, event.tick < firstTick {
                skippedEvents += 1
                pending = try reader.next()
            }
        } catch { return fail("\(options.input): \(error.message)") }
        // Step by step: the events of the step's ticks (one tick, or `fold` in the
        // low-power mode) go in, the network steps, its output spikes go out. While the
        // network is quiescent and no event is due, time jumps to the next event.
        let end: UInt64? = options.ticks.map { firstTick &+ UInt64($0) }
        while true {
            let tick = model.network.tick
            if let end {
                if tick >= end { break }
            } else if pending == nil {
                break
            }
            let stepTicks = UInt64(truncatingIfNeeded: model.network.power.ticksPerStep)
            while let event = pending, event.tick < tick &+ stepTicks {
                if let failure = apply(event, to: &model.network, input: options.input) { return failure }
                do { pending = try reader.next() } catch {
                    return fail("\(options.input): \(error.message)")
                }
            }
            if model.network.power.mode != .full && model.network.isQuiescent {
                let next = pending?.tick ?? end ?? tick
                let target = end.map { next < $0 ? next : $0 } ?? next
                let steps = target > tick ? (target &- tick) / stepTicks : 0
                if steps > 0 {
                    model.network.idle(steps: steps)
                    continue
                }
            }
            model.network.step()
            record(model.network, tick: tick, into: &writer)
        }
        ticks = Int(truncatingIfNeeded: model.network.tick &- firstTick)
        while pending != nil {
            ignoredEvents += 1
            do { pending = try reader.next() } catch { break }
        }
        nanoseconds = Replay.now() &- start
        do { try writer.flush() } catch { return fail("\(options.output): \(error.message)") }
        return .success
    }

    private mutating func apply(_ event: SpikeEvent, to net: inout Network, input: String) -> ExitCode? {
        inputEvents += 1
        lastInputTick = event.tick
        if event.isReward, let value = event.value {
            do { try net.reward(value) } catch {
                return fail("\(input) line \(event.line): reward: \(error.message)")
            }
            return nil
        }
        guard let (slot, neuron) = channels.input(event.channel) else {
            return fail("\(input) line \(event.line): channel \(event.channel) is not an input "
                + "(the model has \(channels.inputChannels) input channels)")
        }
        if let value = event.value {
            guard slot.encoder >= 0 else {
                return fail("\(input) line \(event.line): channel \(event.channel) has no "
                    + "encoder to take a value")
            }
            do { try net.setEncoderValue(encoder: slot.encoder, channel: neuron, value: value) } catch {
                return fail("\(input) line \(event.line): \(error.message)")
            }
        } else {
            do { try net.injectSpike(population: slot.population, neuron: neuron) } catch {
                return fail("\(input) line \(event.line): \(error.message)")
            }
        }
        return nil
    }

    private mutating func record(_ net: borrowing Network, tick: UInt64, into writer: inout SpikeFileWriter) {
        for slot in channels.outputs {
            guard let spikes = try? net.spikes(population: slot.population) else { continue }
            for j in spikes {
                let channel = slot.firstChannel + Int(j)
                writer.write(SpikeEvent(tick: tick, channel: channel))
                counts[channel] += 1
                if recorded.count < ModelRun.rasterLimit {
                    recorded.append((Int(truncatingIfNeeded: tick &- firstTick), channel))
                }
            }
        }
    }

    private func fail(_ message: String) -> ExitCode {
        Console.error("\(ToolInfo.name) run: \(message)")
        return .failure
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
