import CSystem
import SpikeHost

// The process entry point, one per build mode, both handing C's argc/argv to the same
// dispatcher. Embedded Swift has no `CommandLine` and its generated `main` drops argv,
// so there the tool exports the C `main` itself (this needs `-parse-as-library`, which
// the Embedded build passes); full Swift uses `@main` and `CommandLine`.

#if hasFeature(Embedded)
@_cdecl("main")
func spikertMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>)
    -> Int32
{
    Console.finish("spikert", CommandDispatcher.run(Arguments(argc: argc, argv: argv))).rawValue
}
#else
@main
enum SpikertMain {
    static func main() {
        let code = Console.finish("spikert", CommandDispatcher.run(
            Arguments(argc: CommandLine.argc, argv: CommandLine.unsafeArgv)))
        exit(code.rawValue)
    }
}
#endif
