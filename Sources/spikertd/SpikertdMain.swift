import CSystem
import SpikeGPIO
import SpikeHost

// The process entry point, one per build mode (as in the CLI): Embedded Swift has no
// `CommandLine`, so there the daemon exports C's `main` itself.

/// Parse, start, run; the exit status says how it ended (DaemonUsage lists them).
enum SpikertdEntry {
    static func run(_ arguments: Arguments) -> Int32 {
        let options: DaemonOptions
        switch DaemonCommandLine.parse(arguments) {
        case .success(.exit(let code)): return code.rawValue
        case .success(.run(let parsed)): options = parsed
        case .failure(let failure):
            Log.error(failure.message)
            return ExitCode.usage.rawValue
        }
        switch Daemon<Libgpiod1Backend>.start(options, backend: Libgpiod1Backend()) {
        case .failure(let failure):
            Log.error(failure.message)
            return failure.status
        case .success(let daemon):
            return daemon.run().rawValue
        }
    }
}

#if hasFeature(Embedded)
@_cdecl("main")
func spikertdMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    SpikertdEntry.run(Arguments(argc: argc, argv: argv))
}
#else
@main
enum SpikertdMain {
    static func main() {
        exit(SpikertdEntry.run(Arguments(argc: CommandLine.argc, argv: CommandLine.unsafeArgv)))
    }
}
#endif
