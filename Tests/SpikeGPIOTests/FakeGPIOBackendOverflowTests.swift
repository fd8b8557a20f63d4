import Testing
import SpikeGPIO

/// The fake's two overflow policies, which stand for the two kernel interfaces in the
/// daemon's tests: v1 refuses the newest event, v2 pushes out the oldest and numbers
/// every event.
@Suite("Fake GPIO backend overflow")
struct FakeGPIOBackendOverflowTests {
    let address = LineAddress(chipLabel: "pinctrl-bcm2711", offset: 17)

    func readAll(_ fake: FakeGPIOBackend, input: Int) throws -> [EdgeEvent] {
        var events: [EdgeEvent] = []
        var buffer = [EdgeEvent](repeating: EdgeEvent(lineIndex: -1, rising: false, timestampNanoseconds: 0),
                                 count: EdgeEvent.batchCapacity)
        while true {
            var count = 0
            var failure: GPIOError?
            buffer.withUnsafeMutableBufferPointer { pointer in
                do throws(GPIOError) { count = try fake.readEvents(input: input, into: pointer) } catch { failure = error }
            }
            if let failure { throw failure }
            events += buffer[0..<count]
            if count < buffer.count { return events }
        }
    }

    func flooded(_ overflow: GPIOQueueOverflow) throws -> (fake: FakeGPIOBackend, events: [EdgeEvent], kept: [Bool]) {
        let fake = FakeGPIOBackend(chips: [FakeGPIOChip(label: "pinctrl-bcm2711", lines: 58, namePrefix: "GPIO")],
                                   overflow: overflow)
        let input = try fake.requestInput(InputLineConfig(address: address))
        var kept: [Bool] = []
        for k in 0..<20 { kept.append(fake.inject(line: input, rising: k % 2 == 0, timestamp: UInt64(100 + k))) }
        return (fake, try readAll(fake, input: input), kept)
    }

    @Test("v1 (default): the 4 newest of 20 are refused, no numbers")
    func dropNewest() throws {
        let run = try flooded(.dropNewest)
        #expect(run.kept == Array(repeating: true, count: 16) + Array(repeating: false, count: 4))
        #expect(run.events.map(\.timestampNanoseconds) == Array(100..<116))
        #expect(run.events.allSatisfy { $0.lineSequence == nil && $0.globalSequence == nil })
        #expect(run.fake.droppedEvents(input: 0) == 4)
    }

    @Test("v2: the 4 oldest of 20 are pushed out, every event numbered, the gap counts them")
    func dropOldest() throws {
        let run = try flooded(.dropOldest)
        #expect(run.kept == Array(repeating: true, count: 16) + Array(repeating: false, count: 4))
        #expect(run.events.map(\.timestampNanoseconds) == Array(104..<120))
        #expect(run.events.map(\.lineSequence) == (5...20).map { UInt32($0) })
        #expect(run.events.map(\.globalSequence) == run.events.map(\.lineSequence))
        #expect(run.fake.droppedEvents(input: 0) == 4)
        var tracker = EdgeSequenceTracker()
        for event in run.events {
            tracker.observe(line: 0, lineSequence: event.lineSequence, globalSequence: event.globalSequence)
        }
        #expect(tracker.lostEvents == 4)
    }
}
