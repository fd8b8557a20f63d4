import TestSupport
import SpikeHost
import Testing

@Suite struct TickClockTests {
    /// The mapping the clock documents, in 128 bits: tick `firstTick + k` spans
    /// `[epoch + k·dt, epoch + (k+1)·dt)`, saturated at UInt64.max.
    static func expectedTick(_ clock: TickClock, at ns: UInt64) -> UInt64 {
        guard ns >= clock.epoch else { return clock.firstTick }
        let tick = UInt128(clock.firstTick) + UInt128(ns - clock.epoch) / UInt128(clock.dt)
        return tick > UInt128(UInt64.max) ? .max : UInt64(tick)
    }

    static func expectedStart(_ clock: TickClock, of tick: UInt64) -> UInt64 {
        guard tick >= clock.firstTick else { return clock.epoch }
        let start = UInt128(clock.epoch) + UInt128(tick - clock.firstTick) * UInt128(clock.dt)
        return start > UInt128(UInt64.max) ? .max : UInt64(start)
    }

    @Test func startOfATickMapsBackToItAndTheNanosecondBeforeToThePreviousTick() {
        let clock = TickClock(epoch: 5_000_000_123, dt: 1_000_000, firstTick: 40)
        for tick: UInt64 in [41, 42, 57, 1_000, 123_456_789] {
            let start = clock.start(of: tick)
            #expect(clock.tick(at: start) == tick, "start of \(tick) is \(start)")
            #expect(clock.tick(at: start - 1) == tick - 1, "one ns before the start of \(tick)")
            #expect(clock.tick(at: start + clock.dt - 1) == tick, "last ns of \(tick)")
        }
        #expect(clock.start(of: clock.firstTick) == clock.epoch)
        #expect(clock.tick(at: clock.epoch) == clock.firstTick)
    }

    @Test func randomInstantsAndTicksAgreeWithTheWideArithmetic() {
        var rng = SplitMix64(seed: 0x71C4)
        for _ in 0..<5_000 {
            let clock = TickClock(epoch: rng.next() >> UInt64(rng.int(0...63)),
                                  dt: (rng.next() >> UInt64(rng.int(1...63))) | 1,
                                  firstTick: rng.next() >> UInt64(rng.int(0...63)))
            let ns = rng.next() >> UInt64(rng.int(0...63))
            let tick = rng.next() >> UInt64(rng.int(0...63))
            #expect(clock.tick(at: ns) == Self.expectedTick(clock, at: ns),
                    "epoch \(clock.epoch) dt \(clock.dt) first \(clock.firstTick) at \(ns)")
            #expect(clock.start(of: tick) == Self.expectedStart(clock, of: tick),
                    "epoch \(clock.epoch) dt \(clock.dt) first \(clock.firstTick) start of \(tick)")
            let start = clock.start(of: tick)
            if start < UInt64.max && tick >= clock.firstTick {
                #expect(clock.tick(at: start) == tick)
            }
        }
    }

    @Test func timestampsBeforeTheEpochBelongToTheFirstTick() {
        let clock = TickClock(epoch: 10_000, dt: 250, firstTick: 7)
        #expect(clock.tick(at: 0) == 7)
        #expect(clock.tick(at: 9_999) == 7)
        #expect(clock.tick(at: 10_000 + 249) == 7)
        #expect(clock.tick(at: 10_000 + 250) == 8)
        #expect(clock.start(of: 0) == 10_000, "ticks before firstTick begin at the epoch")
    }

    @Test func farTimestampsAndTicksSaturateWithoutTrapping() {
        let nearEnd = TickClock(epoch: 0, dt: 1, firstTick: UInt64.max - 10)
        #expect(nearEnd.tick(at: 10) == UInt64.max)
        #expect(nearEnd.tick(at: 9) == UInt64.max - 1)
        #expect(nearEnd.tick(at: 11) == UInt64.max)
        #expect(nearEnd.tick(at: UInt64.max) == UInt64.max)

        let coarse = TickClock(epoch: 1_000, dt: 1_000_000_000, firstTick: 0)
        #expect(coarse.start(of: UInt64.max) == UInt64.max, "tick × dt overflows")
        #expect(coarse.tick(at: UInt64.max) == (UInt64.max - 1_000) / 1_000_000_000)

        let lateEpoch = TickClock(epoch: UInt64.max - 5, dt: 2, firstTick: 3)
        #expect(lateEpoch.start(of: 6) == UInt64.max, "epoch + span overflows")
        #expect(lateEpoch.start(of: 5) == UInt64.max - 1)
        #expect(lateEpoch.tick(at: UInt64.max) == 5)
    }

    @Test func rebaseMakesTheGivenTickBeginAtTheGivenInstant() {
        var clock = TickClock(epoch: 1_000, dt: 100, firstTick: 0)
        #expect(clock.tick(at: 51_000) == 500)
        clock.rebase(tick: 200, at: 1_000_000)
        #expect(clock.epoch == 1_000_000)
        #expect(clock.firstTick == 200)
        #expect(clock.dt == 100, "rebase keeps the tick length")
        #expect(clock.start(of: 200) == 1_000_000)
        #expect(clock.tick(at: 1_000_000) == 200)
        #expect(clock.tick(at: 1_000_099) == 200)
        #expect(clock.tick(at: 1_000_100) == 201)
        #expect(clock.tick(at: 51_000) == 200, "instants before the new epoch belong to its first tick")
    }

    @Test func aZeroTickLengthIsTreatedAsOneNanosecond() {
        let clock = TickClock(epoch: 500, dt: 0, firstTick: 9)
        #expect(clock.dt == 1)
        #expect(clock.tick(at: 505) == 14)
        #expect(clock.start(of: 14) == 505)
        #expect(clock.tick(at: UInt64.max) == 9 + (UInt64.max - 500))
    }
}
