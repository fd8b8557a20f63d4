import SpikeCore
import SpikeHost

/// `spikertd --help`: written from the option table, so it lists exactly what the
/// parser accepts; the packaged man page is generated from it.
enum DaemonUsage {
    static var version: String { "\(SpikeVersion.text)" }

    static func print(to emit: (String) -> Void) {
        emit("usage: spikertd --model FILE [OPTIONS]")
        emit("       spikertd --config /etc/spikertd/spikertd.conf")
        emit("")
        emit("Runs a spiking network on a small Linux board: GPIO edges (libgpiod), IIO sensor")
        emit("samples and replayed spike files in, spikes out (GPIO lines, a spike file, JSON")
        emit("lines, control-socket subscribers), learning online, checkpointing learned state")
        emit("atomically, and sleeping without any timer while the network is quiescent.")
        emit("Control: JSON lines on a Unix socket (spikert ctl; docs/DAEMON.md). Signals:")
        emit("SIGTERM/SIGINT checkpoint and stop, SIGHUP reloads the model (kept if invalid).")
        emit("")
        emit("Options (config-file key in brackets; flags override the file):")
        for option in DaemonOption.all {
            var head = "  \(option.flag)"
            if !option.isSwitch { head += " \(option.valueName)" }
            emit(option.named("--config") ? head : head + "  [\(option.key)]")
            wrap("\(option.help)", indent: 6, width: 86, emit)
        }
        emit("  --help, --version")
        emit("")
        emit("Exit status: 0 after a clean stop; 2 for a bad flag, config file, board profile,")
        emit("line name or model (the message names the value); 1 when something valid cannot be")
        emit("set up or fails at run time (a busy line, the socket, the timer).")
    }

    /// Emit `text` in lines of at most `width` bytes, indented.
    private static func wrap(_ text: String, indent: Int, width: Int, _ emit: (String) -> Void) {
        var line: [UInt8] = []
        let pad = [UInt8](repeating: 32, count: indent)
        for word in Array(text.utf8).split(separator: 32) {
            if !line.isEmpty && pad.count + line.count + 1 + word.count > width {
                emit(String(decoding: pad + line, as: UTF8.self))
                line = []
            }
            if !line.isEmpty { line.append(32) }
            line.append(contentsOf: word)
        }
        if !line.isEmpty { emit(String(decoding: pad + line, as: UTF8.self)) }
    }
}
