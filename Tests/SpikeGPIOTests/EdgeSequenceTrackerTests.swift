import Testing
import TestSupport
import SpikeGPIO

/// Lost-event accounting from the v2 kernel's sequence numbers, fed with synthetic
/// numbers: single losses, the first read, wrap-around, restarts, shared requests, and
/// a model kernel queue under both drop policies checked against the truth.
@Suite("Sequence-number loss accounting")
struct EdgeSequenceTrackerTests {
    /// Feed `numbers` as one line whose global and line numbers are the same (a request
    /// of one line, as spikertd makes them); the gap reported before each.
    func gaps(_ numbers: [UInt32?]) -> (gaps: [UInt64], lost: UInt64) {
        var tracker = EdgeSequenceTracker()
        var gaps: [UInt64] = []
        for n in numbers {
            let lost = tracker.observe(line: 0, lineSequence: n, globalSequence: n)
            #expect(lost.request == lost.line, "one line per request: both numbers tell the same")
            gaps.append(lost.request)
        }
        return (gaps, tracker.lostEvents)
    }

    @Test("consecutive numbers lose nothing; a single missing number is one lost event")
    func single() {
        #expect(gaps([1, 2, 3, 4]).lost == 0)
        let one = gaps([1, 2, 4, 5])
        #expect(one.gaps == [0, 0, 1, 0] && one.lost == 1)
        let many = gaps([1, 2, 40])
        #expect(many.gaps == [0, 0, 37] && many.lost == 37)
    }

    @Test("events lost before the first read count too (the kernel numbers from 1)")
    func firstRead() {
        #expect(gaps([5, 6]).gaps == [4, 0])
    }

    @Test("the 32-bit counters wrap through 0 without a false loss")
    func wrap() {
        // (The first number read says how many came before it: all lost.)
        #expect(gaps([0xFFFF_FFFE, 0xFFFF_FFFF, 0, 1, 2]).gaps == [0xFFFF_FFFD, 0, 0, 0, 0])
        #expect(gaps([0xFFFF_FFFE, 1]).gaps == [0xFFFF_FFFD, 2])
    }

    @Test("unnumbered events (v1) are ignored; a number going back restarts the count")
    func unnumberedAndRestart() {
        #expect(gaps([nil, nil, nil]).lost == 0)
        let restarted = gaps([1, 2, 3, 1, 2, 4])
        #expect(restarted.gaps == [0, 0, 0, 0, 0, 1] && restarted.lost == 1)
    }

    @Test("a shared request: the global numbers count every loss at once, each line's own only when that line speaks again")
    func sharedRequest() {
        var model = KernelQueueModel(capacity: 4, overflow: .dropOldest)
        // Line 0 and 1 alternate; 10 edges into a queue of 4: the 6 oldest are lost
        // (lines 0,1,0,1,0,1), then line 1 falls silent and only line 0 speaks again.
        for k in 0..<10 { model.edge(line: k % 2, rising: k % 4 < 2, at: UInt64(k)) }
        var tracker = EdgeSequenceTracker()
        var requestLost: [UInt64] = []
        for event in model.read() {
            requestLost.append(tracker.observe(line: event.lineIndex, lineSequence: event.lineSequence,
                                               globalSequence: event.globalSequence).request)
        }
        #expect(requestLost == [6, 0, 0, 0], "all 6 counted at the first event read")
        #expect(tracker.lostEvents == model.lost)
        #expect(tracker.lostEvents(line: 0) == 3 && tracker.lostEvents(line: 1) == 3)
        model.edge(line: 0, rising: true, at: 20)
        model.edge(line: 0, rising: false, at: 21)
        for _ in 0..<2 { model.edge(line: 0, rising: true, at: 22) }
        model.edge(line: 0, rising: false, at: 23)  // 5 edges into 4: one lost, of line 0
        for event in model.read() {
            tracker.observe(line: event.lineIndex, lineSequence: event.lineSequence, globalSequence: event.globalSequence)
        }
        #expect(model.lost == 7 && tracker.lostEvents == 7)
        #expect(tracker.lostEvents(line: 0) == 4 && tracker.lostEvents(line: 1) == 3)
    }

    /// Floods of random length, read at random points in random amounts; after a last
    /// edge and a drain, what the tracker counts and what the v1 heuristic proves.
    func flood(_ overflow: GPIOQueueOverflow, seed: UInt64) -> (truth: UInt64, counted: UInt64, provenPairs: UInt64) {
        var random = SplitMix64(seed: seed)
        var model = KernelQueueModel(overflow: overflow)
        var tracker = EdgeSequenceTracker()
        var pairs = LostEdgeCounter()
        var level = false
        var time: UInt64 = 0
        func drain(_ model: inout KernelQueueModel, max: Int) {
            for event in model.read(max: max) {
                tracker.observe(line: 0, lineSequence: event.lineSequence, globalSequence: event.globalSequence)
                pairs.observe(rising: event.rising)
            }
        }
        for _ in 0..<400 {
            for _ in 0..<Int(random.next() % 40) {
                level.toggle()
                time += 1 + random.next() % 1000
                model.edge(line: 0, rising: level, at: time)
            }
            drain(&model, max: 1 + Int(random.next() % 16))
        }
        while !model.queue.isEmpty { drain(&model, max: 16) }
        level.toggle()
        model.edge(line: 0, rising: level, at: time + 1)
        drain(&model, max: 16)
        return (model.lost, tracker.lostEvents, pairs.lostPairs)
    }

    @Test("drop-oldest (v2): the numbers count every lost event exactly", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func dropOldest(seed: UInt64) {
        let run = flood(.dropOldest, seed: seed)
        #expect(run.truth > 0, "the flood must overflow the queue")
        #expect(run.counted == run.truth)
    }

    @Test("drop-newest (v1) with numbers would count them too, once a later event arrives", arguments: [1, 2, 3] as [UInt64])
    func dropNewestNumbered(seed: UInt64) {
        let run = flood(.dropNewest, seed: seed)
        #expect(run.truth > 0)
        #expect(run.counted == run.truth)
    }

    @Test("v1's real case, no numbers: the pair heuristic is a lower bound that misses even losses")
    func dropNewestPairs() {
        var total: (truth: UInt64, pairs: UInt64) = (0, 0)
        for seed in 1...5 as ClosedRange<UInt64> {
            let run = flood(.dropNewest, seed: seed)
            #expect(run.provenPairs <= run.truth, "each repeat proves one lost edge at least")
            total.truth += run.truth
            total.pairs += run.provenPairs
        }
        #expect(total.pairs > 0, "odd losses are seen")
        #expect(total.pairs < total.truth, "but not all of them: an even number lost in a row stays invisible")
        // Two events lost in a row on a both-edges line: the directions read still
        // alternate, nothing is seen; with numbers, both are counted.
        var model = KernelQueueModel(capacity: 2, overflow: .dropNewest)
        var counter = LostEdgeCounter()
        var tracker = EdgeSequenceTracker()
        for k in 0..<4 { model.edge(line: 0, rising: k % 2 == 0, at: UInt64(k)) }
        var read = model.read()
        model.edge(line: 0, rising: true, at: 9)
        read += model.read()
        for event in read {
            counter.observe(rising: event.rising)
            tracker.observe(line: 0, lineSequence: event.lineSequence, globalSequence: event.globalSequence)
        }
        #expect(read.map(\.rising) == [true, false, true])
        #expect(model.lost == 2 && counter.lostPairs == 0 && tracker.lostEvents == 2)
    }
}
