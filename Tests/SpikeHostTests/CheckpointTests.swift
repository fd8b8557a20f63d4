import TestSupport
import Foundation
import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel
import Testing

/// Checkpointer and CheckpointStore against real files in a temporary directory.
@Suite struct CheckpointTests {
    /// The motion model after `ticks` ticks of its demo input.
    static func motion(ticks: UInt64) throws -> ModelFile {
        var file = try Fixture.open(Fixture.motion)
        let events = try Fixture.events(Fixture.motionEvents)
        var driver = TickDriver(channels: try ChannelMap(file.model.network), stopsOnRejection: true)
        var source = ArraySource(events)
        var sink = SpikeRecorder()
        try driver.run(&file.model.network, source: &source, sink: &sink, end: ticks)
        return file
    }

    static func advance(_ file: inout ModelFile, to tick: UInt64) throws {
        let events = try Fixture.events(Fixture.motionEvents).filter { $0.tick >= file.model.network.tick }
        var driver = TickDriver(channels: try ChannelMap(file.model.network), stopsOnRejection: true)
        var source = ArraySource(events)
        var sink = SpikeRecorder()
        try driver.run(&file.model.network, source: &source, sink: &sink, end: tick)
    }

    static func save(_ file: borrowing ModelFile, with checkpointer: inout Checkpointer) throws -> CheckpointRecord {
        switch checkpointer.save(file.model) {
        case .success(let record): return record
        case .failure(let failure): throw FixtureError(failure.message)
        }
    }

    /// The file `newest` found, or a failure naming what was expected.
    static func require(_ file: consuming ModelFile?) throws -> ModelFile {
        switch consume file {
        case .some(let found): return found
        case .none: throw FixtureError("no checkpoint was found")
        }
    }

    /// Flip one byte in the middle of the file at `path`.
    static func corrupt(_ path: String) throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let middle = bytes.count / 2
        bytes[middle] ^= 0x5A
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    @Test func aSavedCheckpointLoadsWithTheSavedTickAndState() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = CheckpointStore(directory: directory.path)
        var checkpointer = store.checkpointer()
        let file = try Self.motion(ticks: 137)

        let record = try Self.save(file, with: &checkpointer)
        #expect(record.tick == 137)
        #expect(checkpointer.written == 1)
        #expect(checkpointer.failed == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.currentPath)
        #expect((attributes[.size] as? NSNumber)?.intValue == record.bytes)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names == ["checkpoint.spkb"], "no temporary file is left behind")

        let loaded = try Fixture.open(store.currentPath)
        #expect(loaded.model.restoredState == true)
        #expect(loaded.model.network.tick == file.model.network.tick)
        #expect(loaded.model.network.stateHash() == file.model.network.stateHash())
    }

    @Test func aSecondSaveKeepsThePreviousGeneration() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = CheckpointStore(directory: directory.path)
        var checkpointer = store.checkpointer()
        #expect(checkpointer.previousPath == store.previousPath)
        var file = try Self.motion(ticks: 50)
        let firstHash = file.model.network.stateHash()
        _ = try Self.save(file, with: &checkpointer)
        try Self.advance(&file, to: 90)
        _ = try Self.save(file, with: &checkpointer)
        #expect(checkpointer.written == 2)

        let current = try Fixture.open(store.currentPath)
        #expect(current.model.network.tick == 90)
        #expect(current.model.network.stateHash() == file.model.network.stateHash())
        #expect(FileManager.default.fileExists(atPath: store.previousPath),
                "checkpoint.prev.spkb holds the generation before")
        guard FileManager.default.fileExists(atPath: store.previousPath) else { return }
        let previous = try Fixture.open(store.previousPath)
        #expect(previous.model.restoredState == true)
        #expect(previous.model.network.tick == 50)
        #expect(previous.model.network.stateHash() == firstHash)
    }

    @Test func aFailedSaveIsCountedAndNamesThePath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.path + "/no-such-dir/checkpoint.spkb"
        var checkpointer = Checkpointer(path: missing)
        let file = try Fixture.open(Fixture.motion)
        switch checkpointer.save(file.model) {
        case .success: Issue.record("saved into a missing directory")
        case .failure(let failure): #expect(failure.message.contains(missing))
        }
        #expect(checkpointer.failed == 1)
        #expect(checkpointer.written == 0)
    }

    @Test func newestPicksTheLoadableCheckpointWithTheLargerTick() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = CheckpointStore(directory: directory.path)
        let fingerprint = ModelFingerprint.of(try Fixture.open(Fixture.motion).model)
        // The larger tick in the *previous* file: the choice is by tick, not by name.
        var older = Checkpointer(path: store.currentPath)
        _ = try Self.save(try Self.motion(ticks: 40), with: &older)
        var newer = Checkpointer(path: store.previousPath)
        let latest = try Self.motion(ticks: 70)
        _ = try Self.save(latest, with: &newer)

        var notes: [String] = []
        let best = store.newest(matching: fingerprint, copyTensors: true) { notes.append($0) }
        #expect(notes.isEmpty)
        let found = try Self.require(best)
        #expect(found.model.network.tick == 70)
        #expect(found.model.network.stateHash() == latest.model.network.stateHash())
    }

    /// Where the file system has no hard links, the target is renamed to the previous
    /// name before the new one arrives: a crash then leaves only the previous file.
    @Test func newestFindsAPreviousGenerationAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = CheckpointStore(directory: directory.path)
        let fingerprint = ModelFingerprint.of(try Fixture.open(Fixture.motion).model)
        var previous = Checkpointer(path: store.previousPath)
        _ = try Self.save(try Self.motion(ticks: 60), with: &previous)

        var notes: [String] = []
        let best = store.newest(matching: fingerprint, copyTensors: false) { notes.append($0) }
        let found = try Self.require(best)
        #expect(found.model.network.tick == 60)
        #expect(notes.isEmpty, "a missing current file is no reason for a note: \(notes)")
    }

    @Test func newestSkipsACorruptedCheckpointWithANoteNamingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = CheckpointStore(directory: directory.path)
        let fingerprint = ModelFingerprint.of(try Fixture.open(Fixture.motion).model)
        var current = Checkpointer(path: store.currentPath)
        _ = try Self.save(try Self.motion(ticks: 90), with: &current)
        var previous = Checkpointer(path: store.previousPath)
        _ = try Self.save(try Self.motion(ticks: 30), with: &previous)
        try Self.corrupt(store.currentPath)

        var notes: [String] = []
        let best = store.newest(matching: fingerprint, copyTensors: true) { notes.append($0) }
        let found = try Self.require(best)
        #expect(found.model.network.tick == 30)
        #expect(notes.count == 1)
        #expect(notes.first?.contains(store.currentPath) == true, "\(notes)")
    }

    @Test func newestSkipsAnotherModelsCheckpointWithANoteNamingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = CheckpointStore(directory: directory.path)
        let fingerprint = ModelFingerprint.of(try Fixture.open(Fixture.motion).model)
        var current = Checkpointer(path: store.currentPath)
        _ = try Self.save(try Self.motion(ticks: 20), with: &current)
        let foreign = try Fixture.open(Fixture.blob("rstdp_nearest"))
        foreign.model.network.step(count: 500)
        var previous = Checkpointer(path: store.previousPath)
        _ = try Self.save(foreign, with: &previous)

        var notes: [String] = []
        let best = store.newest(matching: fingerprint, copyTensors: true) { notes.append($0) }
        let found = try Self.require(best)
        #expect(found.model.network.tick == 20, "the other model's later tick does not win")
        #expect(notes.count == 1)
        #expect(notes.first?.contains(store.previousPath) == true, "\(notes)")
    }

    @Test func newestSkipsAModelBlobThatHoldsNoState() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = CheckpointStore(directory: directory.path)
        let fingerprint = ModelFingerprint.of(try Fixture.open(Fixture.motion).model)
        try FileManager.default.copyItem(atPath: Fixture.motion, toPath: store.currentPath)

        var notes: [String] = []
        let best = store.newest(matching: fingerprint, copyTensors: true) { notes.append($0) }
        let none = best == nil
        #expect(none)
        #expect(notes.count == 1)
        #expect(notes.first?.contains(store.currentPath) == true, "\(notes)")
    }

    @Test func anEmptyDirectoryHasNoCheckpointAndNothingToSay() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = CheckpointStore(directory: directory.path)
        let fingerprint = ModelFingerprint.of(try Fixture.open(Fixture.motion).model)
        var notes: [String] = []
        let best = store.newest(matching: fingerprint, copyTensors: true) { notes.append($0) }
        let none = best == nil
        #expect(none)
        #expect(notes.isEmpty, "\(notes)")
    }
}
