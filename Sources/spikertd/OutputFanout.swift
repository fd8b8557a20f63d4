import SpikeControl
import SpikeHost
import SpikeIO

/// The daemon's sink: each output spike goes to the spike file (`--output`), to stdout
/// as a JSON line (`--json`), and into `pending`, from which the daemon feeds socket
/// subscribers and GPIO output lines after each run of the driver.
struct OutputFanout: ~Copyable, SpikeSink {
    var writer: SpikeFileWriter
    let json: Bool
    /// Whether spikes are kept in `pending` (someone subscribed, or GPIO outputs).
    var collects = false
    private(set) var pending: [(tick: UInt64, channel: Int)] = []
    private var jsonBuffer: [UInt8] = []
    /// Output spikes since the start.
    private(set) var spikes: UInt64 = 0
    /// The first write error of the spike file or stdout, kept until logged.
    var writeError: FileError?

    init(writer: consuming SpikeFileWriter, json: Bool) {
        self.writer = writer
        self.json = json
    }

    mutating func spike(tick: UInt64, channel: Int) {
        spikes &+= 1
        writer.write(SpikeEvent(tick: tick, channel: channel))
        if json {
            jsonBuffer.append(contentsOf: ControlNotification.spike(tick: tick, channel: channel))
            if jsonBuffer.count >= 1 << 16 { flushJSON() }
        }
        if collects { pending.append((tick, channel)) }
    }

    /// Hand the collected spikes to `body` and forget them.
    mutating func drain(_ body: (UInt64, Int) -> Void) {
        for (tick, channel) in pending { body(tick, channel) }
        pending.removeAll(keepingCapacity: true)
    }

    /// Spike-file lines lost to write errors so far.
    var lostLines: UInt64 { writer.lostLines }

    /// Write out the spike file's and stdout's buffers (after each run of ticks, so a
    /// reader of the file or of stdout sees spikes within a tick or so). A failed write
    /// is kept in `writeError` for the log, and the next flush tries again: a daemon
    /// whose disk filled up goes on writing once space is freed.
    mutating func flush() {
        do { try writer.flush() } catch {
            if writeError == nil { writeError = error }
            writer.clearFailure()
        }
        flushJSON()
    }

    private mutating func flushJSON() {
        guard !jsonBuffer.isEmpty else { return }
        var failure: SystemError? = nil
        jsonBuffer.withUnsafeBytes { raw in
            do throws(SystemError) { try Syscall.writeAll(1, raw) } catch { failure = error }
        }
        if let failure, writeError == nil {
            writeError = FileError("cannot write JSON lines to stdout", systemError: failure.code)
        }
        jsonBuffer.removeAll(keepingCapacity: true)
    }
}
