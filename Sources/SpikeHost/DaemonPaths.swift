import CSystem

/// Where the daemon keeps its state and its socket when not told: the directories
/// systemd creates for StateDirectory= and RuntimeDirectory= (passed in
/// $STATE_DIRECTORY and $RUNTIME_DIRECTORY, possibly colon-separated lists: the first
/// is used), else the FHS places. The daemon and its client (`spikert ctl`) both ask here.
public enum DaemonPaths {
    public static func stateDirectory() -> String {
        firstOf("STATE_DIRECTORY") ?? "/var/lib/spikertd"
    }

    public static func socket() -> String {
        (firstOf("RUNTIME_DIRECTORY") ?? "/run/spikertd") + "/control.sock"
    }

    private static func firstOf(_ variable: StaticString) -> String? {
        guard let value = getenv(UnsafeRawPointer(variable.utf8Start).assumingMemoryBound(to: CChar.self)) else {
            return nil
        }
        let text = Array(String(cString: value).utf8)
        guard let first = text.split(separator: UInt8(ascii: ":")).first, !first.isEmpty else { return nil }
        return String(decoding: first, as: UTF8.self)
    }
}
