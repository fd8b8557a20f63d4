import SpikeGPIO
import SpikeHost

/// One `--gpio-in LINE=CH[,edge=rising|falling|both][,bias=…][,active-low][,debounce=MS]`.
///
/// The kernel is always asked for both edges: the debouncer needs both to know the
/// line's level, and lost edges can only be detected on a line watched both ways.
/// `edge` selects which accepted edges become input spikes.
struct GPIOInputSpec {
    var line: String
    var channel: Int
    /// Which accepted edges become spikes.
    var spikeOn = InputEdge.rising
    var bias = LineBias.asIs
    var activeLow = false
    var debounceNanoseconds: UInt64 = 0

    /// The longest debounce period accepted (a second: longer is no debounce but a
    /// filter).
    static let maximumDebounceMilliseconds = 1000

    init(parsing text: String) throws(DaemonCommandLine.Failure) {
        let words = try LineSpecWords(text, flag: "--gpio-in")
        line = words.name
        channel = words.channel
        for (key, value) in words.options {
            if Arguments.matches(key, "edge") {
                if Arguments.matches(value, "rising") { spikeOn = .rising }
                else if Arguments.matches(value, "falling") { spikeOn = .falling }
                else if Arguments.matches(value, "both") { spikeOn = .both }
                else { throw Self.bad(text, "edge wants rising, falling or both, not '\(value)'") }
            } else if Arguments.matches(key, "bias") {
                if Arguments.matches(value, "pull-up") { bias = .pullUp }
                else if Arguments.matches(value, "pull-down") { bias = .pullDown }
                else if Arguments.matches(value, "disabled") { bias = .disabled }
                else if Arguments.matches(value, "as-is") { bias = .asIs }
                else { throw Self.bad(text, "bias wants pull-up, pull-down, disabled or as-is, not '\(value)'") }
            } else if Arguments.matches(key, "active-low") && Arguments.matches(value, "") {
                activeLow = true
            } else if Arguments.matches(key, "debounce") {
                guard let ms = Arguments.parseCount(value, limit: Self.maximumDebounceMilliseconds) else {
                    throw Self.bad(text, "debounce wants whole milliseconds 0-\(Self.maximumDebounceMilliseconds), not '\(value)'")
                }
                debounceNanoseconds = UInt64(ms) &* 1_000_000
            } else {
                throw Self.bad(text, "unknown option '\(key)' (edge=, bias=, active-low, debounce=)")
            }
        }
    }

    private static func bad(_ text: String, _ why: String) -> DaemonCommandLine.Failure {
        DaemonCommandLine.Failure(message: "--gpio-in '\(text)': \(why)")
    }
}
