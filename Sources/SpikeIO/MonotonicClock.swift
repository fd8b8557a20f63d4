import CSystem

/// CLOCK_MONOTONIC in nanoseconds: the clock of libgpiod 1.6's edge-event timestamps
/// and of `IntervalTimer`, so edge times, tick deadlines and run timings compare
/// directly. It never jumps with wall-clock changes (NTP, RTC-less boards that set the
/// date late), which is why ticks are scheduled on it.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary start (boot, on Linux).
    @inline(__always)
    public static func nanoseconds() -> UInt64 {
        var now = CSystem.timespec()
        _ = clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(truncatingIfNeeded: now.tv_sec) &* 1_000_000_000
            &+ UInt64(truncatingIfNeeded: now.tv_nsec)
    }

    /// `nanoseconds` as a timespec, the seconds clamped to what time_t holds (32 bits
    /// on Debian 12 armhf/armel) rather than wrapped.
    static func timespec(nanoseconds: UInt64) -> CSystem.timespec {
        let maximumSeconds = UInt64(truncatingIfNeeded: time_t.max)
        let seconds = min(nanoseconds / 1_000_000_000, maximumSeconds)
        var value = CSystem.timespec()
        value.tv_sec = time_t(truncatingIfNeeded: seconds)
        value.tv_nsec = Int(truncatingIfNeeded: nanoseconds % 1_000_000_000)
        return value
    }
}
