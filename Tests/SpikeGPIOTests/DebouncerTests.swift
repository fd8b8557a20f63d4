import TestSupport
import Testing
import SpikeGPIO

/// The debounce rules of `Debouncer`'s documentation, on hand-made cases and on random
/// bouncy inputs checked against the guarantees (never a lost lasting change, only real
/// timestamps, latency below the period).
@Suite("Debouncer")
struct DebouncerTests {
    let period: UInt64 = 1_000

    /// An emitted edge and the time it came out (the `at` of `settle` or the edge fed).
    struct Emission: Equatable {
        var edge: EdgeEvent
        var at: UInt64
    }

    /// Feed `events` as the daemon does: settle at every deadline before the next edge,
    /// then at the end until nothing is pending.
    func run(_ debouncer: inout Debouncer, _ events: [EdgeEvent],
             afterEach check: (Int, inout Debouncer, inout [Emission]) -> Void = { _, _, _ in }) -> [Emission] {
        var out: [Emission] = []
        for (k, event) in events.enumerated() {
            while let deadline = debouncer.nextDeadline, deadline <= event.timestampNanoseconds {
                debouncer.settle(at: deadline) { out.append(Emission(edge: $0, at: deadline)) }
            }
            debouncer.feed(event) { out.append(Emission(edge: $0, at: event.timestampNanoseconds)) }
            check(k, &debouncer, &out)
        }
        while let deadline = debouncer.nextDeadline {
            debouncer.settle(at: deadline) { out.append(Emission(edge: $0, at: deadline)) }
        }
        return out
    }

    func edges(_ list: [(Bool, UInt64)]) -> [EdgeEvent] {
        list.map { EdgeEvent(lineIndex: 3, rising: $0.0, timestampNanoseconds: $0.1) }
    }

    @Test("clean edges pass unchanged, at once, with no timer armed")
    func cleanEdges() {
        var debouncer = Debouncer(periodNanoseconds: period, lineIndex: 3)
        let input = edges([(true, 5_000), (false, 6_000), (true, 9_500), (false, 10_500)])
        var deadlines: [UInt64?] = []
        let out = run(&debouncer, input) { _, d, _ in deadlines.append(d.nextDeadline) }
        #expect(out.map(\.edge) == input)
        #expect(out.map(\.at) == input.map(\.timestampNanoseconds))
        #expect(deadlines == [nil, nil, nil, nil])
    }

    @Test("a bounce burst ending at the new level collapses to its first edge")
    func burstCollapses() {
        var debouncer = Debouncer(periodNanoseconds: period, lineIndex: 3, initialLevel: false)
        let burst = edges([(true, 100), (false, 130), (true, 170), (false, 400), (true, 650)])
        let out = run(&debouncer, burst)
        #expect(out == [Emission(edge: burst[0], at: 100)])
        #expect(debouncer.reportedLevel == true)
        #expect(debouncer.nextDeadline == nil)
    }

    @Test("a burst ending at the old level reports the settling edge with the last bounce's time")
    func burstSettles() {
        var debouncer = Debouncer(periodNanoseconds: period, lineIndex: 3, initialLevel: false)
        let burst = edges([(true, 100), (false, 130), (true, 170), (false, 400)])
        var pending: [UInt64?] = []
        let out = run(&debouncer, burst) { _, d, _ in pending.append(d.nextDeadline) }
        #expect(pending == [nil, 1_100, nil, 1_100])  // a timer only while the levels differ
        #expect(out == [Emission(edge: burst[0], at: 100), Emission(edge: burst[3], at: 1_100)])
        #expect(debouncer.reportedLevel == false)
    }

    @Test("an edge after the window settles it first, then is accepted at once")
    func settleInsideFeed() {
        var debouncer = Debouncer(periodNanoseconds: period, lineIndex: 3)
        var out: [EdgeEvent] = []
        for event in edges([(true, 0), (false, 300), (true, 2_000)]) { debouncer.feed(event) { out.append($0) } }
        #expect(out == edges([(true, 0), (false, 300), (true, 2_000)]))
    }

    @Test("period 0 passes every change of level and drops repeats")
    func noPeriod() {
        var debouncer = Debouncer(periodNanoseconds: 0, lineIndex: 3)
        let input = edges([(true, 1), (false, 2), (false, 3), (true, 3)])
        var out: [EdgeEvent] = []
        for event in input { debouncer.feed(event) { out.append($0) } }
        #expect(out == [input[0], input[1], input[3]])
        #expect(debouncer.nextDeadline == nil)
    }

    @Test("random bouncy inputs: no lasting change lost, only real timestamps, latency below the period",
          arguments: 0..<200)
    func randomInputs(_ seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        var input: [EdgeEvent] = []
        var level = random.next() & 1 == 0
        var time: UInt64 = random.next() % 5_000
        for _ in 0..<Int(random.next() % 60 + 1) {
            level.toggle()
            // Mostly bounces (gaps below the period), sometimes long holds.
            time += random.next() % 4 == 0 ? random.next() % (3 * period) + 1 : random.next() % (period / 3) + 1
            input.append(EdgeEvent(lineIndex: 3, rising: level, timestampNanoseconds: time))
        }
        var debouncer = Debouncer(periodNanoseconds: period, lineIndex: 3, initialLevel: !input[0].rising)
        let out = run(&debouncer, input) { k, d, emitted in
            // A level held for the period is the reported level by the period's end.
            guard k + 1 < input.count,
                  input[k + 1].timestampNanoseconds - input[k].timestampNanoseconds >= period else { return }
            let end = input[k].timestampNanoseconds + period
            while let deadline = d.nextDeadline, deadline <= end {
                d.settle(at: deadline) { emitted.append(Emission(edge: $0, at: deadline)) }
            }
            #expect(d.reportedLevel == input[k].rising)
        }
        #expect(debouncer.reportedLevel == input.last!.rising)
        for (k, emission) in out.enumerated() {
            #expect(input.contains(emission.edge))
            #expect(emission.at >= emission.edge.timestampNanoseconds)
            #expect(emission.at - emission.edge.timestampNanoseconds < period)
            if k > 0 {
                #expect(emission.edge.rising != out[k - 1].edge.rising)
                #expect(emission.edge.timestampNanoseconds > out[k - 1].edge.timestampNanoseconds)
                #expect(emission.at >= out[k - 1].at)
            }
        }
        #expect(out.first?.edge == input.first)
    }
}

