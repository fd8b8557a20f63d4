/// Why the daemon could not start: one line for the log, and the exit status (1 for
/// something at run time — model, socket, GPIO — 2 for a bad value on the command
/// line or in the config file).
struct DaemonFailure: Error {
    var message: String
    var status: Int32 = 1
}
