import SpikeCore
import SpikeHost
import SpikeModel
import Testing

@Suite struct RunSettingsTests {
    @Test(arguments: [true, false])
    func learningSwitchesOnAModelWithoutRulesNameTheOptionAndTheModel(_ learn: Bool) throws {
        let file = try Fixture.open(Fixture.motion)
        #expect(file.model.network.plasticityCount == 0)
        var settings = RunSettings()
        settings.learn = learn
        let message = try #require(settings.apply(to: &file.model.network, modelName: "motion.spkb"))
        #expect(message.contains(learn ? "--learn" : "--freeze"), "\(message)")
        #expect(message.contains("motion.spkb"), "\(message)")
    }

    @Test func parametersOnAModelWithoutRulesNameTheOption() throws {
        let file = try Fixture.open(Fixture.motion)
        var settings = RunSettings()
        settings.parameters = [(.learningRate, 100)]
        let message = try #require(settings.apply(to: &file.model.network, modelName: "motion.spkb"))
        #expect(message.contains("--param"), "\(message)")
        #expect(message.contains("motion.spkb"), "\(message)")
    }

    @Test func learnAndFreezeSwitchEveryRule() throws {
        let file = try Fixture.open(Fixture.blob("learning_toggle_params"))
        let rules = file.model.network.plasticityCount
        #expect(rules > 0)
        var settings = RunSettings()
        settings.learn = false
        #expect(settings.apply(to: &file.model.network, modelName: "m") == nil)
        for r in 0..<rules { #expect(try file.model.network.plasticitySpec(r).enabled == false) }
        settings.learn = true
        #expect(settings.apply(to: &file.model.network, modelName: "m") == nil)
        for r in 0..<rules { #expect(try file.model.network.plasticitySpec(r).enabled == true) }
    }

    @Test func lowPowerWithAFoldSetsTheFoldAndKeepsTheModelsThresholdScale() throws {
        let file = try Fixture.open(Fixture.motion)
        let modelScale = file.model.network.power.thresholdScale
        var settings = RunSettings()
        let power = try #require(PowerOption.parse("low:4"))
        settings.power = power
        #expect(settings.apply(to: &file.model.network, modelName: "motion.spkb") == nil)
        #expect(file.model.network.power.mode == .low)
        #expect(file.model.network.power.fold == 4)
        #expect(file.model.network.power.ticksPerStep == 4)
        #expect(file.model.network.power.thresholdScale == modelScale)
    }

    @Test func lowPowerWithAScaleSetsBoth() throws {
        let file = try Fixture.open(Fixture.motion)
        var settings = RunSettings()
        let power = try #require(PowerOption.parse("low:3:98304"))
        settings.power = power
        #expect(settings.apply(to: &file.model.network, modelName: "motion.spkb") == nil)
        #expect(file.model.network.power == PowerSettings(mode: .low, fold: 3, thresholdScale: 98304))
    }

    @Test func lowPowerOnAnIzhikevichModelIsRefusedNamingTheOption() throws {
        let file = try Fixture.open(Fixture.blob("izh_regular_spiking"))
        let before = file.model.network.power
        var settings = RunSettings()
        let power = try #require(PowerOption.parse("low:2"))
        settings.power = power
        let message = try #require(settings.apply(to: &file.model.network, modelName: "izh"))
        #expect(message.hasPrefix("--power: "), "\(message)")
        #expect(file.model.network.power == before)
    }

    @Test(arguments: ["low:1", "low:x", "fast", "normal:2", "low:4:0", ""])
    func malformedPowerWordsAreRefused(_ word: String) {
        #expect(PowerOption.parse(word) == nil)
    }
}
