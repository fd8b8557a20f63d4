import Glibc
import Testing
import SpikeGPIO

/// The fake backend end to end, as the daemon's loop uses a backend: request, poll,
/// read batches with the kernel's timestamps, overflow, outputs, refusals.
@Suite("Fake GPIO backend")
struct FakeGPIOBackendTests {
    let chip = LineAddress(chipLabel: "pinctrl-bcm2711", offset: 17)

    func makeFake(acceptsBias: Bool = true) -> FakeGPIOBackend {
        FakeGPIOBackend(chips: [FakeGPIOChip(label: "pinctrl-bcm2711", lines: 58, namePrefix: "GPIO",
                                             acceptsBias: acceptsBias)])
    }

    /// Whether `descriptor` polls readable right now.
    func readable(_ descriptor: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) == 1 && entry.revents & Int16(POLLIN) != 0
    }

    func read<B: GPIOBackend & ~Copyable>(_ backend: inout B, input: Int, max: Int = 64) throws(GPIOError) -> [EdgeEvent] {
        var buffer = [EdgeEvent](repeating: EdgeEvent(lineIndex: -1, rising: false, timestampNanoseconds: 0), count: max)
        var count = 0
        var failure: GPIOError?
        buffer.withUnsafeMutableBufferPointer { pointer in
            do throws(GPIOError) { count = try backend.readEvents(input: input, into: pointer) } catch { failure = error }
        }
        if let failure { throw failure }
        return Array(buffer[0..<count])
    }

    @Test("poll wakes on an injected edge and the batch carries the kernel timestamps")
    func pollAndRead() throws {
        var fake = makeFake()
        let first = try fake.requestInput(InputLineConfig(address: chip))
        let second = try fake.requestInput(InputLineConfig(address: LineAddress(chipLabel: "pinctrl-bcm2711", offset: 27)))
        #expect((first, second) == (0, 1))
        let descriptor = fake.eventDescriptor(input: second)
        #expect(descriptor >= 0 && descriptor != fake.eventDescriptor(input: first))
        #expect(fake.eventDescriptor(input: 2) == -1)
        #expect(!readable(descriptor))

        fake.inject(line: second, rising: true, timestamp: 1_000_000_123)
        fake.inject(line: second, rising: false, timestamp: 1_000_500_456)
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        #expect(poll(&entry, 1, 1000) == 1)  // a blocking poll really wakes
        #expect(!readable(fake.eventDescriptor(input: first)))

        let events = try read(&fake, input: second)
        #expect(events == [EdgeEvent(lineIndex: 1, rising: true, timestampNanoseconds: 1_000_000_123),
                           EdgeEvent(lineIndex: 1, rising: false, timestampNanoseconds: 1_000_500_456)])
        #expect(!readable(descriptor))
        #expect(try read(&fake, input: second).isEmpty)  // a spurious wake-up reads nothing
    }

    @Test("a line queues 16 events like the kernel; newer ones are dropped and counted")
    func overflow() throws {
        var fake = makeFake()
        let line = try fake.requestInput(InputLineConfig(address: chip))
        var accepted = 0
        for k in 0..<20 where fake.inject(line: line, rising: k % 2 == 0, timestamp: UInt64(k) * 10) { accepted += 1 }
        #expect(accepted == EdgeEvent.batchCapacity)
        #expect(fake.droppedEvents(input: line) == 4)
        let batch = try read(&fake, input: line, max: 5)
        #expect(batch.map(\.timestampNanoseconds) == [0, 10, 20, 30, 40])
        #expect(readable(fake.eventDescriptor(input: line)))
        let rest = try read(&fake, input: line)
        #expect(rest.map(\.timestampNanoseconds) == (5..<16).map { UInt64($0) * 10 })
        #expect(!readable(fake.eventDescriptor(input: line)))

        var counter = LostEdgeCounter()
        fake.inject(line: line, rising: true, timestamp: 1000)  // after 15 (falling): fine
        fake.inject(line: line, rising: true, timestamp: 1010)  // a pair lost in between
        for event in batch + rest + (try read(&fake, input: line)) { counter.observe(rising: event.rising) }
        #expect(counter.lostPairs == 1)
    }

    @Test("edges of a direction not requested are not queued")
    func edgeSelection() throws {
        var fake = makeFake()
        let rising = try fake.requestInput(InputLineConfig(address: chip, edges: .rising))
        for k in 0..<6 { fake.inject(line: rising, rising: k % 2 == 0, timestamp: UInt64(k)) }
        #expect(try read(&fake, input: rising).map(\.timestampNanoseconds) == [0, 2, 4])
    }

    @Test("outputs start at their initial value and record every change with its time")
    func outputs() throws {
        let fake = makeFake()
        let led = try fake.requestOutput(OutputLineConfig(address: chip, activeLow: true, initialActive: false))
        fake.now = 100
        try fake.setOutput(led, active: true)
        fake.now = 250
        try fake.setOutput(led, active: false)
        #expect(fake.outputHistory(led) == [FakeOutputChange(active: false, timestampNanoseconds: 0),
                                            FakeOutputChange(active: true, timestampNanoseconds: 100),
                                            FakeOutputChange(active: false, timestampNanoseconds: 250)])
        let missing = gpioErrorMessage { () throws(GPIOError) in try fake.setOutput(1, active: true) }
        #expect(missing == "output index 1 was never requested (1 requested)")
    }

    @Test("busy lines, unknown chips, offsets beyond the chip and refused bias are reported")
    func refusals() throws {
        let fake = makeFake(acceptsBias: false)
        _ = try fake.requestInput(InputLineConfig(address: chip))
        func refusal(_ body: () throws(GPIOError) -> Int) -> String? { gpioErrorMessage(body) }
        #expect(refusal { () throws(GPIOError) in try fake.requestOutput(OutputLineConfig(address: chip)) }
                == "pinctrl-bcm2711:17 is already in use by another consumer (gpioinfo shows which)")
        #expect(refusal { () throws(GPIOError) in
            try fake.requestInput(InputLineConfig(address: LineAddress(chipLabel: "gpio-sim.0", offset: 1)))
        } == "no GPIO chip is labelled gpio-sim.0 (gpiodetect lists the labels)")
        #expect(refusal { () throws(GPIOError) in
            try fake.requestInput(InputLineConfig(address: LineAddress(chipLabel: "pinctrl-bcm2711", offset: 58)))
        } == "pinctrl-bcm2711:58: the chip pinctrl-bcm2711 has 58 lines (0-57)")
        let bias = refusal { () throws(GPIOError) in
            try fake.requestInput(InputLineConfig(address: LineAddress(chipLabel: "pinctrl-bcm2711", offset: 4), bias: .pullUp))
        }
        #expect(bias?.hasPrefix("pinctrl-bcm2711:4: the kernel refused bias=pull-up") == true)
        let asIs = try fake.requestInput(InputLineConfig(address: LineAddress(chipLabel: "pinctrl-bcm2711", offset: 4)))
        #expect(asIs == 1)
        #expect(fake.inputConfig(asIs)?.bias == .asIs)
    }

    @Test("release frees every line and closes the descriptors")
    func release() throws {
        let fake = makeFake()
        let line = try fake.requestInput(InputLineConfig(address: chip))
        let descriptor = fake.eventDescriptor(input: line)
        fake.releaseAll()
        #expect(fcntl(descriptor, F_GETFD) == -1)
        #expect(fake.eventDescriptor(input: line) == -1)
        #expect(try fake.requestInput(InputLineConfig(address: chip)) == 0)
    }

    @Test("kernel line names are found on the chip that has them")
    func lookup() {
        let fake = makeFake()
        #expect(fake.findLine(named: "GPIO26") == LineAddress(chipLabel: "pinctrl-bcm2711", offset: 26))
        #expect(fake.findLine(named: "GPIO58") == nil)
        #expect(fake.lineCount(chipLabel: "pinctrl-bcm2711") == 58)
        #expect(fake.lineCount(chipLabel: "pinctrl-bcm2835") == nil)
    }
}
