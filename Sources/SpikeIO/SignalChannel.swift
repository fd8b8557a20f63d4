import CSystem

/// Signals (SIGTERM, SIGINT, SIGHUP...) as readable events on a descriptor, so the
/// daemon handles them in its poll loop like any other input: no handler runs at an
/// arbitrary point, nothing is async-signal-unsafe, and poll never needs EINTR games.
///
/// `init` blocks the signals with sigprocmask, which is per thread: create the channel
/// on the main thread before any other thread starts (threads inherit the mask), or a
/// thread that does not block them receives them the ordinary way. When the channel
/// is dropped the signals it blocked are unblocked again (those that were blocked
/// before stay blocked); one still pending is then delivered the ordinary way.
public struct SignalChannel: ~Copyable {
    private let channel: FileDescriptor
    /// The signals this channel blocked that were not blocked before.
    private let blockedHere: sigset_t

    /// Block `signals` and open a nonblocking, close-on-exec signalfd for them. A
    /// number that is not a signal is refused (EINVAL) before anything changes.
    public init(signals: [Int32]) throws(SystemError) {
        var set = sigset_t()
        _ = sigemptyset(&set)
        for signal in signals where sigaddset(&set, signal) != 0 {
            throw SystemError(code: EINVAL, operation: "sigaddset (not a signal number)",
                              path: "\(signal)")
        }
        let descriptor = FileDescriptor(owning: try Syscall.signalfd(set, flags: Int32(SFD_NONBLOCK) | Int32(SFD_CLOEXEC)))
        let before = try Syscall.signalMask(SIG_BLOCK, set)
        var added = sigset_t()
        _ = sigemptyset(&added)
        for signal in signals where sigismember(&set, signal) == 1 {
            var previous = before
            if sigismember(&previous, signal) == 0 { _ = sigaddset(&added, signal) }
        }
        channel = descriptor
        blockedHere = added
    }

    deinit {
        _ = try? Syscall.signalMask(SIG_UNBLOCK, blockedHere)
    }

    /// The descriptor to poll for `PollSet.readable`.
    public var descriptor: Int32 { channel.rawValue }

    /// The number of the next pending signal, or nil when none is pending.
    public func next() throws(SystemError) -> Int32? {
        var info = signalfd_siginfo()
        let got = try withUnsafeMutableBytes(of: &info) { (bytes) throws(SystemError) -> Int in
            try channel.read(into: bytes)
        }
        guard got == MemoryLayout<signalfd_siginfo>.size else { return nil }
        return Int32(truncatingIfNeeded: info.ssi_signo)
    }
}
