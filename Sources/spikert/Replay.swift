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
    private(set) var ticks: UInt64 = 0
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
    private(set) var recorded: [(tick: UInt64, channel: Int)] = []
    /// Wall time of the tick loop (reading, stepping, writing).
    private(set) var nanoseconds: UInt64 = 0

    init(channels: ChannelMap) {
        self.channels = channels
        counts = [Int](repeating: 0, count: channels.outputChannels)
    }

    /// Replay the input through the model. The output spike file is written under a
    /// temporary name and put in place only when the whole run succeeded (`OutputFile`):
    /// on any error the previous file at the path is left as it was.
    mutating func run(_ model: inout LoadedModel, options: RunOptions) -> ExitCode {
        firstTick = model.network.tick
        var end: UInt64? = nil
        if let n = options.ticks {
            let (sum, overflow) = firstTick.addingReportingOverflow(UInt64(n))
            guard !overflow else {
                return fail("--ticks \(n): the model is at tick \(firstTick); the run would pass the last tick "
                    + "a network counts to, \(UInt64.max)", status: .badInput)
            }
            end = sum
        }
        var source: SpikeFileSource
        do {
            source = options.input.isEmpty ? SpikeFileSource() : try SpikeFileSource(path: options.input)
        } catch {
            return fail(Replay.inputFailure(error.message, options), status: .badInput)
        }
        var writer: SpikeFileWriter
        do {
            if options.output.isEmpty {
                writer = SpikeFileWriter()
            } else {
                let path = CString(options.output)
                writer = try SpikeFileWriter(path: path.pointer)
            }
        } catch {
            return fail("--output \(options.output): \(error.message)", status: .badInput)
        }
        writer.write(line: "tick,channel")
        let start = MonotonicClock.nanoseconds()
        do {
            while let event = try source.peek(), event.tick < firstTick {
                skippedEvents += 1
                source.removeFirst()
            }
        } catch { return fail(Replay.inputFailure(error.message, options), status: .badInput) }
        var recorder = RunRecorder(writer: writer, outputChannels: channels.outputChannels, firstTick: firstTick)
        var driver = TickDriver(channels: channels, stopsOnRejection: true)
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
            return fail(Replay.inputFailure(error.message, options), status: .badInput)
        case .event(let rejection)?:
            return fail(Replay.inputFailure("line \(rejection.line): \(rejection.message)", options), status: .badInput)
        case nil:
            break
        }
        ticks = model.network.tick &- firstTick
        do {
            while try source.peek() != nil {
                ignoredEvents += 1
                source.removeFirst()
            }
        } catch {
            return fail(Replay.inputFailure(error.message, options), status: .badInput)
        }
        nanoseconds = MonotonicClock.nanoseconds() &- start
        do { try recorder.writer.finish() } catch {
            return fail("--output \(options.output): \(error.message); "
                + (options.outputIsStdout ? "the output is incomplete" : "the file was not written"),
                status: .failure)
        }
        return .success
    }

    /// An input error naming the file (or standard input), and what became of the
    /// output file: nothing.
    private static func inputFailure(_ message: String, _ options: RunOptions) -> String {
        let name = Arguments.matches(options.input, "-") ? "standard input" : options.input
        var text = "\(name): \(message)"
        if !options.output.isEmpty && !options.outputIsStdout {
            text += " (\(options.output) was not written)"
        }
        return text
    }

    private func fail(_ message: String, status: ExitCode) -> ExitCode {
        Console.error("\(ToolInfo.name) run: \(message)")
        return status
    }
}
