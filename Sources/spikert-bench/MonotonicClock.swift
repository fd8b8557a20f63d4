import CSystem

/// Nanoseconds from `clock_gettime(CLOCK_MONOTONIC)`: the clock WORKLOADS.md times with.
///
/// On Linux x86_64 and aarch64 it is a vDSO call of a few tens of nanoseconds, no
/// system call; that overhead is inside every per-tick sample (docs/BENCHMARKS.md).
enum MonotonicClock {
    @inline(__always)
    static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(truncatingIfNeeded: ts.tv_sec) &* 1_000_000_000
            &+ UInt64(truncatingIfNeeded: ts.tv_nsec)
    }
}
