import SpikeCore

/// Readable text for a SpikeCore error: the status text, the offending index and field.
extension SpikeError {
    public var message: String {
        var text = "\(status.text)"
        if index >= 0 { text += " at index \(index)" }
        if field.utf8CodeUnitCount > 0 { text += " (field \(field))" }
        return text
    }
}
