import CSystem

/// One channel of an `IIODevice`: its raw samples and the scale and offset that turn
/// them into units (sysfs-bus-iio: volts are millivolts, m/s², milli-°C… per type).
///
/// Scale and offset are the channel's own `<chan>_scale` / `<chan>_offset` if present,
/// else the type's shared `in_<type>_scale` / `in_<type>_offset` (`in_voltage0` →
/// `in_voltage_scale`), else 1 and 0. They are read once, here: they change only when
/// someone reconfigures the device, and each `sample()` then costs one attribute read.
/// Open a new channel after a reconfiguration.
public struct IIOChannel: Sendable {
    public let deviceName: String
    public let name: String
    /// `<device>/<name>_raw`.
    public let rawPath: String
    /// Scale in nano-units (1.0 = 1_000_000_000).
    public let scale: Int64
    /// Offset in nano-units, added to the raw value before scaling.
    public let offset: Int64

    init(device: IIODevice, name: String) throws(IIOError) {
        deviceName = device.name
        self.name = name
        rawPath = device.directory + "/" + name + "_raw"
        var probe: [UInt8] = []
        switch KeyValueFile.readWholeFile(rawPath, limit: 4096, into: &probe) {
        case .none: break
        case .open(let e) where e == ENOENT || e == ENOTDIR:
            throw IIOError(.channelNotFound, device: device.name, channel: name, path: rawPath, systemError: e)
        case .open(let e), .read(let e):
            throw IIOError(.cannotRead, device: device.name, channel: name, path: rawPath, systemError: e)
        case .tooLarge:
            throw IIOError(.malformedNumber, device: device.name, channel: name, path: rawPath)
        }
        let shared = IIOChannel.sharedPrefix(Array(name.utf8))
        scale = try IIOChannel.attribute(device, channel: name, shared: shared, suffix: "_scale") ?? IIONumber.nano
        offset = try IIOChannel.attribute(device, channel: name, shared: shared, suffix: "_offset") ?? 0
    }

    /// The current raw value (one read of `_raw`).
    public func sample() throws(IIOError) -> Int64 {
        let text = try IIOChannel.read(rawPath, device: deviceName, channel: name)
        let value = text.withUnsafeBytes { IIONumber.integer($0) }
        guard let value else { throw malformed(rawPath, text) }
        return value
    }

    /// `raw` in nano-units of the channel's unit: (raw + offset) × scale, see
    /// `IIONumber.processed`; nil when it does not fit Int64.
    public func processed(raw: Int64) -> Int64? {
        IIONumber.processed(raw: raw, offset: offset, scale: scale)
    }

    /// A sample in nano-units of the channel's unit.
    public func sampleProcessed() throws(IIOError) -> Int64 {
        let raw = try sample()
        guard let value = processed(raw: raw) else {
            throw IIOError(.outOfRange, device: deviceName, channel: name, path: rawPath, text: "\(raw)")
        }
        return value
    }

    // MARK: attributes

    /// `in_voltage0` → `in_voltage`: direction, `_`, then the type's letters; nil when
    /// that is the channel name itself (`in_temp`) or the name has no such form.
    static func sharedPrefix(_ name: [UInt8]) -> [UInt8]? {
        guard let underscore = name.firstIndex(of: UInt8(ascii: "_")) else { return nil }
        var end = underscore + 1
        while end < name.count, name[end] >= 97, name[end] <= 122 { end += 1 }
        guard end > underscore + 1, end < name.count else { return nil }
        return Array(name[0..<end])
    }

    private static func attribute(_ device: IIODevice, channel: String, shared: [UInt8]?,
                                  suffix: StaticString) throws(IIOError) -> Int64? {
        let suffixText = String(decoding: UnsafeRawBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount),
                                as: UTF8.self)
        var candidates = [device.directory + "/" + channel + suffixText]
        if let shared { candidates.append(device.directory + "/" + String(decoding: shared, as: UTF8.self) + suffixText) }
        for path in candidates {
            var text: [UInt8] = []
            switch KeyValueFile.readWholeFile(path, limit: 4096, into: &text) {
            case .none:
                guard let value = text.withUnsafeBytes({ IIONumber.nanoUnits($0) }) else {
                    throw IIOError(.malformedNumber, device: device.name, channel: channel, path: path,
                                   text: IIOChannel.excerpt(text))
                }
                return value
            case .open(let e) where e == ENOENT:
                continue
            case .open(let e), .read(let e):
                throw IIOError(.cannotRead, device: device.name, channel: channel, path: path, systemError: e)
            case .tooLarge:
                throw IIOError(.malformedNumber, device: device.name, channel: channel, path: path)
            }
        }
        return nil
    }

    private static func read(_ path: String, device: String, channel: String) throws(IIOError) -> [UInt8] {
        var text: [UInt8] = []
        switch KeyValueFile.readWholeFile(path, limit: 4096, into: &text) {
        case .none: return text
        case .open(let e), .read(let e):
            throw IIOError(.cannotRead, device: device, channel: channel, path: path, systemError: e)
        case .tooLarge:
            throw IIOError(.malformedNumber, device: device, channel: channel, path: path)
        }
    }

    private func malformed(_ path: String, _ text: [UInt8]) -> IIOError {
        IIOError(.malformedNumber, device: deviceName, channel: name, path: path, text: IIOChannel.excerpt(text))
    }

    /// At most 40 bytes of a file's text, for a message.
    static func excerpt(_ text: [UInt8]) -> String {
        var end = min(text.count, 40)
        while end > 0, end < text.count, text[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: text[0..<end], as: UTF8.self)
    }
}
