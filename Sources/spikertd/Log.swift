import CSystem
import SpikeHost

/// The daemon's log: one line per message on stderr, which systemd hands to journald.
///
/// Under journald (JOURNAL_STREAM is set) each line starts with its syslog priority,
/// `<3>` error, `<4>` warning, `<6>` info (sd-daemon(3)), so `journalctl -p warning`
/// filters them; on a terminal the words "error:" and "warning:" say the same.
enum Log {
    private static let journal: Bool = getenv("JOURNAL_STREAM") != nil

    static func error(_ message: String) {
        Console.error(journal ? "<3>" + message : "spikertd: error: " + message)
    }

    static func warning(_ message: String) {
        Console.error(journal ? "<4>" + message : "spikertd: warning: " + message)
    }

    static func info(_ message: String) {
        Console.error(journal ? "<6>" + message : "spikertd: " + message)
    }
}
