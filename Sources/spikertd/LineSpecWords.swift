import SpikeHost

/// The shared grammar of `--gpio-in`, `--gpio-out` and `--iio` values:
/// `NAME=CHANNEL[,KEY[=VALUE]]...`, split into the name, the channel and the options.
/// Bytes, not Characters (Embedded Swift).
struct LineSpecWords {
    var name: String
    var channel: Int
    /// (key, value) in order; value "" for a bare word such as `active-low`.
    var options: [(key: String, value: String)]

    /// `flag` names the option in messages (e.g. "--gpio-in").
    init(_ text: String, flag: StaticString) throws(DaemonCommandLine.Failure) {
        let bytes = Array(text.utf8)
        let parts = bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard let head = parts.first, let eq = head.lastIndex(of: UInt8(ascii: "=")),
              eq > head.startIndex else {
            throw DaemonCommandLine.Failure(message: "\(flag) '\(text)': expected NAME=CHANNEL[,OPTION...]")
        }
        name = String(decoding: head[head.startIndex..<eq], as: UTF8.self)
        let channelText = String(decoding: head[(eq + 1)...], as: UTF8.self)
        guard let channel = Arguments.parseCount(channelText, limit: Int(Int32.max)) else {
            throw DaemonCommandLine.Failure(message: "\(flag) '\(text)': the channel '\(channelText)' is not a whole number")
        }
        self.channel = channel
        options = []
        for part in parts.dropFirst() {
            guard !part.isEmpty else {
                throw DaemonCommandLine.Failure(message: "\(flag) '\(text)': empty option (two commas)")
            }
            if let k = part.firstIndex(of: UInt8(ascii: "=")) {
                options.append((String(decoding: part[part.startIndex..<k], as: UTF8.self),
                                String(decoding: part[(k + 1)...], as: UTF8.self)))
            } else {
                options.append((String(decoding: part, as: UTF8.self), ""))
            }
        }
    }
}
