import CSystem
import SpikeIO

/// Readable text for a file error: the reason, the line, and the system's words
/// for errno with its number.
extension FileError {
    public var message: String {
        var text = "\(reason)"
        if let limit { text += " \(limit)" }
        if line > 0 { text += " (line \(line))" }
        if systemError != 0, let words = strerror(systemError) {
            text += ": " + String(cString: words) + " (errno \(systemError))"
        }
        return text
    }
}
