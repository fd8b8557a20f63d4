import SpikeCore
import SpikeModel

/// Readable text for a blob-loading error: what, where (byte offset) and which field.
extension ModelError {
    public var message: String {
        var text = "\(status.text) at byte \(offset)"
        if field.utf8CodeUnitCount > 0 { text += " (field \(field))" }
        return text
    }
}
