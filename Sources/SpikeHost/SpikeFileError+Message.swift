import SpikeIO

/// Readable text for a spike-file error: the reason, the line, and errno's number.
extension SpikeFileError {
    public var message: String {
        var text = "\(reason)"
        if line > 0 { text += " (line \(line))" }
        if systemError != 0 { text += " (errno \(systemError))" }
        return text
    }
}
