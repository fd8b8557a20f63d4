import SpikeGPIO
import Testing
@testable import spikertd

/// `--gpio-in`, `--gpio-out` (and `--iio`, which shares their grammar): every option
/// and every refusal, each naming the text that was wrong.
@Suite struct LineSpecTests {
    func inputFailure(_ text: String) -> String? {
        do { _ = try GPIOInputSpec(parsing: text) } catch { return error.message }
        return nil
    }

    func outputFailure(_ text: String) -> String? {
        do { _ = try GPIOOutputSpec(parsing: text) } catch { return error.message }
        return nil
    }

    @Test func anInputWithoutOptionsSpikesOnRisingEdgesWithNoDebounce() throws {
        let spec = try GPIOInputSpec(parsing: "GPIO17=4")
        #expect(spec.line == "GPIO17")
        #expect(spec.channel == 4)
        #expect(spec.spikeOn == .rising)
        #expect(spec.bias == .asIs)
        #expect(!spec.activeLow)
        #expect(spec.debounceNanoseconds == 0)
    }

    @Test(arguments: [("rising", InputEdge.rising), ("falling", .falling), ("both", .both)])
    func edgeSelection(_ word: String, _ edge: InputEdge) throws {
        #expect(try GPIOInputSpec(parsing: "BOARD11=0,edge=\(word)").spikeOn == edge)
    }

    @Test(arguments: [("pull-up", LineBias.pullUp), ("pull-down", .pullDown), ("disabled", .disabled), ("as-is", .asIs)])
    func biasSelection(_ word: String, _ bias: LineBias) throws {
        #expect(try GPIOInputSpec(parsing: "GPIO17=0,bias=\(word)").bias == bias)
    }

    @Test func everyInputOptionTogether() throws {
        let spec = try GPIOInputSpec(parsing: "pinctrl-bcm2711:17=99,edge=both,bias=pull-down,active-low,debounce=1000")
        #expect(spec.line == "pinctrl-bcm2711:17")
        #expect(spec.channel == 99)
        #expect(spec.spikeOn == .both)
        #expect(spec.bias == .pullDown)
        #expect(spec.activeLow)
        #expect(spec.debounceNanoseconds == 1_000_000_000)
    }

    @Test(arguments: [0, 1, 5, 999, 1000])
    func debounceIsWholeMilliseconds(_ ms: Int) throws {
        #expect(try GPIOInputSpec(parsing: "GPIO17=0,debounce=\(ms)").debounceNanoseconds == UInt64(ms) * 1_000_000)
    }

    @Test func theLastOfARepeatedOptionWins() throws {
        let spec = try GPIOInputSpec(parsing: "GPIO17=0,edge=falling,edge=both,debounce=3,debounce=4")
        #expect(spec.spikeOn == .both)
        #expect(spec.debounceNanoseconds == 4_000_000)
    }

    /// Refusals of `--gpio-in`: the message quotes the whole spec and the offending
    /// part.
    @Test(arguments: [
        ("GPIO17", "expected NAME=CHANNEL"),
        ("=3", "expected NAME=CHANNEL"),
        ("", "expected NAME=CHANNEL"),
        ("GPIO17=", "the channel '' is not a whole number"),
        ("GPIO17=x", "the channel 'x' is not a whole number"),
        ("GPIO17=-1", "the channel '-1' is not a whole number"),
        ("GPIO17=2147483648", "the channel '2147483648' is not a whole number"),
        ("GPIO17=0,,edge=both", "empty option"),
        ("GPIO17=0,", "empty option"),
        ("GPIO17=0,edge=up", "'up'"),
        ("GPIO17=0,edge", "''"),
        ("GPIO17=0,bias=pullup", "'pullup'"),
        ("GPIO17=0,debounce=1001", "'1001'"),
        ("GPIO17=0,debounce=-1", "'-1'"),
        ("GPIO17=0,debounce=5ms", "'5ms'"),
        ("GPIO17=0,pulse=3", "unknown option 'pulse'"),
        ("GPIO17=0,active-low=yes", "'active-low'"),
        ("GPIO17=0,Edge=both", "unknown option 'Edge'"),
    ])
    func aBadInputSpecIsNamed(_ text: String, _ fragment: String) throws {
        let message = try #require(inputFailure(text), "'\(text)' was accepted")
        #expect(message.hasPrefix("--gpio-in '\(text)'"), "\(message)")
        #expect(message.contains(fragment), "\(message)")
    }

    @Test func anOutputWithoutOptionsPulsesTenTicks() throws {
        let spec = try GPIOOutputSpec(parsing: "GPIO27=0")
        #expect(spec.line == "GPIO27")
        #expect(spec.channel == 0)
        guard case .pulse(let ticks) = spec.mode else {
            Issue.record("default mode is \(spec.mode)")
            return
        }
        #expect(ticks == 10)
        #expect(!spec.activeLow)
    }

    @Test func pulseLevelAndActiveLow() throws {
        let pulse = try GPIOOutputSpec(parsing: "BOARD13=2,pulse=3,active-low")
        guard case .pulse(let width) = pulse.mode else {
            Issue.record("pulse=3 gave \(pulse.mode)")
            return
        }
        #expect(width == 3)
        #expect(pulse.activeLow)
        let level = try GPIOOutputSpec(parsing: "BOARD13=2,level=1073741824")
        guard case .activityWindow(let window) = level.mode else {
            Issue.record("level= gave \(level.mode)")
            return
        }
        #expect(window == 1 << 30)
        // The later of pulse= and level= decides.
        let last = try GPIOOutputSpec(parsing: "GPIO27=0,level=4,pulse=6")
        guard case .pulse(6) = last.mode else {
            Issue.record("level=4,pulse=6 gave \(last.mode)")
            return
        }
    }

    @Test(arguments: [
        ("GPIO27", "expected NAME=CHANNEL"),
        ("GPIO27=one", "the channel 'one' is not a whole number"),
        ("GPIO27=0,pulse=0", "'0'"),
        ("GPIO27=0,level=0", "'0'"),
        ("GPIO27=0,pulse=1073741825", "'1073741825'"),
        ("GPIO27=0,pulse=", "''"),
        ("GPIO27=0,pulse=fast", "'fast'"),
        ("GPIO27=0,edge=both", "unknown option 'edge'"),
        ("GPIO27=0,debounce=5", "unknown option 'debounce'"),
        ("GPIO27=0,,pulse=2", "empty option"),
    ])
    func aBadOutputSpecIsNamed(_ text: String, _ fragment: String) throws {
        let message = try #require(outputFailure(text), "'\(text)' was accepted")
        #expect(message.hasPrefix("--gpio-out '\(text)'"), "\(message)")
        #expect(message.contains(fragment), "\(message)")
    }

    @Test func anIIOSpecNamesDeviceChannelAndInput() throws {
        let spec = try IIOInputSpec(parsing: "ads1015:in_voltage0=3,rate=250,value=milli")
        #expect(spec.device == "ads1015")
        #expect(spec.channelName == "in_voltage0")
        #expect(spec.input == 3)
        #expect(spec.rateHz == 250)
        #expect(spec.milli)
        let plain = try IIOInputSpec(parsing: "iio:device0:in_temp=1")
        #expect(plain.device == "iio:device0", "the last colon splits device from channel")
        #expect(plain.channelName == "in_temp")
        #expect(plain.rateHz == 100)
        #expect(!plain.milli)
    }

    @Test(arguments: [
        ("ads1015=3", "expected DEVICE:CHANNEL=INPUT"),
        (":in_voltage0=3", "expected DEVICE:CHANNEL=INPUT"),
        ("ads1015:=3", "expected DEVICE:CHANNEL=INPUT"),
        ("ads1015:in_voltage0=3,rate=0", "'0'"),
        ("ads1015:in_voltage0=3,rate=10001", "'10001'"),
        ("ads1015:in_voltage0=3,value=volts", "'volts'"),
        ("ads1015:in_voltage0=3,edge=both", "unknown option 'edge'"),
    ])
    func aBadIIOSpecIsNamed(_ text: String, _ fragment: String) throws {
        var message: String? = nil
        do { _ = try IIOInputSpec(parsing: text) } catch { message = error.message }
        let text2 = try #require(message, "'\(text)' was accepted")
        #expect(text2.hasPrefix("--iio '\(text)'"), "\(text2)")
        #expect(text2.contains(fragment), "\(text2)")
    }
}
