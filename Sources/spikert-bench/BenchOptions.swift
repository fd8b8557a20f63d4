import SpikeHost

/// What to run and how to report it, from the command line.
///
///     spikert-bench [--json] [--quick] [--stdp] [--ticks N] [--repeat N] [FILE|DIR ...]
///
/// A FILE is a `.workload` file written by tools/workloads.py; a DIR a folder of them
/// with an `index` file that names them. No argument means `out/workloads`.
struct BenchOptions {
    static let usage = """
        usage: spikert-bench [--json] [--quick] [--stdp] [--ticks N] [--repeat N] [FILE|DIR ...]
          FILE       a workload (NAME.workload from tools/workloads.py: it names the model
                     blob, the learning variant's blob and the input spike file)
          DIR        a folder with an `index` file listing .workload files (default out/workloads)
          --ticks N  run the first N ticks of each workload (default: all of its input)
          --repeat N timed passes over the ticks after one warm-up pass (default 5);
                     0 = a single timed pass without warm-up (instruction counting)
          --quick    100 ticks, one pass without warm-up: for emulators
          --json     one JSON object per workload on stdout instead of the table
          --stdp     also run each workload's learning blob (pair STDP on every
                     projection: the W-A+STDP row of docs/WORKLOADS.md), its passes taking
                     turns with the frozen ones, and print its cost relative to frozen
        code_B / code_bytes: bytes of SpikeCore machine code in this binary (its ELF
        symbol table, read from /proc/self/exe; "-" / null when stripped)
        progress goes to stderr; exit status 1 on any error or checksum mismatch, 2 on a
        bad command line
        """

    /// The largest --ticks and --repeat: far above any workload, and small enough that
    /// ticks × passes of samples fit in memory.
    static let maximumCount = 100_000_000

    var json = false
    var stdp = false
    var ticks: Int? = nil
    var repeats = 5
    var paths: [String] = []
    var help = false

    init(_ arguments: Arguments) throws(BenchError) {
        var args = arguments
        var quick = false
        var explicitRepeat = false
        while !args.isAtEnd {
            if args.take("--json") {
                json = true
            } else if args.take("--stdp") {
                stdp = true
            } else if args.take("--quick") {
                quick = true
            } else if args.take("-h") || args.take("--help") {
                help = true
            } else if let n = try BenchOptions.count(&args, "--ticks", minimum: 1) {
                ticks = n
            } else if let n = try BenchOptions.count(&args, "--repeat", minimum: 0) {
                repeats = n
                explicitRepeat = true
            } else if let word = args.take() {
                guard !Arguments.looksLikeOption(word) else {
                    throw BenchError("unknown option \(word)")
                }
                paths.append(word)
            }
        }
        if quick {
            if ticks == nil { ticks = 100 }
            if !explicitRepeat { repeats = 0 }
        }
        if paths.isEmpty { paths.append("out/workloads") }
    }

    /// `--name N` (or `--name=N`) with N ≥ `minimum`, nil when the next word is not it.
    private static func count(_ args: inout Arguments, _ name: StaticString, minimum: Int)
        throws(BenchError) -> Int?
    {
        switch args.takeValue(name) {
        case .absent:
            return nil
        case .missing:
            throw BenchError(args.missingValue(name, "N"))
        case .present(let word):
            guard let n = Arguments.parseCount(word, limit: maximumCount), n >= minimum else {
                throw BenchError("\(name) needs a number from \(minimum) to \(maximumCount), not '\(word)'")
            }
            return n
        }
    }
}
