import Foundation
import Testing
import SpikeIO

/// The daemon loop's pieces: the monotonic clock, poll sets, timerfd ticks and signals.
/// Timing-tolerant: counts and ordering are checked, never tight durations.
@Suite("Event loop")
struct EventLoopTests {
    @Test("the monotonic clock never goes back and agrees with clock_gettime")
    func clock() {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let before = UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
        var previous = MonotonicClock.nanoseconds()
        #expect(previous >= before)
        for _ in 0..<1000 {
            let now = MonotonicClock.nanoseconds()
            #expect(now >= previous)
            previous = now
        }
        clock_gettime(CLOCK_MONOTONIC, &ts)
        #expect(previous <= UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec))
    }

    @Test("a disarmed timer is never readable and has no expirations")
    func disarmed() throws {
        let timer = try IntervalTimer()
        var poll = PollSet()
        let index = poll.add(timer.descriptor, events: PollSet.readable)
        #expect(try poll.wait(timeoutMilliseconds: 30) == 0)
        #expect(poll.returnedEvents(index) == 0)
        #expect(try timer.takeExpirations() == 0)
    }

    @Test("a periodic timer wakes poll and counts every expiration, also the missed ones")
    func periodic() throws {
        let timer = try IntervalTimer()
        let interval: UInt64 = 5_000_000
        let start = MonotonicClock.nanoseconds()
        try timer.arm(at: start + interval, interval: interval)
        var poll = PollSet()
        let index = poll.add(timer.descriptor, events: PollSet.readable)
        #expect(try poll.wait(timeoutMilliseconds: 5_000) == 1)
        #expect(poll.has(PollSet.readable, at: index))
        #expect(MonotonicClock.nanoseconds() >= start + interval)
        let first = try timer.takeExpirations()
        #expect(first >= 1)
        #expect(try timer.takeExpirations() == 0)

        // Busy for ~8 intervals without reading: the kernel keeps counting.
        usleep(40_000)
        let missed = try timer.takeExpirations()
        #expect(missed >= 4)
        let elapsed = MonotonicClock.nanoseconds() - start
        #expect(first + missed <= elapsed / interval)

        try timer.disarm()
        _ = try timer.takeExpirations()
        poll.removeAll()
        #expect(poll.count == 0)
        let again = poll.add(timer.descriptor, events: PollSet.readable)
        #expect(again == 0)
        #expect(try poll.wait(timeoutMilliseconds: 20) == 0)
        #expect(try timer.takeExpirations() == 0)
    }

    @Test("a one-shot timer in the past expires once at once; poll reports the earlier of two")
    func oneShotAndOrder() throws {
        let early = try IntervalTimer()
        let late = try IntervalTimer()
        let now = MonotonicClock.nanoseconds()
        try late.arm(at: now + 400_000_000, interval: 0)
        try early.arm(at: now + 10_000_000, interval: 0)
        var poll = PollSet()
        let lateIndex = poll.add(late.descriptor, events: PollSet.readable)
        let earlyIndex = poll.add(early.descriptor, events: PollSet.readable)
        #expect(try poll.wait(timeoutMilliseconds: 5_000) == 1)
        #expect(poll.has(PollSet.readable, at: earlyIndex))
        #expect(!poll.has(PollSet.readable, at: lateIndex))
        #expect(try early.takeExpirations() == 1)
        usleep(20_000)
        #expect(try early.takeExpirations() == 0)  // one shot: no second expiration

        let past = try IntervalTimer()
        try past.arm(at: 0, interval: 0)
        var single = PollSet()
        _ = single.add(past.descriptor, events: PollSet.readable)
        #expect(try single.wait(timeoutMilliseconds: 1_000) == 1)
        #expect(try past.takeExpirations() == 1)
    }

    @Test("poll with timeout 0 looks and returns; an index out of range has no events")
    func pollEdges() throws {
        var poll = PollSet()
        #expect(try poll.wait(timeoutMilliseconds: 0) == 0)
        #expect(poll.returnedEvents(5) == 0)
        #expect(poll.returnedEvents(-1) == 0)
    }

    @Test("signalfd: a raised signal is readable in the poll set and read once")
    func signals() throws {
        let channel = try SignalChannel(signals: [SIGUSR1, SIGUSR2])
        #expect(try channel.next() == nil)
        raise(SIGUSR2)
        var poll = PollSet()
        let index = poll.add(channel.descriptor, events: PollSet.readable)
        #expect(try poll.wait(timeoutMilliseconds: 1_000) == 1)
        #expect(poll.has(PollSet.readable, at: index))
        #expect(try channel.next() == SIGUSR2)
        #expect(try channel.next() == nil)
        raise(SIGUSR1)
        raise(SIGUSR2)
        var seen: Set<Int32> = []
        while let signal = try channel.next() { seen.insert(signal) }
        #expect(seen == [SIGUSR1, SIGUSR2])
    }

    @Test("a number that is not a signal is refused with EINVAL")
    func badSignal() {
        #expect(throws: SystemError.self) { _ = try SignalChannel(signals: [100_000]) }
        do {
            _ = try SignalChannel(signals: [100_000])
        } catch {
            #expect(error.code == EINVAL)
        }
    }
}
