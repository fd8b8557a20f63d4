import Foundation
import SpikeHost
import Testing
@testable import spikertd

/// The daemon's flags: every option of the one option table parses and lands where it
/// should; wrong words are refused with a message that names them.
@Suite struct DaemonCommandLineTests {
    /// A config file for the `--config` sample (it sets the board, so the sample can
    /// tell that the file was read, not only named).
    static func withConfig(_ body: (String) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("spikertd.conf", "# sample\nBOARD=\(OptionSample.configBoard)\n")
        try body(path)
    }

    /// Base words that make a command line valid, unless the option under test is the
    /// model itself.
    static func base(for option: DaemonOption) -> [String] {
        option.named("--model") ? [] : ["--model", "base.spkb"]
    }

    @Test func everyOptionOfTheTableParsesInBothSpellings() throws {
        try Self.withConfig { config in
            let samples = OptionSample.table(configPath: config)
            let plain = try parseOptions(["--model", "base.spkb"])
            for option in DaemonOption.all {
                guard let sample = samples[option.flagText] else {
                    Issue.record("\(option.flagText) has no sample in OptionSample.table: add one")
                    continue
                }
                // The check must be able to fail: the defaults do not satisfy it.
                #expect(!sample.holds(plain), "\(option.flagText)'s sample holds without the flag")
                var spellings: [[String]] = []
                if option.isSwitch {
                    spellings = [[option.flagText]]
                } else {
                    spellings = [[option.flagText, sample.value], ["\(option.flagText)=\(sample.value)"]]
                }
                for words in spellings {
                    let parsed = try parseOptions(Self.base(for: option) + words)
                    #expect(sample.holds(parsed), "\(words) did not set \(option.flagText)")
                }
            }
        }
    }

    @Test func theSampleTableHasNoFlagThatTheOptionTableLacks() throws {
        let known = Set(DaemonOption.all.map(\.flagText))
        for flag in OptionSample.table(configPath: "x").keys {
            #expect(known.contains(flag), "\(flag) is sampled but not an option")
        }
    }

    @Test func everyConfigKeyIsTheFlagUpperCasedWithUnderscores() {
        for option in DaemonOption.all {
            let expected = option.flagText.dropFirst(2).uppercased().replacingOccurrences(of: "-", with: "_")
            #expect(option.keyText == expected)
        }
    }

    @Test func aValuedOptionWithoutItsValueIsNamed() {
        for option in DaemonOption.all where !option.isSwitch {
            let message = parseFailure(Self.base(for: option) + [option.flagText])
            #expect(message?.contains("\(option.flagText) needs a value") == true, "\(option.flagText): \(message ?? "parsed")")
        }
    }

    @Test func anEmptyValueIsRefused() {
        for option in DaemonOption.all where !option.isSwitch {
            let message = parseFailure(Self.base(for: option) + [option.flagText, ""])
            #expect(message?.contains("\(option.flagText) needs a value") == true,
                    "\(option.flagText): \(message ?? "parsed")")
        }
    }

    @Test(arguments: ["--bogus", "--gpio", "-x", "--json=yes", "--model-file"])
    func anUnknownOptionIsNamed(_ word: String) {
        let message = parseFailure(["--model", "m.spkb", word])
        #expect(message?.contains("unknown option '\(word)'") == true, "\(message ?? "parsed")")
    }

    @Test func aStrayWordIsNamed() {
        let message = parseFailure(["--model", "m.spkb", "stray"])
        #expect(message?.contains("unexpected argument 'stray'") == true, "\(message ?? "parsed")")
    }

    @Test func withoutAModelTheDaemonRefusesToRun() {
        let message = parseFailure(["--socket", "none"])
        #expect(message?.contains("no model") == true)
    }

    @Test func helpAndVersionExitWithoutAModel() {
        for word in ["--help", "-h", "--version"] {
            guard case .success(.exit(let code)) = DaemonCommandLine.parse(Arguments([word])) else {
                Issue.record("\(word) did not ask to exit")
                continue
            }
            #expect(code == .success)
        }
    }

    /// Bad values for the options that check theirs: each message names the option and
    /// quotes the value.
    @Test(arguments: [
        ("--pace", "slow"), ("--pace", "Fast"), ("--pace", "realtime2"),
        ("--power", "turbo"), ("--power", "low:1"), ("--power", "low:257"), ("--power", "low:4:0"),
        ("--power", "low:4:1048577"), ("--power", "normal:2"), ("--power", "low:4:2:1"), ("--power", "low:"),
        ("--param", "a_plus"), ("--param", "bogus=1"), ("--param", "a_plus=x"), ("--param", "=5"),
        ("--ticks", "-1"), ("--ticks", "1.5"), ("--ticks", "ten"), ("--ticks", "1099511627777"),
        ("--checkpoint-interval", "-5"), ("--checkpoint-interval", "31536001"), ("--checkpoint-interval", "5m"),
        ("--queue", "0"), ("--queue", "4194305"), ("--queue", "many"),
        ("--json", "maybe"),
    ])
    func aBadValueIsNamed(_ flag: String, _ value: String) throws {
        let words: [String]
        let isSwitch = try #require(DaemonOption.all.first { $0.flagText == flag }).isSwitch
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        if isSwitch {
            // Switches take no value on the command line; a config file spells them out.
            let key = flag.dropFirst(2).uppercased()
            let path = try directory.write("c.conf", "\(key)=\(value)\n")
            words = ["--model", "m.spkb", "--config", path]
        } else {
            words = ["--model", "m.spkb", flag, value]
        }
        let message = try #require(parseFailure(words), "\(flag) \(value) was accepted")
        #expect(message.contains(flag), "\(message)")
        #expect(message.contains("'\(value)'"), "\(message)")
    }

    @Test func boundaryValuesAreAccepted() throws {
        let options = try parseOptions(["--model", "m.spkb", "--ticks", "1099511627776", "--queue", "4194304",
                                        "--checkpoint-interval", "31536000", "--power", "low:256:1048576"])
        #expect(options.ticks == 1 << 40)
        #expect(options.queueCapacity == 1 << 22)
        #expect(options.checkpointInterval == 31_536_000)
        #expect(options.settings.power == .init(mode: .low, fold: 256, thresholdScale: 1_048_576))
        let zero = try parseOptions(["--model", "m.spkb", "--checkpoint-interval", "0", "--ticks", "0"])
        #expect(zero.checkpointInterval == 0)
        #expect(zero.ticks == 0)
    }

    @Test func aRepeatableFlagCollectsAndASingleOneKeepsTheLast() throws {
        let options = try parseOptions(["--model", "a.spkb", "--gpio-in", "GPIO17=0", "--model", "b.spkb",
                                        "--gpio-in=GPIO22=1", "--param", "a_plus=1", "--param", "a_minus=2",
                                        "--pace", "live", "--pace", "fast"])
        #expect(options.gpioInputs == ["GPIO17=0", "GPIO22=1"])
        #expect(options.model == "b.spkb")
        #expect(options.settings.parameters.map(\.0) == [.aPlus, .aMinus])
        #expect(options.settings.parameters.map(\.1) == [1, 2])
        #expect(options.pace == .fast)
    }

    @Test func learnAndFreezeOverrideEachOtherInOrder() throws {
        #expect(try parseOptions(["--model", "m", "--learn", "--freeze"]).settings.learn == false)
        #expect(try parseOptions(["--model", "m", "--freeze", "--learn"]).settings.learn == true)
        #expect(try parseOptions(["--model", "m"]).settings.learn == nil)
    }

    @Test func anOptionWhereAValueShouldBeIsNamedNotTaken() {
        // `--pace --json`: --json is not taken as the value of --pace (nor silently as a
        // switch): the message names both, and how to write a value starting with '-'.
        let message = parseFailure(["--model", "m", "--pace", "--json"])
        #expect(message?.contains("--pace needs a value") == true, "\(message ?? "parsed")")
        #expect(message?.contains("'--json'") == true, "\(message ?? "parsed")")
        #expect(message?.contains("--pace=--json") == true, "\(message ?? "parsed")")
    }
}
