import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel

/// `spikert run`'s use of the shared tick driver: the input spike file as the source,
/// the output spike file and the summary's counts as the sink, console errors naming
/// the file and line.
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
        var source: SpikeFileSource
        var writer: SpikeFileWriter
        do {
            source = options.input.isEmpty ? SpikeFileSource() : try SpikeFileSource(path: options.input)
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
        let start = MonotonicClock.nanoseconds()
        firstTick = model.network.tick
        do {
            while let event = try source.peek(), event.tick < firstTick {
                skippedEvents += 1
                source.removeFirst()
            }
        } catch { return fail("\(options.input): \(error.message)") }
        var recorder = RunRecorder(writer: writer, outputChannels: channels.outputChannels, firstTick: firstTick)
        var driver = TickDriver(channels: channels, stopsOnRejection: true)
        let end: UInt64? = options.ticks.map { firstTick &+ UInt64($0) }
        var failure: DriverFailure?
        do { try driver.run(&model.network, source: &source, sink: &recorder, end: end) } catch {
            failure = error
        }
        inputEvents = driver.appliedEvents
        lastInputTick = driver.lastEventTick
        counts = recorder.counts
        recorded = recorder.recorded
        switch failure {
        case .source(let error)?:
            return fail("\(options.input): \(error.message)")
        case .event(let rejection)?:
            return fail("\(options.input) line \(rejection.line): \(rejection.message)")
        case nil:
            break
        }
        ticks = Int(truncatingIfNeeded: model.network.tick &- firstTick)
        while (try? source.peek()) ?? nil != nil {
            ignoredEvents += 1
            source.removeFirst()
        }
        nanoseconds = MonotonicClock.nanoseconds() &- start
        do { try recorder.writer.flush() } catch { return fail("\(options.output): \(error.message)") }
        return .success
    }

    private func fail(_ message: String) -> ExitCode {
        Console.error("\(ToolInfo.name) run: \(message)")
        return .failure
    }
}
