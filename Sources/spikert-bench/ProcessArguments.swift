/// The command-line arguments as NUL-terminated byte strings, read from
/// /proc/self/cmdline.
///
/// Embedded Swift has no `CommandLine`, and a `main.swift` entry point does not expose
/// argc/argv; the kernel's copy of argv works the same in both build modes (and under
/// qemu-user, which emulates that file for the guest).
enum ProcessArguments {
    /// argv[1...], each with its terminating NUL.
    static func read() throws(BenchError) -> [[CChar]] {
        let path: [CChar] = Array("/proc/self/cmdline".utf8CString)
        let file = try FileBytes(path: path)
        defer { file.free() }
        var arguments: [[CChar]] = []
        var current: [CChar] = []
        var index = 0
        for k in 0..<file.count {
            let byte = file.base[k]
            current.append(CChar(bitPattern: byte))
            if byte == 0 {
                if index > 0 { arguments.append(current) }
                index += 1
                current = []
            }
        }
        return arguments
    }

    /// Whether `argument` (NUL-terminated) is exactly `literal`.
    static func matches(_ argument: [CChar], _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard argument.count == count + 1 else { return false }
        let text = literal.utf8Start
        for k in 0..<count where UInt8(bitPattern: argument[k]) != text[k] { return false }
        return true
    }

    /// A decimal number (at most 9 digits), or nil.
    static func decimal(_ argument: [CChar]) -> Int? {
        var value = 0
        var digits = 0
        for c in argument where c != 0 {
            guard c >= 48, c <= 57, value < 100_000_000 else { return nil }
            value = value * 10 + Int(c - 48)
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
