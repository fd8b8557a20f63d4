import SpikeHost

/// One setting of the daemon, as a command-line flag and as a config-file key: one
/// table (`DaemonOption.all`) serves the flag parser, the config reader and `--help`,
/// so the three cannot drift apart.
struct DaemonOption: Sendable {
    /// `--name`.
    let flag: StaticString
    /// `NAME` in the config file (the flag upper-cased, `-` as `_`).
    let key: StaticString
    /// The value's shape in the help text ("" for a switch).
    let valueName: StaticString
    let help: StaticString
    /// Whether the option may be given more than once (each adds an entry).
    let repeatable: Bool
    /// Apply a value (a switch gets "yes"); returns an error message naming the value,
    /// or nil.
    let apply: @Sendable (inout DaemonOptions, String) -> String?
    /// Empty a repeatable option's list (flags replace the config file's list).
    let clear: @Sendable (inout DaemonOptions) -> Void

    init(flag: StaticString, key: StaticString, valueName: StaticString, help: StaticString,
         repeatable: Bool, apply: @escaping @Sendable (inout DaemonOptions, String) -> String?,
         clear: @escaping @Sendable (inout DaemonOptions) -> Void = { _ in }) {
        self.flag = flag
        self.key = key
        self.valueName = valueName
        self.help = help
        self.repeatable = repeatable
        self.apply = apply
        self.clear = clear
    }

    var isSwitch: Bool { valueName.utf8CodeUnitCount == 0 }

    /// Whether this is the option `--flag`.
    func named(_ other: StaticString) -> Bool {
        DaemonOption.same(flag, other)
    }

    /// Whether `text` is exactly the config key `key`.
    static func same(key: StaticString, _ text: String) -> Bool {
        text.utf8.elementsEqual(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    static func same(_ a: StaticString, _ b: StaticString) -> Bool {
        guard a.utf8CodeUnitCount == b.utf8CodeUnitCount else { return false }
        for k in 0..<a.utf8CodeUnitCount where a.utf8Start[k] != b.utf8Start[k] { return false }
        return true
    }
}
