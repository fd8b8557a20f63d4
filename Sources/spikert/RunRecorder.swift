import SpikeHost
import SpikeIO

/// The sink of `spikert run`: every output spike goes to the spike file, is counted per
/// channel, and the first `ModelRun.rasterLimit` are kept for the summary's raster.
struct RunRecorder: ~Copyable, SpikeSink {
    var writer: SpikeFileWriter
    /// The network's tick when the run began; raster ticks count from it.
    let firstTick: UInt64
    /// Output spikes per output channel.
    private(set) var counts: [Int]
    /// (ticks since `firstTick`, channel) of the first `ModelRun.rasterLimit` spikes.
    private(set) var recorded: [(tick: UInt64, channel: Int)] = []

    init(writer: consuming SpikeFileWriter, outputChannels: Int, firstTick: UInt64) {
        self.writer = writer
        self.firstTick = firstTick
        counts = [Int](repeating: 0, count: outputChannels)
    }

    mutating func spike(tick: UInt64, channel: Int) {
        writer.write(SpikeEvent(tick: tick, channel: channel))
        counts[channel] += 1
        if recorded.count < ModelRun.rasterLimit {
            recorded.append((tick &- firstTick, channel))
        }
    }
}
