import CSystem

/// An Industrial I/O device (ADC, accelerometer, thermometer…) in sysfs, found by the
/// content of its `name` file, never by its number: `iio:deviceN` numbers follow probe
/// order and change between boots and kernels, the driver's name does not.
///
/// The root is a parameter (default `/sys/bus/iio/devices`) so tests use a fake tree in
/// a temporary directory; nothing else differs.
public struct IIODevice: Sendable {
    public static let defaultRoot = "/sys/bus/iio/devices"

    /// The name asked for (what errors show).
    public let name: String
    /// `ROOT/iio:deviceN`.
    public let directory: String

    /// The device whose `name` file holds `name` (one trailing newline ignored). When
    /// several do (two identical ADCs), the lowest N is taken. `iio:deviceN` itself is
    /// accepted as a name too, for boards where the number is known to be fixed.
    public init(named name: String, root: String = IIODevice.defaultRoot) throws(IIOError) {
        self.name = name
        let wanted = Array(name.utf8)
        // Directly by directory name.
        if IIODevice.isDeviceEntry(wanted) {
            var probe: [UInt8] = []
            if case .none = KeyValueFile.readWholeFile(root + "/" + name + "/name", limit: 4096, into: &probe) {
                directory = root + "/" + name
                return
            }
        }
        let rootC = CString(root)
        let entries: [[UInt8]]
        do { entries = try Syscall.directoryEntryNames(rootC.pointer) } catch {
            throw IIOError(.rootUnreadable, device: name, path: root, systemError: error.code)
        }
        var best: (number: UInt64, entry: [UInt8])?
        var contents: [UInt8] = []
        for entryName in entries {
            guard IIODevice.isDeviceEntry(entryName), let number = IIODevice.deviceNumber(entryName) else { continue }
            let path = root + "/" + String(decoding: entryName, as: UTF8.self) + "/name"
            guard case .none = KeyValueFile.readWholeFile(path, limit: 4096, into: &contents) else { continue }
            if contents.last == 0x0A { contents.removeLast() }
            guard contents == wanted else { continue }
            if let current = best, current.number <= number { continue }
            best = (number, entryName)
        }
        guard let found = best else { throw IIOError(.deviceNotFound, device: name, path: root) }
        directory = root + "/" + String(decoding: found.entry, as: UTF8.self)
    }

    /// The channel `name` (`in_voltage0`, `in_accel_x`, `in_temp`, …): its `_raw` must
    /// exist; its scale and offset are read now (see `IIOChannel`).
    public func channel(_ name: String) throws(IIOError) -> IIOChannel {
        try IIOChannel(device: self, name: name)
    }

    private static func isDeviceEntry(_ bytes: [UInt8]) -> Bool {
        let prefix: StaticString = "iio:device"
        let n = prefix.utf8CodeUnitCount
        guard bytes.count > n else { return false }
        for k in 0..<n where bytes[k] != prefix.utf8Start[k] { return false }
        return true
    }

    /// N of `iio:deviceN` (digits only, at most 9 of them).
    private static func deviceNumber(_ bytes: [UInt8]) -> UInt64? {
        let digits = bytes[10...]
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var n: UInt64 = 0
        for b in digits {
            guard b >= 48, b <= 57 else { return nil }
            n = n * 10 + UInt64(b - 48)
        }
        return n
    }
}
