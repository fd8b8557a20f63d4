import CSystem
import SpikeHost

// The process entry point, one per build mode, both handing C's argc/argv to the same
// benchmark (as spikert does): Embedded Swift has no `CommandLine` and its generated
// `main` drops argv, so there the tool exports the C `main` itself (the Embedded build
// passes -parse-as-library when there is no main.swift); full Swift uses `@main`.

#if hasFeature(Embedded)
@_cdecl("main")
func benchMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    Console.finish("spikert-bench", Benchmark.run(Arguments(argc: argc, argv: argv))).rawValue
}
#else
@main
enum BenchMain {
    static func main() {
        let code = Console.finish("spikert-bench", Benchmark.run(
            Arguments(argc: CommandLine.argc, argv: CommandLine.unsafeArgv)))
        exit(code.rawValue)
    }
}
#endif
