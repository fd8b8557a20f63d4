import SpikeCore

/// `--param NAME=VALUE`: a learning parameter (the names of docs/model.cddl's plasticity
/// map) set on every learning rule of the model before the run, e.g. `a_plus=131072`.
public enum ParamOption {
    public static func parse(_ word: String) -> (PlasticityParameter, Int32)? {
        let bytes = Array(word.utf8)
        guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        let name = bytes[0..<eq], value = bytes[(eq + 1)...]
        guard let parameter = PlasticityParameter(name: name), let v = integer(value) else { return nil }
        return (parameter, v)
    }

    private static func integer(_ bytes: ArraySlice<UInt8>) -> Int32? {
        var digits = bytes
        var negative = false
        if digits.first == UInt8(ascii: "-") { negative = true; digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 10 else { return nil }
        var value: Int64 = 0
        for b in digits {
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int64(b - 48)
        }
        value = negative ? -value : value
        guard value >= Int64(Int32.min), value <= Int64(Int32.max) else { return nil }
        return Int32(truncatingIfNeeded: value)
    }
}
