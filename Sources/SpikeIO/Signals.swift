import CSystem

/// Process-wide signal dispositions the daemon sets once at start-up.
public enum Signals {
    /// Ignore SIGPIPE. The daemon writes to control-socket subscribers that may vanish
    /// at any moment; with SIGPIPE's default action such a write would kill the
    /// process, ignored it fails with EPIPE, which `FileDescriptor.write` throws and
    /// the caller handles by dropping that subscriber.
    public static func ignoreBrokenPipe() throws(SystemError) {
        try Syscall.ignore(signal: SIGPIPE)
    }
}
