import SpikeCore

/// `--power normal | full | low[:FOLD[:SCALE]]`. A threshold scale of 0 in the result
/// means "the model's own" (filled in once the model is loaded).
public enum PowerOption {
    public static func parse(_ word: String) -> PowerSettings? {
        let parts = Array(word.utf8).split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard let name = parts.first, parts.count <= 3 else { return nil }
        var settings = PowerSettings(mode: .normal, fold: 2, thresholdScale: 0)
        if matches(name, "normal") || matches(name, "full") {
            guard parts.count == 1 else { return nil }
            settings.mode = matches(name, "full") ? .full : .normal
            return settings
        }
        guard matches(name, "low") else { return nil }
        settings.mode = .low
        if parts.count >= 2 {
            guard let fold = number(parts[1], limit: NetworkLimits.maxFold), fold >= 2 else {
                return nil
            }
            settings.fold = fold
        }
        if parts.count == 3 {
            guard let scale = number(parts[2], limit: Int(NetworkLimits.maxThresholdScale)),
                  scale >= 1 else { return nil }
            settings.thresholdScale = Int32(truncatingIfNeeded: scale)
        }
        return settings
    }

    private static func matches(_ bytes: ArraySlice<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        var k = 0
        for b in bytes {
            if b != word.utf8Start[k] { return false }
            k += 1
        }
        return true
    }

    private static func number(_ bytes: ArraySlice<UInt8>, limit: Int) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 8 else { return nil }
        var value = 0
        for b in bytes {
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int(b - 48)
        }
        return value <= limit ? value : nil
    }
}
