import SpikeHost

/// One `--iio DEVICE:CHANNEL=INPUT[,rate=HZ][,value=raw|milli]`: an IIO channel (device
/// by its `name`, channel as sysfs names it, e.g. `in_voltage0`) sampled HZ times a
/// second (default 100) into the encoder of input channel INPUT. `raw` feeds the
/// register value; `milli` the processed value, (raw + offset) × scale, in thousandths
/// of the channel's unit (millivolts, milli-g, millidegrees), clamped to 32 bits.
struct IIOInputSpec {
    var device: String
    var channelName: String
    var input: Int
    var rateHz = 100
    var milli = false

    static let maximumRateHz = 10_000

    init(parsing text: String) throws(DaemonCommandLine.Failure) {
        let words = try LineSpecWords(text, flag: "--iio")
        let name = Array(words.name.utf8)
        guard let colon = name.lastIndex(of: UInt8(ascii: ":")), colon > 0, colon < name.count - 1 else {
            throw DaemonCommandLine.Failure(message: "--iio '\(text)': expected DEVICE:CHANNEL=INPUT (e.g. ads1015:in_voltage0=3)")
        }
        device = String(decoding: name[0..<colon], as: UTF8.self)
        channelName = String(decoding: name[(colon + 1)...], as: UTF8.self)
        input = words.channel
        for (key, value) in words.options {
            if Arguments.matches(key, "rate") {
                guard let hz = Arguments.parseCount(value, limit: Self.maximumRateHz), hz > 0 else {
                    throw DaemonCommandLine.Failure(message: "--iio '\(text)': rate wants 1-\(Self.maximumRateHz) samples per second, not '\(value)'")
                }
                rateHz = hz
            } else if Arguments.matches(key, "value") {
                if Arguments.matches(value, "raw") { milli = false }
                else if Arguments.matches(value, "milli") { milli = true }
                else {
                    throw DaemonCommandLine.Failure(message: "--iio '\(text)': value wants raw or milli, not '\(value)'")
                }
            } else {
                throw DaemonCommandLine.Failure(message: "--iio '\(text)': unknown option '\(key)' (rate=, value=)")
            }
        }
    }
}
