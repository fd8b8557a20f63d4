import Foundation
import Testing
import SpikeIO

/// The IIO sysfs reader against a fake /sys/bus/iio/devices tree in a temp directory.
@Suite("IIO sysfs")
struct IIOTests {
    /// A fake devices directory; files are written as the kernel shows them (newline).
    final class FakeTree {
        let root: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("iio-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: root) }
        func write(_ device: String, _ file: String, _ text: String) throws {
            let dir = root.appendingPathComponent(device)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: dir.appendingPathComponent(file))
        }
        var path: String { root.path }
    }

    func number(_ text: String) -> Int64? { Array(text.utf8).withUnsafeBytes { IIONumber.nanoUnits($0) } }
    func integer(_ text: String) -> Int64? { Array(text.utf8).withUnsafeBytes { IIONumber.integer($0) } }

    @Test("decimal text to nano-units without floating point", arguments: [
        ("0.805664062\n", 805_664_062), ("1\n", 1_000_000_000), ("-273.15", -273_150_000_000),
        ("-0.5\n", -500_000_000), ("0.0000000019", 1), ("+2.5", 2_500_000_000), ("9223372036", 9_223_372_036_000_000_000),
    ] as [(String, Int64)])
    func decimals(_ text: String, _ nano: Int64) {
        #expect(number(text) == nano)
    }

    @Test("malformed numbers are refused", arguments: ["", "\n", "-", ".5", "1.", "1.2.3", "1e5", "0x10", "abc", " 1", "1 ", "1\n\n", "1,5"])
    func malformed(_ text: String) {
        #expect(number(text) == nil)
        #expect(integer(text) == nil)
    }

    @Test("raw integers; nano-units beyond 64 bits are refused")
    func raws() {
        #expect(integer("9223372037") == 9_223_372_037)
        #expect(number("9223372037") == nil)
        #expect(integer("1234\n") == 1234)
        #expect(integer("-17") == -17)
        #expect(integer("9223372036854775807") == Int64.max)
        #expect(integer("9223372036854775808") == nil)
        #expect(integer("1.5") == nil)
    }

    @Test("processed = (raw + offset) × scale in nano-units, toward zero, nil on overflow")
    func processed() {
        #expect(IIONumber.processed(raw: 2048, offset: 0, scale: 805_664_062) == 1_649_999_998_976)
        // A temperature: raw 8000, offset -2730.0, scale 0.1 → (8000 - 2730) × 0.1 = 527.
        #expect(IIONumber.processed(raw: 8000, offset: -2_730_000_000_000, scale: 100_000_000) == 527_000_000_000)
        #expect(IIONumber.processed(raw: -3, offset: 0, scale: 333_333_333) == -999_999_999)
        #expect(IIONumber.processed(raw: Int64.max, offset: 0, scale: 2_000_000_000) == nil)
        #expect(IIONumber.processed(raw: Int64.min, offset: Int64.min, scale: Int64.max) == nil)
    }

    @Test("device found by name (lowest N wins), channel scale/offset: own, shared, default")
    func deviceAndChannels() throws {
        let tree = try FakeTree()
        try tree.write("iio:device0", "name", "bme280\n")
        try tree.write("iio:device3", "name", "ads1015\n")
        try tree.write("iio:device1", "name", "ads1015\n")
        try tree.write("iio:device1", "in_voltage0_raw", "2048\n")
        try tree.write("iio:device1", "in_voltage_scale", "0.805664062\n")
        try tree.write("iio:device1", "in_voltage1_raw", "-5\n")
        try tree.write("iio:device1", "in_voltage1_scale", "2\n")
        try tree.write("iio:device1", "in_voltage1_offset", "-0.5\n")
        try tree.write("iio:device0", "in_temp_raw", "23000\n")
        try tree.write("iio:device0", "in_accel_x_raw", "7\n")
        try tree.write("iio:device0", "in_accel_offset", "3\n")
        try tree.write("iio:device3", "in_voltage0_raw", "1\n")
        try tree.write("notadevice", "name", "ads1015\n")

        let adc = try IIODevice(named: "ads1015", root: tree.path)
        #expect(adc.directory == tree.path + "/iio:device1")
        let v0 = try adc.channel("in_voltage0")
        #expect(v0.scale == 805_664_062 && v0.offset == 0)
        #expect(try v0.sample() == 2048)
        #expect(try v0.sampleProcessed() == 1_649_999_998_976)
        let v1 = try adc.channel("in_voltage1")
        #expect(v1.scale == 2_000_000_000 && v1.offset == -500_000_000)
        #expect(try v1.sampleProcessed() == -11_000_000_000)

        let env = try IIODevice(named: "bme280", root: tree.path)
        let temp = try env.channel("in_temp")
        #expect(temp.scale == 1_000_000_000 && temp.offset == 0)
        #expect(try temp.sample() == 23000)
        let ax = try env.channel("in_accel_x")
        #expect(ax.offset == 3_000_000_000)
        #expect(try ax.sampleProcessed() == 10_000_000_000)
        // By directory name too.
        #expect(try IIODevice(named: "iio:device3", root: tree.path).channel("in_voltage0").sample() == 1)
    }

    @Test("values change between reads")
    func changingValues() throws {
        let tree = try FakeTree()
        try tree.write("iio:device0", "name", "mcp3008\n")
        try tree.write("iio:device0", "in_voltage2_raw", "10\n")
        let channel = try IIODevice(named: "mcp3008", root: tree.path).channel("in_voltage2")
        var seen: [Int64] = []
        for value in [10, 11, -4, 1023] {
            try tree.write("iio:device0", "in_voltage2_raw", "\(value)\n")
            seen.append(try channel.sample())
        }
        #expect(seen == [10, 11, -4, 1023])
    }

    @Test("errors name the device, the channel and the path")
    func errors() throws {
        let tree = try FakeTree()
        try tree.write("iio:device0", "name", "adc\n")
        try tree.write("iio:device0", "in_voltage0_raw", "12x\n")
        try tree.write("iio:device0", "in_voltage1_raw", "1\n")
        try tree.write("iio:device0", "in_voltage1_scale", "0.5.5\n")
        let base = tree.path + "/iio:device0"

        #expect(throws: IIOError(.deviceNotFound, device: "dac", path: tree.path)) {
            try IIODevice(named: "dac", root: tree.path)
        }
        let missingRoot = tree.path + "/nope"
        #expect(throws: IIOError(.rootUnreadable, device: "adc", path: missingRoot, systemError: ENOENT)) {
            try IIODevice(named: "adc", root: missingRoot)
        }
        let adc = try IIODevice(named: "adc", root: tree.path)
        #expect(throws: IIOError(.channelNotFound, device: "adc", channel: "in_voltage7",
                                 path: base + "/in_voltage7_raw", systemError: ENOENT)) {
            try adc.channel("in_voltage7")
        }
        #expect(throws: IIOError(.malformedNumber, device: "adc", channel: "in_voltage1",
                                 path: base + "/in_voltage1_scale", text: "0.5.5\n")) {
            try adc.channel("in_voltage1")
        }
        let bad = try adc.channel("in_voltage0")
        #expect(throws: IIOError(.malformedNumber, device: "adc", channel: "in_voltage0",
                                 path: base + "/in_voltage0_raw", text: "12x\n")) {
            try bad.sample()
        }
        do {
            _ = try bad.sample()
        } catch {
            #expect(error.message.contains("\"adc\""))
            #expect(error.message.contains("\"in_voltage0\""))
            #expect(error.message.contains(base + "/in_voltage0_raw"))
        }
        // The channel disappearing after it was opened (device unbound).
        try FileManager.default.removeItem(atPath: base + "/in_voltage1_raw")
        try tree.write("iio:device0", "in_voltage2_raw", "5\n")
        let gone = try adc.channel("in_voltage2")
        try FileManager.default.removeItem(atPath: base + "/in_voltage2_raw")
        #expect(throws: IIOError(.cannotRead, device: "adc", channel: "in_voltage2",
                                 path: base + "/in_voltage2_raw", systemError: ENOENT)) {
            try gone.sample()
        }
    }

    @Test("shared attribute prefix of a channel name")
    func sharedNames() throws {
        let tree = try FakeTree()
        try tree.write("iio:device0", "name", "imu\n")
        try tree.write("iio:device0", "in_anglvel_z_raw", "-100\n")
        try tree.write("iio:device0", "in_anglvel_scale", "0.001065264\n")
        let gyro = try IIODevice(named: "imu", root: tree.path).channel("in_anglvel_z")
        #expect(gyro.scale == 1_065_264)
        #expect(try gyro.sampleProcessed() == -106_526_400)
    }
}
