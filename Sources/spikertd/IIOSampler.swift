import SpikeHost
import SpikeIO

/// The daemon's IIO sensor channels: each read from sysfs on its own period and fed as
/// an encoder value to its input channel in the tick the sample was taken.
///
/// Sampling is the one thing that keeps a daemon with sensors waking while its network
/// rests: the timer is armed for the next sample only, so a sensor at 10 Hz costs ten
/// wake-ups a second and nothing more.
final class IIOSampler {
    struct Source {
        var spec: IIOInputSpec
        var channel: IIOChannel
        var period: UInt64
        var next: UInt64
    }

    private(set) var sources: [Source] = []
    private(set) var samples: UInt64 = 0
    private(set) var readErrors: UInt64 = 0

    init(specs: [IIOInputSpec], root: String, channels: ChannelMap, now: UInt64) throws(DaemonFailure) {
        for spec in specs {
            guard let (slot, _) = channels.input(spec.input) else {
                throw DaemonFailure(message: "--iio \(spec.device):\(spec.channelName)=\(spec.input): the model has \(channels.inputChannels) input channels", status: 2)
            }
            guard slot.encoder >= 0 else {
                throw DaemonFailure(message: "--iio \(spec.device):\(spec.channelName)=\(spec.input): input channel \(spec.input) has no encoder to take sensor values (give the input population a rate, latency or delta encoder)", status: 2)
            }
            let channel: IIOChannel
            do { channel = try IIODevice(named: spec.device, root: root).channel(spec.channelName) } catch {
                throw DaemonFailure(message: "--iio \(spec.device):\(spec.channelName): \(error.message)")
            }
            let period = 1_000_000_000 / UInt64(spec.rateHz)
            sources.append(Source(spec: spec, channel: channel, period: period, next: now))
        }
    }

    /// The earliest next sample.
    var nextDeadline: UInt64? { sources.map { $0.next }.min() }

    /// Take the samples due by `now` and queue them as encoder values.
    func sample(now: UInt64, clock: TickClock, queue: inout EventQueue) {
        for k in sources.indices where sources[k].next <= now {
            // Catch up by whole periods, never in a burst: a late wake-up takes one sample.
            let behind = (now &- sources[k].next) / sources[k].period
            sources[k].next &+= (behind &+ 1) &* sources[k].period
            let value: Int64
            do {
                value = sources[k].spec.milli
                    ? (try sources[k].channel.sampleProcessed()) / 1_000_000
                    : try sources[k].channel.sample()
            } catch {
                readErrors &+= 1
                if readErrors <= 5 || readErrors % 1000 == 0 {
                    Log.warning("--iio \(sources[k].spec.device):\(sources[k].spec.channelName): \(error.message)")
                }
                continue
            }
            let clamped = Int32(clamping: value)
            samples &+= 1
            queue.push(SpikeEvent(tick: clock.tick(at: now), channel: sources[k].spec.input, value: clamped))
        }
    }
}
