/// What the daemon counts besides the network's own work counters: reported by the
/// `counters` request and in the log at exit, so that nothing lost is ever silent.
struct DaemonCounters {
    /// Times the poll loop woke up.
    var wakeUps: UInt64 = 0
    /// Ticks that ran more than one tick after their time (the daemon was late).
    var lateTicks: UInt64 = 0
    /// Control requests answered, and those answered with an error.
    var requests: UInt64 = 0
    var requestErrors: UInt64 = 0
    /// Model reloads done and refused.
    var reloads: UInt64 = 0
    var reloadsRefused: UInt64 = 0
    /// Rewards queued from the control socket.
    var rewards: UInt64 = 0
}
