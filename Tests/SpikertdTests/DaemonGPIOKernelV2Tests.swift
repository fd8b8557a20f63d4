import Foundation
import SpikeGPIO
import SpikeIO
import Testing
@testable import spikertd

/// The daemon over a backend that behaves as the kernel's v2 interface (libgpiod 2.x):
/// the kernel debounces, a full queue drops its oldest event, and events are numbered.
/// The fake plays that kernel, so this runs in every build.
@Suite(.serialized) struct DaemonGPIOKernelV2Tests {
    static func v2Board(kernelDebounce: Bool = true) -> FakeGPIOBackend {
        let fake = FakeGPIOBackend(chips: [FakeGPIOChip(label: "pinctrl-bcm2711", lines: 58, namePrefix: "GPIO")],
                                   overflow: .dropOldest)
        fake.debouncesInKernel = kernelDebounce
        return fake
    }

    @Test func aDebouncingKernelGetsThePeriodAndTheDaemonTakesItsEdgesAsTheyCome() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused", "--gpio-in", "GPIO17=0,debounce=20"],
                                        fake: Self.v2Board())
        #expect(harness.fake.inputConfig(0)?.debounceNanoseconds == 20_000_000)
        // Whatever the kernel reports is final: edges a tick (0.1 ms) apart all pass,
        // which the daemon's own 20 ms debounce would call bounces, and no debounce
        // window is left open in the daemon.
        for (k, tick) in [UInt64(10), 11, 12, 13].enumerated() {
            harness.fake.inject(line: 0, rising: k % 2 == 0, timestamp: harness.instant(inTick: tick))
        }
        harness.takeInputs()
        #expect(harness.queuedEvents.map(\.tick) == [10, 12])
        #expect(harness.daemon.gpio?.nextDebounceDeadline == nil)
    }

    @Test func anOverflowIsCountedExactlyAtTheNextReadFromTheNumbers() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused", "--gpio-in", "GPIO17=0,edge=both"],
                                        fake: Self.v2Board())
        // 21 alternating edges while the daemon does not read: the kernel keeps the 16
        // newest and drops the 5 oldest.
        for k in UInt64(0)..<21 {
            harness.fake.inject(line: 0, rising: k % 2 == 0, timestamp: harness.instant(inTick: 10 + k))
        }
        #expect(harness.fake.droppedEvents(input: 0) == 5)
        harness.takeInputs()
        #expect(harness.daemon.gpio?.lostEvents == 5, "known at once, no later edge needed")
        #expect(harness.daemon.gpio?.lostPairs == 0, "the pair heuristic stays out of it")
        #expect(harness.queuedEvents.map(\.tick) == Array(15...30), "the newest 16 edges are the ones kept")
        // A single lost event shows too (v1 could never see one alone).
        for k in UInt64(0)..<17 {
            harness.fake.inject(line: 0, rising: k % 2 == 1, timestamp: harness.instant(inTick: 40 + k))
        }
        harness.takeInputs()
        #expect(harness.daemon.gpio?.lostEvents == 6)
    }

    @Test func aSubscriberHearsLostEventsCounted() throws {
        let socketDirectory = try TemporaryDirectory()
        defer { socketDirectory.remove() }
        let socket = socketDirectory.file("control.sock")
        let harness = try DaemonHarness(model: Repo.motion, ["--paused", "--gpio-in", "GPIO17=0", "--socket", socket],
                                        fake: Self.v2Board())
        let connection = try DaemonProcessTests.Connection(path: socket)
        try connection.send(Array(#"{"id":1,"method":"subscribe","params":{"spikes":false}}"#.utf8) + [10])
        _ = DaemonSubscriberTests.lines(1, from: connection, turning: harness)
        for k in UInt64(0)..<19 {
            harness.fake.inject(line: 0, rising: k % 2 == 0, timestamp: harness.instant(inTick: 10 + k))
        }
        let lost = DaemonSubscriberTests.lines(1, from: connection, turning: harness)
        #expect(lost.first?.string("event") == "edges_lost", "\(lost)")
        #expect(lost.first?.integer("events") == 3)
        #expect(lost.first?.integer("pairs") == nil)
    }
}
