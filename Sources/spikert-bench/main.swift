import CSystem

// spikert-bench: times the reference workloads of WORKLOADS.md (files written by
// tools/workloads.py) and prints one result per workload. Top-level code because the
// Embedded build script compiles a main.swift as the entry point; see BenchOptions for
// the command line and docs/BENCHMARKS.md for how the numbers are used.

func runBenchmark() -> Int32 {
    let options: BenchOptions
    let files: [[CChar]]
    do throws(BenchError) {
        options = try BenchOptions(arguments: try ProcessArguments.read())
        files = try WorkloadIndex.expand(options.paths)
    } catch {
        StandardError.line("spikert-bench: " + error.message)
        StandardError.line(BenchOptions.usage)
        return 2
    }
    if options.help {
        print(BenchOptions.usage)
        return 0
    }
    let code = CodeSize.measure()
    if let bytes = code.spikeCoreBytes {
        StandardError.line("spikert-bench: SpikeCore code in this binary: \(bytes) bytes in"
            + " \(code.spikeCoreFunctions) function symbols (.text "
            + (code.textBytes.map { "\($0)" } ?? "?") + " bytes)")
    } else {
        StandardError.line("spikert-bench: SpikeCore code size unknown: " + code.note)
    }
    if !options.json { print(BenchReport.tableHeader) }
    var failures: Int32 = 0
    for path in files {
        do throws(BenchError) {
            let workload = try Workload(path: path)
            defer { workload.free() }
            let ticks = min(options.ticks ?? workload.ticks, workload.ticks)
            guard ticks > 0 else { throw BenchError(workload.name + ": no input frames") }
            let footprint = try ArenaFootprint(workload)
            var frozen = try WorkloadRunner(workload: workload, ticks: ticks,
                                            repeats: options.repeats, learning: false)
            guard options.stdp else {
                while !frozen.finished { try frozen.runNextPass() }
                var result = frozen.result()
                result.code = code
                result.footprint = footprint
                print(options.json ? BenchReport.jsonLine(result) : BenchReport.tableRow(result))
                continue
            }
            // Frozen and learning passes take turns, so the ratio compares like with like.
            var learning = try WorkloadRunner(workload: workload, ticks: ticks,
                                              repeats: options.repeats, learning: true)
            while !frozen.finished {
                try frozen.runNextPass()
                try learning.runNextPass()
            }
            var result = frozen.result(), learned = learning.result()
            result.code = code
            learned.code = code
            result.footprint = footprint
            learned.footprint = footprint
            print(options.json ? BenchReport.jsonLine(result) : BenchReport.tableRow(result))
            print(options.json ? BenchReport.jsonLine(learned) : BenchReport.tableRow(learned))
            if !options.json {
                print("  " + learned.name + " / " + result.name + ": "
                    + DecimalText.ratio(learned.medianNs, result.medianNs)
                    + "x (medians, passes interleaved)")
            }
        } catch {
            StandardError.line("spikert-bench: " + error.message)
            failures = 1
        }
    }
    return failures
}

exit(runBenchmark())
