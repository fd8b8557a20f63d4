import CSystem
import Foundation
import SpikeGPIO
import SpikeHost
import SpikeIO
import Testing
@testable import spikertd

/// Zero idle wake-ups: a quiescent daemon with nothing pending sleeps in poll() with
/// its timer disarmed; anything due — a queued event, an open debounce window — arms
/// the timer for exactly then.
@Suite(.serialized) struct DaemonSleepTests {
    static func requireQuiescent(_ harness: DaemonHarness) throws {
        let quiescent = harness.daemon.model.model.network.isQuiescent
        try #require(quiescent, "the model at rest after loading")
    }

    @Test func aQuiescentDaemonWithNothingPendingDisarmsItsTimer() throws {
        let harness = try DaemonHarness(model: Repo.motion)
        try Self.requireQuiescent(harness)
        harness.takeInputs()
        #expect(harness.daemon.schedule() == -1)
        #expect(!harness.timerArmed)

        // A queued event arms it for the event's tick (the check can see an armed timer).
        let due = harness.tick + 10_000
        harness.daemon.queue.push(SpikeEvent(tick: due, channel: 3))
        #expect(harness.daemon.schedule() == -1)
        #expect(harness.timerArmed)
        #expect(harness.timerRemaining > 0)
        #expect(harness.timerRemaining <= 10_001 * harness.dt, "armed for the event's tick, not later")

        harness.daemon.queue.removeAll()
        #expect(harness.daemon.schedule() == -1)
        #expect(!harness.timerArmed, "disarmed again once nothing is due")
    }

    @Test func aQuiescentDaemonSleepsThroughTheWholeWait() throws {
        let harness = try DaemonHarness(model: Repo.motion)
        try Self.requireQuiescent(harness)
        harness.takeInputs()
        let wakeUps = harness.daemon.counters.wakeUps
        let start = Date()
        #expect(harness.daemon.iterate(maximumWaitMilliseconds: 300))
        let slept = Date().timeIntervalSince(start)
        #expect(slept >= 0.28, "poll returned after \(slept) s: something woke an idle daemon")
        #expect(harness.daemon.counters.wakeUps == wakeUps + 1)
        #expect(!harness.timerArmed)
    }

    @Test func anOpenDebounceWindowArmsTheTimerForItsEnd() throws {
        // Falling edges spike; a press and a release 1 ms later inside the 5 ms window
        // leave a change pending until the window ends.
        let harness = try DaemonHarness(model: Repo.motion, ["--gpio-in", "GPIO17=0,edge=falling,debounce=5"])
        try Self.requireQuiescent(harness)
        harness.takeInputs()
        #expect(!harness.timerArmed)

        let press = MonotonicClock.nanoseconds() + 2_000_000_000
        harness.fake.inject(line: 0, rising: true, timestamp: press)
        harness.fake.inject(line: 0, rising: false, timestamp: press + 1_000_000)
        harness.takeInputs()
        #expect(harness.daemon.queue.isEmpty, "the release waits for the window to end")
        #expect(harness.daemon.gpio?.nextDebounceDeadline == press + 5_000_000)
        #expect(harness.daemon.schedule() == -1)
        #expect(harness.timerArmed)
        let remaining = harness.timerRemaining
        #expect(remaining > 1_900_000_000 && remaining <= 2_005_000_000,
                "armed for the window's end, \(remaining) ns away")

        // The window's end settles the release into a spike at its own timestamp's tick.
        harness.daemon.gpio?.settle(now: press + 5_000_000, clock: harness.daemon.clock, queue: &harness.daemon.queue)
        #expect(harness.queuedEvents.map(\.tick) == [harness.daemon.clock.tick(at: press + 1_000_000)])
        #expect(harness.daemon.gpio?.nextDebounceDeadline == nil)
    }

    @Test func pausedTimeArmsNoTickTimerEvenWithEventsQueued() throws {
        let harness = try DaemonHarness(model: Repo.motion, ["--paused"])
        harness.daemon.queue.push(SpikeEvent(tick: 5, channel: 1))
        #expect(harness.daemon.schedule() == -1)
        #expect(!harness.timerArmed, "a paused daemon waits for resume, not for ticks")
    }
}

extension DaemonHarness {
    /// Nanoseconds until the daemon's timer expires (0: disarmed).
    var timerRemaining: UInt64 {
        var value = itimerspec()
        guard timerfd_gettime(daemon.timer.descriptor, &value) == 0 else { return 0 }
        return UInt64(value.it_value.tv_sec) * 1_000_000_000 + UInt64(value.it_value.tv_nsec)
    }
}
