import CSystem
import SpikeGPIO
import SpikeHost

// The process entry point, one per build mode (as in the CLI): Embedded Swift has no
// `CommandLine`, so there the daemon exports C's `main` itself.

/// The libgpiod backend this build was compiled against: the one its gpiod.h speaks,
/// chosen at build time from the library's pkg-config version (SPIKERT_LIBGPIOD2, set
/// by Package.swift and cross/embedded-build.sh).
#if SPIKERT_LIBGPIOD2
typealias GPIOBackendOfThisBuild = Libgpiod2Backend
#else
typealias GPIOBackendOfThisBuild = Libgpiod1Backend
#endif

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
        switch Daemon<GPIOBackendOfThisBuild>.start(options, backend: GPIOBackendOfThisBuild()) {
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
