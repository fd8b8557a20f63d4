import Foundation
import SpikeCore
import SpikeHost
import SpikeIO
import Testing
@testable import spikertd

/// Control requests answered in process: request lines go through a `ControlClient` on
/// one end of a socketpair into `Daemon.answer`, and the answers are read from the
/// other end, as a client of the socket would read them.
@Suite(.serialized) struct DaemonControlTests {
    /// Every input channel once in each of `ticks` (input the learning rules see).
    static func queueInputs(_ harness: DaemonHarness, ticks: some Sequence<UInt64>) {
        let inputs = harness.daemon.driver.channels.inputChannels
        for tick in ticks {
            for channel in 0..<inputs { harness.daemon.queue.push(SpikeEvent(tick: tick, channel: channel)) }
        }
    }

    /// The events `queueInputs` queues, for a reference run.
    static func inputs(_ channels: Int, ticks: some Sequence<UInt64>) -> [SpikeEvent] {
        ticks.flatMap { tick in (0..<channels).map { SpikeEvent(tick: tick, channel: $0) } }
    }

    // MARK: status and counters

    @Test func statusReportsTheRunningNetwork() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused"])
        let peer = try ControlPeer()
        Self.queueInputs(harness, ticks: [3])
        harness.daemon.runDriver(end: 2)
        let status = try #require(try peer.request(#"{"id":1,"method":"status"}"#, to: harness.daemon).result)
        #expect(status.string("model") == Repo.motion)
        #expect(status.integer("tick") == 2)
        #expect(status.string("state_hash") == TextFormat.hex64(harness.stateHash))
        #expect(status.integer("dt_ns") == Int64(harness.daemon.model.model.metadata.dtNanoseconds))
        #expect(status.bool("quiescent") == true)
        #expect(status.bool("paused") == true)
        #expect(status.integer("queued_events") == Int64(harness.daemon.driver.channels.inputChannels))
        #expect(status.bool("learned_state_dirty") == false)
        #expect(status.integer("checkpoints_written") == 0)
        #expect(status.object("learning")?.integer("rules") == 0)
        #expect(status.object("power")?.string("mode") == "normal")
        #expect(status.object("power")?.integer("scale") == Int64(harness.daemon.model.model.network.power.thresholdScale))

        // After the queued tick ran, the answer follows the network.
        harness.daemon.runDriver(end: 5)
        let later = try #require(try peer.request(#"{"id":2,"method":"status"}"#, to: harness.daemon).result)
        #expect(later.integer("tick") == 5)
        #expect(later.integer("queued_events") == 0)
        #expect(later.string("state_hash") == TextFormat.hex64(harness.stateHash))
        #expect(later.string("state_hash") != status.string("state_hash"))
    }

    @Test func countersMatchTheNetworkAndTheDaemon() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused"])
        let peer = try ControlPeer()
        Self.queueInputs(harness, ticks: [2, 4, 6])
        harness.daemon.runDriver(end: 30)
        _ = try peer.request("not json", to: harness.daemon)
        let answer = try peer.request(#"{"id":"c","method":"counters"}"#, to: harness.daemon)
        #expect(answer.string("id") == "c")
        let counters = try #require(answer.result)
        let net = harness.daemon.model.model.network.counters
        let network = try #require(counters.object("network"))
        #expect(network.integer("synaptic_events") == Int64(net.synapticEvents))
        #expect(network.integer("neuron_updates") == Int64(net.neuronUpdates))
        #expect(network.integer("spikes") == Int64(net.spikes))
        #expect(network.integer("input_spikes") == Int64(net.inputSpikes))
        #expect(network.integer("input_spikes") == Int64(3 * harness.daemon.driver.channels.inputChannels))
        #expect(network.integer("skipped_ticks") == Int64(net.skippedTicks))
        let events = try #require(counters.object("events"))
        #expect(events.integer("applied") == Int64(3 * harness.daemon.driver.channels.inputChannels))
        #expect(events.integer("late") == 0)
        #expect(events.integer("rejected") == 0)
        #expect(events.integer("dropped_queue_full") == 0)
        #expect(events.integer("queue_high_water") == Int64(3 * harness.daemon.driver.channels.inputChannels))
        harness.daemon.publish()
        let daemon = try #require(counters.object("daemon"))
        #expect(daemon.integer("requests") == 2, "the garbage line and this request")
        #expect(daemon.integer("request_errors") == 1)
        #expect(daemon.integer("output_spikes") == Int64(try harness.writtenSpikes().count))
    }

    @Test func aFullQueueDropsAndCountsEvents() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused", "--queue", "4"])
        for k in 0..<6 { harness.daemon.queue.push(SpikeEvent(tick: 10, channel: k)) }
        let peer = try ControlPeer()
        let counters = try #require(try peer.request(#"{"id":1,"method":"counters"}"#, to: harness.daemon).result)
        #expect(counters.object("events")?.integer("dropped_queue_full") == 2)
        #expect(counters.object("events")?.integer("queue_high_water") == 4)
    }

    // MARK: rewards

    @Test func aRewardForAFutureTickIsQueuedAndAppliedInThatTick() throws {
        let model = Repo.blob("rstdp_nearest")
        let harness = try DaemonHarness(model: model, ["--paused"])
        let channels = harness.daemon.driver.channels.inputChannels
        let inputTicks = stride(from: UInt64(1), to: 40, by: 3)
        Self.queueInputs(harness, ticks: inputTicks)
        harness.daemon.runDriver(end: 10)
        let peer = try ControlPeer()
        let answer = try peer.request(#"{"id":5,"method":"reward","params":{"value":65536,"tick":25}}"#, to: harness.daemon)
        #expect(answer.integer("id") == 5)
        #expect(answer.result?.integer("tick") == 25)
        #expect(harness.queuedEvents.contains { $0.isReward && $0.tick == 25 && $0.value == 65536 })
        harness.daemon.runDriver(end: 60)

        let reward = SpikeEvent(tick: 25, channel: SpikeEvent.rewardChannel, value: 65536)
        let inputs = Self.inputs(channels, ticks: inputTicks)
        let rewarded = try ReferenceRun(model: model, events: inputs + [reward], end: 60)
        let unrewarded = try ReferenceRun(model: model, events: inputs, end: 60)
        #expect(rewarded.stateHash != unrewarded.stateHash, "the reward changes the weights (else nothing is shown)")
        #expect(harness.stateHash == rewarded.stateHash)
        let counters = try #require(try peer.request(#"{"id":6,"method":"counters"}"#, to: harness.daemon).result)
        #expect(counters.object("events")?.integer("rewards") == 1)
    }

    @Test func aRewardWithoutATickIsForTheCurrentTick() throws {
        let harness = try DaemonHarness(model: Repo.blob("rstdp_nearest"), ["--paused"])
        harness.daemon.runDriver(end: 7)
        let peer = try ControlPeer()
        let answer = try peer.request(#"{"id":1,"method":"reward","params":{"value":-100}}"#, to: harness.daemon)
        #expect(answer.result?.integer("tick") == 7)
        #expect(harness.queuedEvents.map(\.tick) == [7])
        #expect(harness.queuedEvents.first?.value == -100)
    }

    @Test func aRewardForATickAlreadyRunIsRefused() throws {
        let harness = try DaemonHarness(model: Repo.blob("rstdp_nearest"), ["--paused"])
        harness.daemon.runDriver(end: 30)
        let peer = try ControlPeer()
        let answer = try peer.request(#"{"id":2,"method":"reward","params":{"value":100,"tick":10}}"#, to: harness.daemon)
        #expect(answer.errorCode == -32602)
        #expect(answer.errorMessage?.contains("tick 10") == true, "\(answer)")
        #expect(answer.errorMessage?.contains("tick 30") == true, "\(answer)")
        #expect(harness.daemon.queue.isEmpty)
    }

    @Test func aRewardForAModelWithoutRulesIsRefused() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused"])
        let peer = try ControlPeer()
        let answer = try peer.request(#"{"id":3,"method":"reward","params":{"value":100}}"#, to: harness.daemon)
        #expect(answer.errorCode == -32000)
        #expect(answer.errorMessage?.contains("no learning rules") == true)
        #expect(harness.daemon.queue.isEmpty)
    }

    @Test(arguments: [#"{"id":1,"method":"reward"}"#, #"{"id":1,"method":"reward","params":{"value":"high"}}"#,
                      #"{"id":1,"method":"reward","params":{"value":2147483648}}"#,
                      #"{"id":1,"method":"reward","params":{"value":1,"tick":-1}}"#,
                      #"{"id":1,"method":"reward","params":{"value":1,"when":3}}"#])
    func aMalformedRewardIsRefusedAsInvalidParams(_ line: String) throws {
        let harness = try DaemonHarness(model: Repo.blob("rstdp_nearest"), ["--paused"])
        let answer = try ControlPeer().request(line, to: harness.daemon)
        #expect(answer.errorCode == -32602, "\(answer)")
        #expect(harness.daemon.queue.isEmpty)
    }

    // MARK: learning and power

    @Test func learningSwitchesEveryRuleOffAndOnAndSetsParameters() throws {
        let harness = try DaemonHarness(model: Repo.blob("stdp_nearest_hard"), ["--paused"])
        let peer = try ControlPeer()
        let rules = harness.daemon.model.model.network.plasticityCount
        try #require(rules > 0)
        func enabledRules() throws -> Int {
            var on = 0
            for r in 0..<rules where try harness.daemon.model.model.network.plasticitySpec(r).enabled { on += 1 }
            return on
        }

        let off = try peer.request(#"{"id":1,"method":"learning","params":{"enabled":false}}"#, to: harness.daemon)
        #expect(off.result?.integer("rules") == Int64(rules))
        #expect(off.result?.integer("enabled_rules") == 0)
        #expect(try enabledRules() == 0)

        let on = try peer.request(#"{"id":2,"method":"learning","params":{"enabled":true,"a_plus":777}}"#,
                                  to: harness.daemon)
        #expect(on.result?.integer("enabled_rules") == Int64(rules))
        #expect(try enabledRules() == rules)
        for r in 0..<rules { #expect(try harness.daemon.model.model.network.plasticitySpec(r).aPlus == 777) }

        let status = try #require(try peer.request(#"{"id":3,"method":"status"}"#, to: harness.daemon).result)
        #expect(status.bool("learned_state_dirty") == true, "changed settings are checkpointed")
        #expect(status.object("learning")?.integer("enabled_rules") == Int64(rules))
    }

    @Test func learningIsRefusedForAModelWithoutRules() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused"])
        let answer = try ControlPeer().request(#"{"id":1,"method":"learning","params":{"enabled":true}}"#, to: harness.daemon)
        #expect(answer.errorCode == -32000)
        #expect(answer.errorMessage?.contains("no learning rules") == true)
    }

    @Test(arguments: [#"{"id":1,"method":"learning"}"#, #"{"id":1,"method":"learning","params":{"enabled":1}}"#,
                      #"{"id":1,"method":"learning","params":{"speed":3}}"#,
                      #"{"id":1,"method":"learning","params":{"bounds":2}}"#])
    func aMalformedLearningChangeIsRefused(_ line: String) throws {
        let harness = try DaemonHarness(model: Repo.blob("stdp_nearest_hard"), ["--paused"])
        let before = try harness.daemon.model.model.network.plasticitySpec(0)
        let answer = try ControlPeer().request(line, to: harness.daemon)
        #expect(answer.errorCode == -32602, "\(answer)")
        let after = try harness.daemon.model.model.network.plasticitySpec(0)
        #expect(after.enabled == before.enabled && after.aPlus == before.aPlus && after.bounds == before.bounds)
    }

    @Test func powerModesAreSetOnTheNetwork() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused"])
        let peer = try ControlPeer()
        let low = try peer.request(#"{"id":1,"method":"power","params":{"mode":"low","fold":4,"scale":32768}}"#,
                                   to: harness.daemon)
        #expect(low.result?.string("mode") == "low")
        #expect(low.result?.integer("fold") == 4)
        #expect(low.result?.integer("scale") == 32768)
        #expect(harness.daemon.model.model.network.power == PowerSettings(mode: .low, fold: 4, thresholdScale: 32768))

        let full = try peer.request(#"{"id":2,"method":"power","params":{"mode":"full"}}"#, to: harness.daemon)
        #expect(full.result?.string("mode") == "full")
        #expect(harness.daemon.model.model.network.power.mode == .full)

        let normal = try peer.request(#"{"id":3,"method":"power","params":{"mode":"normal"}}"#, to: harness.daemon)
        #expect(normal.result?.string("mode") == "normal")
        #expect(harness.daemon.model.model.network.power.mode == .normal)

        for line in [#"{"id":4,"method":"power","params":{"mode":"full","fold":2}}"#,
                     #"{"id":5,"method":"power","params":{"mode":"low","fold":1}}"#,
                     #"{"id":6,"method":"power","params":{"mode":"turbo"}}"#,
                     #"{"id":7,"method":"power"}"#] {
            let refused = try peer.request(line, to: harness.daemon)
            #expect(refused.errorCode == -32602, "\(line): \(refused)")
            #expect(harness.daemon.model.model.network.power.mode == .normal)
        }
    }

    // MARK: pause, resume

    @Test func noTicksAdvanceWhilePaused() throws {
        let harness = try DaemonHarness(model: Repo.motion)
        let peer = try ControlPeer()
        harness.iterate(until: { harness.tick > 0 })
        let paused = try peer.request(#"{"id":1,"method":"pause"}"#, to: harness.daemon)
        let tick = harness.tick
        #expect(paused.result?.integer("tick") == Int64(tick))
        let start = Date()
        harness.iterate(until: { Date().timeIntervalSince(start) > 0.05 }, waitMilliseconds: 5)
        #expect(harness.tick == tick, "50 ms of turns while paused (500 ticks of time)")
        #expect(try peer.request(#"{"id":2,"method":"status"}"#, to: harness.daemon).result?.bool("paused") == true)

        let resumed = try peer.request(#"{"id":3,"method":"resume"}"#, to: harness.daemon)
        #expect(resumed.result?.integer("tick") == Int64(tick), "time goes on from where it stopped")
        #expect(harness.iterate(until: { harness.tick > tick + 50 }, waitMilliseconds: 5))
        #expect(try peer.request(#"{"id":4,"method":"status"}"#, to: harness.daemon).result?.bool("paused") == false)
    }

    // MARK: checkpoint and reload

    @Test func aCheckpointRequestWritesAFileThatLoadsAsTheRunningState() throws {
        let model = Repo.blob("stdp_nearest_hard")
        let harness = try DaemonHarness(model: model, ["--paused"])
        Self.queueInputs(harness, ticks: stride(from: UInt64(1), to: 30, by: 2))
        harness.daemon.runDriver(end: 40)
        let peer = try ControlPeer()
        let answer = try #require(try peer.request(#"{"id":1,"method":"checkpoint"}"#, to: harness.daemon).result)
        let path = harness.directory.file("checkpoint.spkb")
        #expect(answer.string("path") == path)
        #expect(answer.integer("tick") == 40)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(answer.integer("bytes").map(Int.init) == size)

        var loaded: ModelFile
        switch ModelFile.open(path, copyTensors: true) {
        case .success(let file): loaded = file
        case .failure(let failure): throw FixtureError(failure.message)
        }
        #expect(loaded.model.network.tick == 40)
        #expect(loaded.model.network.stateHash() == harness.stateHash)
        #expect(ModelFingerprint.of(loaded.model) == harness.daemon.fingerprint, "it matches the configured model")
        loaded.model.network.step()

        let status = try #require(try peer.request(#"{"id":2,"method":"status"}"#, to: harness.daemon).result)
        #expect(status.integer("checkpoints_written") == 1)
        #expect(status.bool("learned_state_dirty") == false)
    }

    @Test func aReloadOfACorruptModelIsRefusedAndTheRunningModelGoesOn() throws {
        let models = try TemporaryDirectory()
        defer { models.remove() }
        let path = models.file("model.spkb")
        try FileManager.default.copyItem(atPath: Repo.motion, toPath: path)
        let harness = try DaemonHarness(model: path, ["--paused"])
        Self.queueInputs(harness, ticks: [2, 3, 4])
        harness.daemon.runDriver(end: 8)
        let hash = harness.stateHash
        let peer = try ControlPeer()

        // Flip bytes in the middle of the blob (its integrity check must catch it), then
        // cut it short.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for k in stride(from: bytes.count / 2, to: bytes.count / 2 + 16, by: 1) { bytes[k] ^= 0x5A }
        for corrupt in [bytes, bytes.prefix(bytes.count / 3)] {
            try corrupt.write(to: URL(fileURLWithPath: path))
            let answer = try peer.request(#"{"id":1,"method":"reload"}"#, to: harness.daemon)
            #expect(answer.errorCode == -32000)
            #expect(answer.errorMessage?.contains("reload refused") == true, "\(answer)")
            #expect(answer.errorMessage?.contains(path) == true, "the message names the file: \(answer)")
            #expect(harness.stateHash == hash, "the running network is untouched")
            #expect(harness.tick == 8)
        }
        let counters = try #require(try peer.request(#"{"id":2,"method":"counters"}"#, to: harness.daemon).result)
        #expect(counters.object("daemon")?.integer("reloads_refused") == 2)
        #expect(counters.object("daemon")?.integer("reloads") == 0)

        // The good file again: the reload goes through, and the network is the file's
        // (docs/DAEMON.md: the running state is checkpointed, then replaced).
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: Repo.motion, toPath: path)
        let fresh = try ReferenceRun(model: path, events: [], end: 0)
        let reloaded = try peer.request(#"{"id":3,"method":"reload"}"#, to: harness.daemon)
        #expect(reloaded.result?.integer("tick") == 0, "\(reloaded)")
        #expect(harness.stateHash == fresh.stateHash)
        #expect(harness.daemon.queue.isEmpty)
        let after = try #require(try peer.request(#"{"id":4,"method":"counters"}"#, to: harness.daemon).result)
        #expect(after.object("daemon")?.integer("reloads") == 1)
        // Set aside as *.replaced (docs/DAEMON.md), or still in place.
        let savedPath = ["checkpoint.spkb.replaced", "checkpoint.spkb"].map(harness.directory.file)
            .first { FileManager.default.fileExists(atPath: $0) } ?? "checkpoint.spkb"
        var saved: ModelFile
        switch ModelFile.open(savedPath, copyTensors: true) {
        case .success(let file): saved = file
        case .failure(let failure): throw FixtureError("no checkpoint of the replaced state: \(failure.message)")
        }
        #expect(saved.model.network.stateHash() == hash, "the state before the reload was checkpointed")
        saved.model.network.step()
    }

    // MARK: malformed lines

    /// The answer to an oversized line as the server hands it over (through a real
    /// socket and the server's read loop: DaemonProcessTests).
    @Test func anOversizedLineIsAnsweredWithItsLengthAndTheLimit() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused"])
        let peer = try ControlPeer()
        let limit = peer.client.assembler.limit
        harness.daemon.answer(peer.client, .oversized(byteCount: limit + 1))
        peer.client.flush()
        let answers = try peer.readLines(count: 1)
        #expect(answers[0].errorCode == -32600)
        let message = answers[0].errorMessage ?? ""
        #expect(message.contains("longer than \(limit)"), "\(message)")
        #expect(message.contains("\(limit + 1)"), "the length seen: \(message)")
        #expect(answers[0]["id"] is NSNull)
        let status = try peer.request(#"{"id":9,"method":"status"}"#, to: harness.daemon)
        #expect(status.integer("id") == 9)
        #expect(status.result != nil)
        #expect(harness.daemon.counters.requestErrors == 1)
    }

    @Test func anOversizedLineFedInPiecesGetsOneAnswerAndTheConnectionGoesOn() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused"])
        let peer = try ControlPeer()
        let limit = peer.client.assembler.limit
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: limit + 5000)
        for chunk in stride(from: 0, to: long.count, by: 4096) {
            peer.send(Array(long[chunk..<min(chunk + 4096, long.count)]), to: harness.daemon)
        }
        peer.send([10] + Array(#"{"id":9,"method":"status"}"#.utf8) + [10], to: harness.daemon)
        let answers = try peer.readLines(count: 2)
        #expect(answers[0].errorCode == -32600)
        #expect(answers[1].integer("id") == 9)
        #expect(answers[1].result != nil)
        #expect(try peer.pendingLines().isEmpty, "one answer for the oversized line, not one per piece")
    }

    @Test func everyGarbageLineGetsExactlyOneErrorNamingTheProblem() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused"])
        let peer = try ControlPeer()
        let lines: [(String, Int64, String)] = [
            ("hello", -32700, ""),
            ("", -32700, ""),
            ("[1,2]", -32600, "must be a JSON object"),
            (#"{"id":1}"#, -32600, "missing \"method\""),
            (#"{"method":"status"}"#, -32600, "missing \"id\""),
            (#"{"id":7,"method":"fly"}"#, -32601, "fly"),
            (#"{"id":8,"method":"status","params":{"verbose":true}}"#, -32602, "verbose"),
            (#"{"id":9,"method":"status","extra":1}"#, -32600, "extra"),
            (#"{"id":[1],"method":"status"}"#, -32600, "\"id\""),
            (#"{"id":10,"method":"status""#, -32700, ""),
        ]
        let batch = lines.map(\.0).joined(separator: "\n") + "\n\u{1}\u{0}\u{7f}\n"
        peer.send(Array(batch.utf8), to: harness.daemon)
        let answers = try peer.readLines(count: lines.count + 1)
        for ((line, code, fragment), answer) in zip(lines, answers) {
            #expect(answer.errorCode == code, "\(line): \(answer)")
            if !fragment.isEmpty {
                #expect(answer.errorMessage?.contains(fragment) == true, "\(line): \(answer)")
            }
        }
        #expect(answers[5].integer("id") == 7, "the id is echoed when it was read")
        #expect(answers.last?.errorCode == -32700)
        #expect(try peer.pendingLines().isEmpty)
        #expect(harness.daemon.counters.requestErrors == UInt64(lines.count + 1))
    }
}
