import TestSupport
import SpikeHost
import SpikeIO
import Testing

@Suite struct EventQueueTests {
    /// The queue's contract in the plainest form: an array kept sorted by tick, a new
    /// event going after every event of its tick; full means dropped and counted.
    struct ReferenceQueue {
        let capacity: Int
        var events: [SpikeEvent] = []
        var dropped: UInt64 = 0
        var highWater = 0

        mutating func push(_ event: SpikeEvent) -> Bool {
            guard events.count < capacity else {
                dropped += 1
                return false
            }
            let index = events.lastIndex(where: { $0.tick <= event.tick }).map { $0 + 1 } ?? 0
            events.insert(event, at: index)
            highWater = max(highWater, events.count)
            return true
        }
    }

    static func drain(_ queue: inout EventQueue) throws -> [SpikeEvent] {
        var out: [SpikeEvent] = []
        while let event = try queue.peek() {
            out.append(event)
            queue.removeFirst()
        }
        return out
    }

    @Test func outOfOrderPushesComeOutByTickAndInArrivalOrderWithinATick() throws {
        var queue = EventQueue(capacity: 16)
        // `line` numbers the arrivals, so the order inside a tick is visible.
        let ticks: [UInt64] = [5, 3, 5, 4, 3, 9, 5, 0, 4, 3]
        for (arrival, tick) in ticks.enumerated() {
            #expect(queue.push(SpikeEvent(tick: tick, channel: arrival % 3, line: arrival)) == true)
        }
        #expect(queue.count == ticks.count)
        #expect(queue.firstTick == 0)
        let out = try Self.drain(&queue)
        let expected = ticks.enumerated()
            .sorted { $0.element != $1.element ? $0.element < $1.element : $0.offset < $1.offset }
            .map { SpikeEvent(tick: $0.element, channel: $0.offset % 3, line: $0.offset) }
        #expect(out == expected)
        #expect(queue.isEmpty)
        #expect(queue.firstTick == nil)
        #expect(try queue.peek() == nil)
    }

    @Test func aFullQueueDropsAndCountsNewEventsAndKeepsWhatItHas() throws {
        var queue = EventQueue(capacity: 4)
        for k in 0..<4 { #expect(queue.push(SpikeEvent(tick: UInt64(10 + k), channel: k)) == true) }
        #expect(queue.push(SpikeEvent(tick: 1, channel: 99)) == false, "an earlier tick does not evict a queued event")
        #expect(queue.push(SpikeEvent(tick: 20, channel: 98)) == false)
        #expect(queue.dropped == 2)
        #expect(queue.count == 4)
        #expect(queue.highWater == 4)
        #expect(try Self.drain(&queue).map(\.channel) == [0, 1, 2, 3])
        #expect(queue.push(SpikeEvent(tick: 30, channel: 7)) == true, "room again once drained")
        #expect(queue.dropped == 2)
    }

    @Test func highWaterIsTheMostEventsEverWaiting() throws {
        var queue = EventQueue(capacity: 10)
        for k in 0..<3 { queue.push(SpikeEvent(tick: UInt64(k), channel: 0)) }
        queue.removeFirst()
        queue.removeFirst()
        for k in 0..<5 { queue.push(SpikeEvent(tick: UInt64(k), channel: 1)) }
        #expect(queue.count == 6)
        #expect(queue.highWater == 6)
        queue.removeAll()
        #expect(queue.isEmpty)
        queue.push(SpikeEvent(tick: 0, channel: 2))
        #expect(queue.highWater == 6, "draining does not lower the mark")
        #expect(try queue.peek()?.channel == 2)
    }

    @Test func aCapacityBelowOneHoldsOneEvent() {
        var queue = EventQueue(capacity: 0)
        #expect(queue.capacity == 1)
        #expect(queue.push(SpikeEvent(tick: 1, channel: 0)) == true)
        #expect(queue.push(SpikeEvent(tick: 2, channel: 0)) == false)
        #expect(queue.dropped == 1)
        queue.removeFirst()
        queue.removeFirst()
        #expect(queue.count == 0, "removing from an empty queue is a no-op")
    }

    /// Thousands of random pushes (out of order within a sliding window), removals and
    /// occasional clears on a small ring, so that head and the insertion shifts wrap
    /// around its end many times; after every operation the queue must agree with the
    /// reference model.
    @Test(arguments: [1, 3, 7, 64])
    func matchesAReferenceModelOverManyWrapArounds(capacity: Int) throws {
        var rng = SplitMix64(seed: 0xE0E0 &+ UInt64(capacity))
        var queue = EventQueue(capacity: capacity)
        var reference = ReferenceQueue(capacity: capacity)
        var base: UInt64 = 0
        var removed = 0
        for step in 0..<20_000 {
            let roll = rng.int(0...99)
            if roll < 55 {
                let event = SpikeEvent(tick: base + UInt64(rng.int(0...5)), channel: rng.int(0...7),
                                       value: rng.int(0...3) == 0 ? Int32(rng.int(-9...9)) : nil, line: step)
                let accepted = queue.push(event)
                #expect(accepted == reference.push(event), "push at step \(step)")
            } else if roll < 99 {
                queue.removeFirst()
                if !reference.events.isEmpty {
                    reference.events.removeFirst()
                    removed += 1
                }
                if rng.int(0...3) == 0 { base += 1 }
            } else {
                queue.removeAll()
                reference.events.removeAll()
            }
            #expect(try queue.peek() == reference.events.first, "peek at step \(step)")
            #expect(queue.count == reference.events.count, "count at step \(step)")
            #expect(queue.firstTick == reference.events.first?.tick)
            if queue.count != reference.events.count { return }
        }
        #expect(queue.dropped == reference.dropped)
        #expect(queue.highWater == reference.highWater)
        #expect(try Self.drain(&queue) == reference.events)
        #expect(removed > 4 * capacity, "the ring wrapped around")
        if capacity > 1 { #expect(reference.dropped > 0, "the run filled the queue") }
    }
}
