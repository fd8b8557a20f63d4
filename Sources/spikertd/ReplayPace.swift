/// How `--replay` feeds a spike file into the daemon.
enum ReplayPace {
    /// As fast as the network runs: the file's ticks are network ticks, nothing waits
    /// for the clock (tests, and replays of recordings for offline learning).
    case fast
    /// The file's ticks are played at the model's `dt` from the moment the replay
    /// starts: a recording replayed as it happened.
    case realtime
    /// Lines are stamped with the tick they arrive in (their tick column is ignored):
    /// a FIFO or stdin fed live by another program.
    case live
}
