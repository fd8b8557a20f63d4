import CSystem

/// A timerfd on CLOCK_MONOTONIC: the tick source of the daemon's poll loop.
///
/// Armed at absolute times (TFD_TIMER_ABSTIME) so that a late wake-up does not push
/// every later tick back: the kernel counts the periods that passed, and
/// `takeExpirations()` tells the loop how many ticks are due. Nonblocking, so reading
/// an idle timer is "0 expirations", not a hang.
public struct IntervalTimer: ~Copyable {
    private let timer: FileDescriptor

    public init() throws(SystemError) {
        let flags = Int32(TFD_NONBLOCK) | Int32(TFD_CLOEXEC)
        timer = FileDescriptor(owning: try Syscall.timerfdCreate(flags: flags))
    }

    /// The descriptor to poll for `PollSet.readable`.
    public var descriptor: Int32 { timer.rawValue }

    /// Expire first at `absoluteNanoseconds` on `MonotonicClock`, then every `interval`
    /// nanoseconds (0: once). A time already past expires at once. Time 0 would mean
    /// "disarm" to the kernel, so it is taken as 1 ns.
    public func arm(at absoluteNanoseconds: UInt64, interval: UInt64) throws(SystemError) {
        var value = itimerspec()
        value.it_value = MonotonicClock.timespec(nanoseconds: max(absoluteNanoseconds, 1))
        value.it_interval = MonotonicClock.timespec(nanoseconds: interval)
        try Syscall.timerfdSetTime(timer.rawValue, flags: Int32(TFD_TIMER_ABSTIME), value)
    }

    /// Stop the timer (a quiescent network needs no ticks). Expirations not yet taken
    /// are dropped.
    public func disarm() throws(SystemError) {
        try Syscall.timerfdSetTime(timer.rawValue, flags: 0, itimerspec())
    }

    /// How many times the timer expired since the last call (and resets that count);
    /// 0 when it has not (EAGAIN).
    public func takeExpirations() throws(SystemError) -> UInt64 {
        var count: UInt64 = 0
        let got = try withUnsafeMutableBytes(of: &count) { (bytes) throws(SystemError) -> Int in
            try timer.read(into: bytes)
        }
        return got == MemoryLayout<UInt64>.size ? count : 0
    }
}
