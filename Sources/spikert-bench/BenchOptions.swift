/// What to run and how to report it, from the command line.
///
///     spikert-bench [--json] [--quick] [--ticks N] [--repeat N] [FILE|DIR ...]
///
/// A DIR is a folder written by tools/workloads.py: its `index` file names the workload
/// files in it. No argument means `out/workloads`.
struct BenchOptions {
    static let usage = """
        usage: spikert-bench [--json] [--quick] [--stdp] [--ticks N] [--repeat N] [FILE|DIR ...]
          FILE       a workload file (.spkw) from tools/workloads.py
          DIR        a folder with an `index` file listing workload files (default out/workloads)
          --ticks N  run the first N ticks of each workload (default: all in the file)
          --repeat N timed passes over the ticks after one warm-up pass (default 5);
                     0 = a single timed pass without warm-up (instruction counting)
          --quick    100 ticks, one pass without warm-up: for emulators
          --json     one JSON object per workload on stdout instead of the table
          --stdp     also run each workload with pair STDP on every projection (the
                     W-A+STDP row of WORKLOADS.md), its passes taking turns with the
                     frozen ones, and print its cost relative to frozen
        code_B / code_bytes: bytes of SpikeCore machine code in this binary (its ELF
        symbol table, read from /proc/self/exe; "-" / null when stripped)
        progress goes to stderr; exit status 1 on any error or checksum mismatch
        """

    var json = false
    var stdp = false
    var ticks: Int? = nil
    var repeats = 5
    var paths: [[CChar]] = []
    var help = false

    init(arguments: [[CChar]]) throws(BenchError) {
        var quick = false
        var explicitRepeat = false
        var k = 0
        while k < arguments.count {
            let a = arguments[k]
            if ProcessArguments.matches(a, "--json") {
                json = true
            } else if ProcessArguments.matches(a, "--stdp") {
                stdp = true
            } else if ProcessArguments.matches(a, "--quick") {
                quick = true
            } else if ProcessArguments.matches(a, "-h") || ProcessArguments.matches(a, "--help") {
                help = true
            } else if ProcessArguments.matches(a, "--ticks") || ProcessArguments.matches(a, "--repeat") {
                let isTicks = ProcessArguments.matches(a, "--ticks")
                guard k + 1 < arguments.count,
                      let n = ProcessArguments.decimal(arguments[k + 1]), n >= (isTicks ? 1 : 0)
                else {
                    throw BenchError("\(FileBytes.display(a)) needs a number ≥ \(isTicks ? 1 : 0)")
                }
                if isTicks { ticks = n } else {
                    repeats = n
                    explicitRepeat = true
                }
                k += 1
            } else if a.first == 45 {  // "-"
                throw BenchError("unknown option \(FileBytes.display(a))")
            } else {
                paths.append(a)
            }
            k += 1
        }
        if quick {
            if ticks == nil { ticks = 100 }
            if !explicitRepeat { repeats = 0 }
        }
        if paths.isEmpty { paths.append(Array("out/workloads".utf8CString)) }
    }
}
