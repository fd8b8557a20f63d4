import SpikeCore
@testable import spikertd

/// One valid value per daemon option and what it must do to `DaemonOptions`, keyed by
/// flag. The option tests walk `DaemonOption.all` and look each flag up here, so an
/// option added to the table without a sample fails the tests until it gets one.
struct OptionSample {
    /// The value on the command line (unused for switches).
    var value: String
    /// Whether the parsed options show the value.
    var holds: (DaemonOptions) -> Bool

    /// `--config` needs a file that exists: the sample's value is filled in by the test
    /// (a file that sets BOARD=from-config).
    static let configBoard = "from-config"

    static func table(configPath: String) -> [String: OptionSample] {
        [
            "--model": OptionSample(value: "sample.spkb") { $0.model == "sample.spkb" },
            "--config": OptionSample(value: configPath) { $0.config == configPath && $0.board == configBoard },
            "--board": OptionSample(value: "rpi5") { $0.board == "rpi5" },
            "--boards-dir": OptionSample(value: "/opt/boards") { $0.boardsDirectory == "/opt/boards" },
            "--state-dir": OptionSample(value: "/srv/state") { $0.stateDirectory == "/srv/state" },
            "--socket": OptionSample(value: "/srv/control.sock") { $0.socket == "/srv/control.sock" },
            "--gpio-in": OptionSample(value: "GPIO17=3,edge=both") { $0.gpioInputs == ["GPIO17=3,edge=both"] },
            "--gpio-out": OptionSample(value: "GPIO27=0,pulse=5") { $0.gpioOutputs == ["GPIO27=0,pulse=5"] },
            "--iio": OptionSample(value: "ads1015:in_voltage0=2,rate=50") {
                $0.iioChannels == ["ads1015:in_voltage0=2,rate=50"]
            },
            "--iio-root": OptionSample(value: "/srv/iio") { $0.iioRoot == "/srv/iio" },
            "--replay": OptionSample(value: "/srv/events.csv") { $0.replay == "/srv/events.csv" },
            "--pace": OptionSample(value: "fast") { $0.pace == .fast },
            "--output": OptionSample(value: "/srv/out.csv") { $0.output == "/srv/out.csv" },
            "--json": OptionSample(value: "") { $0.json },
            "--learn": OptionSample(value: "") { $0.settings.learn == true },
            "--freeze": OptionSample(value: "") { $0.settings.learn == false },
            "--param": OptionSample(value: "a_plus=4096") {
                $0.settings.parameters.count == 1 && $0.settings.parameters[0].0 == .aPlus
                    && $0.settings.parameters[0].1 == 4096
            },
            "--power": OptionSample(value: "low:4:32768") {
                $0.settings.power == PowerSettings(mode: .low, fold: 4, thresholdScale: 32768)
            },
            "--checkpoint-interval": OptionSample(value: "60") { $0.checkpointInterval == 60 },
            "--ticks": OptionSample(value: "1234") { $0.ticks == 1234 },
            "--paused": OptionSample(value: "") { $0.paused },
            "--queue": OptionSample(value: "17") { $0.queueCapacity == 17 },
        ]
    }
}

extension DaemonOption {
    /// The flag as a String, for messages and table lookups.
    var flagText: String { "\(flag)" }
    var keyText: String { "\(key)" }
}
