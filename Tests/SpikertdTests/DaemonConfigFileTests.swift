import Foundation
import Testing
@testable import spikertd

/// The KEY=VALUE config file: every option has its key, flags win over the file,
/// repeatable keys are space-separated lists that flags replace, unknown keys and bad
/// values are refused with their line.
@Suite struct DaemonConfigFileTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    /// Parse `flags` after `--config FILE` holding `text`.
    func parse(_ text: String, _ flags: [String] = []) throws -> DaemonOptions {
        let path = try directory.write("spikertd-\(UUID().uuidString).conf", text)
        return try parseOptions(["--config", path] + flags)
    }

    func failure(_ text: String, _ flags: [String] = ["--model", "m.spkb"]) throws -> (String, message: String?) {
        let path = try directory.write("spikertd-\(UUID().uuidString).conf", text)
        return (path, parseFailure(["--config", path] + flags))
    }

    @Test func everyOptionButConfigHasAKeyThatSetsIt() throws {
        defer { directory.remove() }
        let nested = try directory.write("nested.conf", "BOARD=\(OptionSample.configBoard)\n")
        let samples = OptionSample.table(configPath: nested)
        for option in DaemonOption.all where !option.named("--config") {
            guard let sample = samples[option.flagText] else {
                Issue.record("\(option.flagText) has no sample in OptionSample.table: add one")
                continue
            }
            let value = option.isSwitch ? "yes" : sample.value
            // Bare values may not hold spaces; quote them all, as a user would.
            var text = "# \(option.flagText)\n\(option.keyText)=\"\(value)\"\n"
            if !option.named("--model") { text += "MODEL=base.spkb\n" }
            let options = try parse(text)
            #expect(sample.holds(options), "\(option.keyText) did not set \(option.flagText)")
        }
    }

    @Test func theConfigFileCannotNameAnotherConfigFile() throws {
        defer { directory.remove() }
        let (path, message) = try failure("MODEL=m.spkb\nCONFIG=/etc/other.conf\n")
        #expect(message?.contains("\(path) line 2: unknown key 'CONFIG'") == true, "\(message ?? "parsed")")
    }

    @Test func anUnknownKeyIsRefusedWithItsLine() throws {
        defer { directory.remove() }
        let (path, message) = try failure("# settings\n\nMODEL=m.spkb\nGPIO_INN=GPIO17=0\n")
        #expect(message?.contains("\(path) line 4: unknown key 'GPIO_INN'") == true, "\(message ?? "parsed")")
    }

    @Test func aBadValueIsRefusedWithItsLineAndTheValue() throws {
        defer { directory.remove() }
        let (path, message) = try failure("MODEL=m.spkb\nPACE=slow\n")
        #expect(message?.contains("\(path) line 2:") == true, "\(message ?? "parsed")")
        #expect(message?.contains("'slow'") == true)
        let (path2, message2) = try failure("MODEL=m.spkb\nJSON=yes\nQUEUE=0\n")
        #expect(message2?.contains("\(path2) line 3:") == true, "\(message2 ?? "parsed")")
        #expect(message2?.contains("'0'") == true)
    }

    @Test func aMissingConfigFileIsNamed() throws {
        defer { directory.remove() }
        let path = directory.file("absent.conf")
        let message = parseFailure(["--config", path, "--model", "m.spkb"])
        #expect(message?.contains(path) == true, "\(message ?? "parsed")")
    }

    @Test func aMalformedLineIsRefused() throws {
        defer { directory.remove() }
        let (path, message) = try failure("MODEL=m.spkb\nthis is not a setting\n")
        #expect(message?.contains(path) == true, "\(message ?? "parsed")")
    }

    @Test func aKeyGivenTwiceIsRefused() throws {
        defer { directory.remove() }
        let (_, message) = try failure("PACE=fast\nPACE=live\n")
        #expect(message != nil, "the second PACE silently won")
    }

    @Test func flagsOverrideTheFile() throws {
        defer { directory.remove() }
        let text = "MODEL=file.spkb\nPACE=fast\nSOCKET=none\nTICKS=100\nJSON=yes\n"
        let fromFile = try parse(text)
        #expect(fromFile.model == "file.spkb")
        #expect(fromFile.pace == .fast)
        #expect(fromFile.ticks == 100)
        #expect(fromFile.json)
        // Flags win wherever they stand relative to --config.
        let path = try directory.write("order.conf", text)
        for words in [["--config", path, "--model", "flag.spkb", "--pace", "live", "--ticks", "7"],
                      ["--model", "flag.spkb", "--pace", "live", "--ticks", "7", "--config", path]] {
            let options = try parseOptions(words)
            #expect(options.model == "flag.spkb")
            #expect(options.pace == .live)
            #expect(options.ticks == 7)
            #expect(options.socket == "none", "a key no flag overrides stays")
        }
    }

    @Test func aRepeatableKeyIsASpaceSeparatedList() throws {
        defer { directory.remove() }
        let options = try parse("""
            MODEL=m.spkb
            GPIO_IN="GPIO17=0,edge=rising  GPIO22=1,debounce=5 GPIO5=2"
            GPIO_OUT=GPIO27=0,pulse=3
            PARAM="a_plus=10 a_minus=20"
            """)
        #expect(options.gpioInputs == ["GPIO17=0,edge=rising", "GPIO22=1,debounce=5", "GPIO5=2"])
        #expect(options.gpioOutputs == ["GPIO27=0,pulse=3"])
        #expect(options.settings.parameters.map(\.1) == [10, 20])
    }

    @Test func repeatableFlagsReplaceTheFilesListInsteadOfExtendingIt() throws {
        defer { directory.remove() }
        let text = "MODEL=m.spkb\nGPIO_IN=\"GPIO17=0 GPIO22=1\"\nGPIO_OUT=GPIO27=0\nPARAM=a_plus=10\n"
        let options = try parse(text, ["--gpio-in", "GPIO5=2", "--gpio-in", "GPIO6=3", "--param", "w_max=100"])
        #expect(options.gpioInputs == ["GPIO5=2", "GPIO6=3"])
        #expect(options.gpioOutputs == ["GPIO27=0"], "a list no flag names stays the file's")
        #expect(options.settings.parameters.count == 1)
        #expect(options.settings.parameters.first?.0 == .wMax)
    }

    @Test(arguments: [("yes", true), ("true", true), ("1", true), ("no", false), ("false", false), ("0", false)])
    func switchesAreSpelledOut(_ word: String, _ on: Bool) throws {
        defer { directory.remove() }
        let options = try parse("MODEL=m.spkb\nJSON=\(word)\nPAUSED=\(word)\n")
        #expect(options.json == on)
        #expect(options.paused == on)
    }

    @Test func aSwitchFlagTurnsOnWhatTheFileTurnedOff() throws {
        defer { directory.remove() }
        let options = try parse("MODEL=m.spkb\nJSON=no\nPAUSED=no\n", ["--json", "--paused"])
        #expect(options.json)
        #expect(options.paused)
    }

    @Test func freezeInTheFileSwitchesLearningOffAndLearnOverridesIt() throws {
        defer { directory.remove() }
        #expect(try parse("MODEL=m.spkb\nFREEZE=yes\n").settings.learn == false)
        #expect(try parse("MODEL=m.spkb\nFREEZE=yes\n", ["--learn"]).settings.learn == true)
        #expect(try parse("MODEL=m.spkb\nLEARN=yes\n").settings.learn == true)
    }

    /// A switch written out as "no" is a switch not given: it must not undo another
    /// switch of the file.
    @Test func freezeNoDoesNotUndoLearnYes() throws {
        defer { directory.remove() }
        let options = try parse("MODEL=m.spkb\nLEARN=yes\nFREEZE=no\n")
        #expect(options.settings.learn == true)
    }

    /// LEARN=no on a model without learning rules: a "no" must not make the daemon
    /// refuse to start, least of all naming --freeze, which the file does not say.
    @Test func learnNoStartsAModelWithoutRules() throws {
        defer { directory.remove() }
        let config = try directory.write("learn-no.conf", "LEARN=no\n")
        _ = try DaemonHarness(model: Repo.motion, ["--config", config])
    }
}
