import Testing
import SpikeGPIO

#if !SPIKERT_LIBGPIOD2
/// libgpiod 1.6 where this machine allows: its kernel has no GPIO chips, so only the
/// refusals can run, and they must be the clear ones.
@Suite("libgpiod 1.6 backend without hardware")
struct Libgpiod1BackendTests {
    @Test("a label no chip has is refused, naming the label")
    func unknownLabel() {
        var backend = Libgpiod1Backend()
        let address = LineAddress(chipLabel: "spikert-no-such-chip", offset: 3)
        let input = gpioErrorMessage { () throws(GPIOError) in try backend.requestInput(InputLineConfig(address: address)) }
        #expect(input == "no GPIO chip is labelled spikert-no-such-chip (gpiodetect lists the labels)")
        let output = gpioErrorMessage { () throws(GPIOError) in try backend.requestOutput(OutputLineConfig(address: address)) }
        #expect(output == input)
        #expect(backend.lineCount(chipLabel: "spikert-no-such-chip") == nil)
        #expect(backend.findLine(named: "GPIO17") == nil)
        #expect(backend.eventDescriptor(input: 0) == -1)
        backend.releaseAll()
    }

    @Test("indices never requested are refused")
    func unknownIndex() {
        var backend = Libgpiod1Backend()
        let read = gpioErrorMessage { () throws(GPIOError) in
            var event = EdgeEvent(lineIndex: 0, rising: false, timestampNanoseconds: 0)
            return try withUnsafeMutablePointer(to: &event) { pointer throws(GPIOError) in
                try backend.readEvents(input: 0, into: UnsafeMutableBufferPointer(start: pointer, count: 1))
            }
        }
        #expect(read == "input index 0 was never requested (0 requested)")
        let set = gpioErrorMessage { () throws(GPIOError) in try backend.setOutput(2, active: true) }
        #expect(set == "output index 2 was never requested (0 requested)")
    }

    @Test("the resolver reports a missing header chip through the real lookup")
    func resolverOnThisMachine() throws {
        let profile = try BoardProfile(boardID: "rpi5", directory: BoardFixtures.directory)
        let backend = Libgpiod1Backend()
        let message = gpioErrorMessage { () throws(GPIOError) in try LineResolver(profile: profile).checkHeaderChip(in: backend) }
        #expect(message?.hasPrefix("board rpi5: no GPIO chip is labelled pinctrl-rp1") == true)
    }
}

#endif

/// Lost-edge detection on a both-edges line.
@Suite("Lost edges")
struct LostEdgeCounterTests {
    @Test("alternating edges lose nothing; each repeated direction is one lost pair at least")
    func counts() {
        var counter = LostEdgeCounter()
        var proofs: [Bool] = []
        for rising in [true, false, true, false, false, true, true] { proofs.append(counter.observe(rising: rising)) }
        #expect(proofs == [false, false, false, false, true, false, true])
        #expect(counter.lostPairs == 2)
    }

    @Test("a known initial level checks the first event too")
    func initialLevel() {
        var high = LostEdgeCounter(initialLevelHigh: true)
        let highProof = high.observe(rising: true)
        var unknown = LostEdgeCounter()
        let unknownProof = unknown.observe(rising: true)
        #expect(highProof && high.lostPairs == 1)
        #expect(!unknownProof && unknown.lostPairs == 0)
    }
}
