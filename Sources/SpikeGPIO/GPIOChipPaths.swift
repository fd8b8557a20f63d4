import SpikeIO

/// The GPIO character devices of a directory (`/dev`), in chip-number order, for the
/// 2.x backend: libgpiod 2.x opens chips by path only (1.6's `gpiod_chip_open_by_label`
/// and `gpiod_line_find` are gone), so finding a chip by label or a line by name means
/// visiting the chips, and this is the order they are visited in.
///
/// Names are those starting `gpiochip` (what the kernel and udev create; libgpiod 1.6
/// scanned the same names), ordered by their number: gpiochip2 before gpiochip10, so
/// "the first line with that name" is the one on the lowest-numbered chip. The caller
/// still asks libgpiod whether each is really a GPIO chip (`gpiod_is_gpiochip_device`).
public enum GPIOChipPaths {
    /// `directory/gpiochipN` for every such name in `directory`, in order; empty when
    /// the directory cannot be read (no chips is what that means to every caller).
    public static func list(in directory: String) -> [String] {
        var names: [[UInt8]] = []
        directory.withCString { path in
            do throws(SystemError) { names = try Syscall.directoryEntryNames(path) } catch { names = [] }
        }
        var paths: [String] = []
        for name in ordered(names) {
            paths.append(directory + "/" + String(decoding: name, as: UTF8.self))
        }
        return paths
    }

    /// The names that start with `gpiochip`, ordered by the number after it (names
    /// without one, or with other characters, after the numbered ones, byte order).
    public static func ordered(_ names: [[UInt8]]) -> [[UInt8]] {
        let prefix = Array("gpiochip".utf8)
        var chips: [(number: UInt64?, name: [UInt8])] = []
        for name in names where name.count > prefix.count && Array(name.prefix(prefix.count)) == prefix {
            chips.append((number: number(name.dropFirst(prefix.count)), name: name))
        }
        // Insertion sort: a handful of chips, and no Comparable tuples in Embedded Swift.
        for i in chips.indices.dropFirst() {
            var j = i
            while j > 0, precedes(chips[j], chips[j - 1]) {
                chips.swapAt(j, j - 1)
                j -= 1
            }
        }
        var result: [[UInt8]] = []
        for chip in chips { result.append(chip.name) }
        return result
    }

    private static func precedes(_ a: (number: UInt64?, name: [UInt8]),
                                 _ b: (number: UInt64?, name: [UInt8])) -> Bool {
        switch (a.number, b.number) {
        case let (x?, y?): return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a.name.lexicographicallyPrecedes(b.name)
        }
    }

    /// The decimal number `digits` spells, or nil (not all digits, or too long).
    private static func number(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + UInt64(byte - 48)
        }
        return value
    }
}
