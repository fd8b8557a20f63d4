#if SPIKERT_LIBGPIOD2
import CGPIOD
import Foundation
import Testing
import SpikeGPIO

/// libgpiod 2.x where this machine allows (built with cross/libgpiod2-swift.sh): no
/// GPIO chips here, so the settings a request would carry are read back from libgpiod's
/// own settings objects, and the refusals are checked for their words.
@Suite("libgpiod 2.x backend without hardware")
struct Libgpiod2BackendTests {
    let address = LineAddress(chipLabel: "spikert-no-such-chip", offset: 3)

    /// A device directory of its own, with regular files named like chips (not GPIO
    /// character devices: the backend must skip them).
    func fakeDevices() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spikert-dev-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in ["gpiochip0", "gpiochip1"] {
            FileManager.default.createFile(atPath: directory + "/" + name, contents: Data("not a chip".utf8))
        }
        return directory
    }

    @Test("the library is 2.x")
    func version() {
        let version = String(cString: gpiod_api_version())
        #expect(version.hasPrefix("2."), "\(version)")
    }

    @Test("input settings: edges, bias, polarity, the kernel's debounce and the monotonic clock")
    func inputSettings() throws {
        let cases: [(InputLineConfig, gpiod_line_edge, gpiod_line_bias, UInt)] = [
            (InputLineConfig(address: address), GPIOD_LINE_EDGE_BOTH, GPIOD_LINE_BIAS_AS_IS, 0),
            (InputLineConfig(address: address, edges: .rising, bias: .pullUp, activeLow: true, debounceNanoseconds: 20_000_000),
             GPIOD_LINE_EDGE_RISING, GPIOD_LINE_BIAS_PULL_UP, 20_000),
            (InputLineConfig(address: address, edges: .falling, bias: .pullDown, debounceNanoseconds: 1_000_000_000),
             GPIOD_LINE_EDGE_FALLING, GPIOD_LINE_BIAS_PULL_DOWN, 1_000_000),
            (InputLineConfig(address: address, bias: .disabled, debounceNanoseconds: 1),
             GPIOD_LINE_EDGE_BOTH, GPIOD_LINE_BIAS_DISABLED, 1),
        ]
        for (config, edge, bias, debounce) in cases {
            let settings = try #require(Libgpiod2LineSettings.makeInput(config))
            defer { gpiod_line_settings_free(settings) }
            #expect(gpiod_line_settings_get_direction(settings) == GPIOD_LINE_DIRECTION_INPUT)
            #expect(gpiod_line_settings_get_edge_detection(settings) == edge)
            #expect(gpiod_line_settings_get_bias(settings) == bias)
            #expect(gpiod_line_settings_get_active_low(settings) == config.activeLow)
            #expect(gpiod_line_settings_get_debounce_period_us(settings) == debounce)
            #expect(gpiod_line_settings_get_event_clock(settings) == GPIOD_LINE_CLOCK_MONOTONIC)
        }
    }

    @Test("debounce periods in whole microseconds, rounded up")
    func debounceRounding() {
        let periods: [UInt64] = [0, 1, 999, 1000, 1001, 20_000_000, UInt64.max]
        #expect(periods.map(Libgpiod2LineSettings.debouncePeriodMicroseconds)
                == [0, 1, 1, 1, 2, 20_000, UInt(UInt64.max / 1000 + 1)])
    }

    @Test("output settings: direction, push-pull, polarity and the value from the start")
    func outputSettings() throws {
        for (activeLow, initial) in [(false, false), (true, true), (false, true)] {
            let settings = try #require(Libgpiod2LineSettings.makeOutput(
                OutputLineConfig(address: address, activeLow: activeLow, initialActive: initial)))
            defer { gpiod_line_settings_free(settings) }
            #expect(gpiod_line_settings_get_direction(settings) == GPIOD_LINE_DIRECTION_OUTPUT)
            #expect(gpiod_line_settings_get_drive(settings) == GPIOD_LINE_DRIVE_PUSH_PULL)
            #expect(gpiod_line_settings_get_active_low(settings) == activeLow)
            #expect(gpiod_line_settings_get_output_value(settings)
                    == (initial ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE))
        }
    }

    @Test("the request asks for the v1 queue depth and names the consumer")
    func requestConfig() throws {
        let config = try #require(gpiod_request_config_new())
        defer { gpiod_request_config_free(config) }
        gpiod_request_config_set_event_buffer_size(config, Libgpiod2LineSettings.eventBufferSize)
        Libgpiod2LineSettings.consumer.withCString { gpiod_request_config_set_consumer(config, $0) }
        #expect(gpiod_request_config_get_event_buffer_size(config) == 16)
        #expect(String(cString: gpiod_request_config_get_consumer(config)) == "spikertd")
    }

    @Test("a label no chip has is refused with the 1.6 backend's words; files that are not chips are skipped")
    func unknownLabel() throws {
        for directory in ["/dev", try fakeDevices(), "/nonexistent-spikert-dev"] {
            var backend = Libgpiod2Backend(deviceDirectory: directory)
            let debouncesInKernel = backend.debouncesInKernel
            #expect(debouncesInKernel)
            let input = gpioErrorMessage { () throws(GPIOError) in try backend.requestInput(InputLineConfig(address: address)) }
            #expect(input == "no GPIO chip is labelled spikert-no-such-chip (gpiodetect lists the labels)")
            let output = gpioErrorMessage { () throws(GPIOError) in try backend.requestOutput(OutputLineConfig(address: address)) }
            #expect(output == input)
            #expect(backend.lineCount(chipLabel: "spikert-no-such-chip") == nil)
            #expect(backend.findLine(named: "GPIO17") == nil)
            #expect(backend.findLine(named: "") == nil)
            #expect(backend.eventDescriptor(input: 0) == -1)
            backend.releaseAll()
            if directory.contains("spikert-dev-") { try? FileManager.default.removeItem(atPath: directory) }
        }
    }

    @Test("indices never requested are refused")
    func unknownIndex() {
        var backend = Libgpiod2Backend()
        let read = gpioErrorMessage { () throws(GPIOError) in
            var event = EdgeEvent(lineIndex: 0, rising: false, timestampNanoseconds: 0)
            return try withUnsafeMutablePointer(to: &event) { pointer throws(GPIOError) in
                try backend.readEvents(input: 0, into: UnsafeMutableBufferPointer(start: pointer, count: 1))
            }
        }
        #expect(read == "input index 0 was never requested (0 requested)")
        let set = gpioErrorMessage { () throws(GPIOError) in try backend.setOutput(2, active: true) }
        #expect(set == "output index 2 was never requested (0 requested)")
    }

    @Test("the resolver reports a missing header chip through the real lookup")
    func resolverOnThisMachine() throws {
        let profile = try BoardProfile(boardID: "rpi5", directory: BoardFixtures.directory)
        let backend = Libgpiod2Backend()
        let message = gpioErrorMessage { () throws(GPIOError) in try LineResolver(profile: profile).checkHeaderChip(in: backend) }
        #expect(message?.hasPrefix("board rpi5: no GPIO chip is labelled pinctrl-rp1") == true)
    }
}
#endif
