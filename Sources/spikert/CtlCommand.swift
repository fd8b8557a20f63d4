import CSystem
import SpikeControl
import SpikeHost
import SpikeIO

/// `spikert ctl [--socket PATH] METHOD [KEY=VALUE...]`: one request to a running
/// spikertd, so nobody has to type JSON into socat. Values that read as integers are
/// sent as integers, `true`/`false` as booleans, anything else as a string. The answer
/// is printed as the daemon sent it (one JSON line); `subscribe` then prints every
/// notification until the daemon goes away or the user interrupts.
enum CtlCommand {
    static let command = Command(
        name: "ctl",
        summary: "send one request to a running spikertd (status, counters, reward, ...)",
        run: { args in run(&args) })

    static func run(_ args: inout Arguments) -> ExitCode {
        var socket = ""
        var method = ""
        var params: [JSONMember] = []
        while !args.isAtEnd {
            if args.take("--help") || args.take("-h") {
                printUsage(to: Console.out)
                return .success
            }
            switch args.takeValue("--socket") {
            case .present(let path): socket = path; continue
            case .missing: return usageError("--socket needs a path")
            case .absent: break
            }
            let word = args.take() ?? ""
            if Arguments.looksLikeOption(word) { return usageError("unknown option '\(word)'") }
            if method.isEmpty {
                method = word
                continue
            }
            guard let member = parameter(word) else {
                return usageError("parameters are KEY=VALUE, not '\(word)'")
            }
            params.append(member)
        }
        guard !method.isEmpty else { return usageError("no method given (status, counters, reward, ...)") }
        if socket.isEmpty { socket = DaemonPaths.socket() }
        let request = JSONWriter.line { o in
            o.integer("id", 1)
            o.string("method", method)
            if !params.isEmpty { o.value("params", .object(params)) }
        }
        // A daemon that closes the connection must not kill the client with SIGPIPE.
        try? Signals.ignoreBrokenPipe()
        let connection: FileDescriptor
        do { connection = try UnixConnector.connect(path: socket) } catch {
            Console.error("\(ToolInfo.name) ctl: cannot connect to \(socket): \(error.message) (is spikertd running? --socket PATH)")
            return .failure
        }
        var failure: SystemError? = nil
        let fd = connection.rawValue
        request.withUnsafeBytes { raw in
            do throws(SystemError) { try Syscall.writeAll(fd, raw) } catch { failure = error }
        }
        if let failure {
            // The daemon may have refused the connection with an error line before
            // closing it (too many clients, credentials): show that rather than EPIPE.
            let answered = relay(connection, streaming: false)
            if answered == .success || answered == .failure && failure.code != EPIPE {
                Console.error("\(ToolInfo.name) ctl: cannot send the request: \(failure.message)")
            }
            return .failure
        }
        return relay(connection, streaming: Arguments.matches(method, "subscribe"))
    }

    /// Print the answer (and, when streaming, every later line) to stdout; exit 1 when
    /// the answer is an error (its message also goes to stderr).
    private static func relay(_ connection: borrowing FileDescriptor, streaming: Bool) -> ExitCode {
        var assembler = LineAssembler()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 16)
        defer { buffer.deallocate() }
        var status: ExitCode? = nil
        while true {
            let n: Int
            do { n = try connection.read(into: buffer) } catch {
                Console.error("\(ToolInfo.name) ctl: \(error.message)")
                return .failure
            }
            if n <= 0 { break }
            assembler.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) { line in
                guard case .line(let bytes) = line else { return }
                _ = Console.outBytes(Array(bytes) + [10])
                if status == nil {
                    let isError = (try? JSONValue(parsing: bytes))?["error"] != nil
                    status = isError ? .failure : .success
                }
            }
            if status != nil && !streaming { break }
        }
        return status ?? .failure
    }

    private static func parameter(_ word: String) -> JSONMember? {
        let bytes = Array(word.utf8)
        guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")), eq > 0 else { return nil }
        let key = Array(bytes[0..<eq])
        let text = String(decoding: bytes[(eq + 1)...], as: UTF8.self)
        if Arguments.matches(text, "true") { return JSONMember(key: key, value: .bool(true)) }
        if Arguments.matches(text, "false") { return JSONMember(key: key, value: .bool(false)) }
        if let v = integer(Array(text.utf8)) { return JSONMember(key: key, value: .integer(v)) }
        return JSONMember(key: key, value: .text(text))
    }

    private static func integer(_ bytes: [UInt8]) -> Int64? {
        var digits = bytes[...]
        var negative = false
        if digits.first == UInt8(ascii: "-") { negative = true; digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value: Int64 = 0
        for b in digits {
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int64(b - 48)
        }
        return negative ? -value : value
    }

    private static func usageError(_ message: String) -> ExitCode {
        UsageError.report("ctl", message, usage: printUsage(to:))
    }

    static func printUsage(to emit: (String) -> Void) {
        emit("usage: \(ToolInfo.name) ctl [--socket PATH] METHOD [KEY=VALUE...]")
        emit("")
        emit("Sends one request to a running spikertd over its control socket and prints the")
        emit("answer (one JSON line). Exit status 1 when the daemon answers with an error.")
        emit("")
        emit("  status                       tick, state hash, learning, power, checkpoints")
        emit("  counters                     work, events (late, dropped, rejected), wake-ups")
        emit("  reward value=Q16 [tick=T]    a reward now (or at tick T), e.g. value=65536")
        emit("  learning enabled=true|false [a_plus=N ...]   learning on/off, its rates")
        emit("  power mode=normal|full|low [fold=N] [scale=Q16]")
        emit("  checkpoint | reload | pause | resume")
        emit("  subscribe [spikes=true] [events=true]   print notifications until interrupted")
        emit("")
        emit("  --socket PATH   default $RUNTIME_DIRECTORY/control.sock, else /run/spikertd/control.sock")
    }
}
