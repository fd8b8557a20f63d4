import SpikeGPIO
import SpikeHost

/// One `--gpio-out LINE=CH[,pulse=TICKS|,level=TICKS][,active-low]`: output channel CH
/// shown on a GPIO line, as a pulse of TICKS per spike (default 10) or as a level that
/// stays high while CH fired within the last TICKS ticks.
struct GPIOOutputSpec {
    var line: String
    var channel: Int
    var mode = OutputPulseMode.pulse(ticks: 10)
    var activeLow = false

    static let maximumTicks = 1 << 30

    init(parsing text: String) throws(DaemonCommandLine.Failure) {
        let words = try LineSpecWords(text, flag: "--gpio-out")
        line = words.name
        channel = words.channel
        for (key, value) in words.options {
            if Arguments.matches(key, "pulse") || Arguments.matches(key, "level") {
                guard let n = Arguments.parseCount(value, limit: Self.maximumTicks), n > 0 else {
                    throw DaemonCommandLine.Failure(message: "--gpio-out '\(text)': \(key) wants a whole number of ticks 1-\(Self.maximumTicks), not '\(value)'")
                }
                mode = Arguments.matches(key, "pulse") ? .pulse(ticks: UInt64(n)) : .activityWindow(ticks: UInt64(n))
            } else if Arguments.matches(key, "active-low") && Arguments.matches(value, "") {
                activeLow = true
            } else {
                throw DaemonCommandLine.Failure(message: "--gpio-out '\(text)': unknown option '\(key)' (pulse=, level=, active-low)")
            }
        }
    }
}
