import SpikeHost

/// spikert-bench: times the reference workloads of docs/WORKLOADS.md (written by
/// tools/workloads.py: model blobs, spike files and a `.workload` file each) and prints
/// one result per workload. BenchOptions has the command line, docs/BENCHMARKS.md how
/// the numbers are used.
enum Benchmark {
    static func run(_ arguments: Arguments) -> ExitCode {
        let options: BenchOptions
        let files: [String]
        do throws(BenchError) {
            options = try BenchOptions(arguments)
            files = options.help ? [] : try WorkloadIndex.expand(options.paths)
        } catch {
            Console.error("spikert-bench: " + error.message)
            Console.error(BenchOptions.usage)
            return .usage
        }
        if options.help {
            Console.out(BenchOptions.usage)
            return .success
        }
        let code = CodeSize.measure()
        if let bytes = code.spikeCoreBytes {
            Console.error("spikert-bench: SpikeCore code in this binary: \(bytes) bytes in"
                + " \(code.spikeCoreFunctions) function symbols (.text "
                + (code.textBytes.map { "\($0)" } ?? "?") + " bytes)")
        } else {
            Console.error("spikert-bench: SpikeCore code size unknown: " + code.note)
        }
        if !options.json { Console.out(BenchReport.tableHeader) }
        var status = ExitCode.success
        for path in files {
            do throws(BenchError) {
                try measure(path, options, code)
            } catch {
                Console.error("spikert-bench: " + error.message)
                status = .failure
            }
        }
        return status
    }

    /// Runs one workload (and its learning variant with --stdp) and prints the results.
    private static func measure(_ path: String, _ options: BenchOptions, _ code: CodeSize)
        throws(BenchError)
    {
        let workload = try Workload(path: path)
        let ticks = min(options.ticks ?? workload.ticks, workload.ticks)
        var frozen = try WorkloadRunner(name: workload.name, path: workload.model, ticks: ticks,
                                        repeats: options.repeats, learning: false)
        let shape = frozen.shape
        if let refusal = shape.refusal { throw BenchError(workload.model + ": " + refusal) }
        let frames = try InputFrames(path: workload.input, inputs: shape.sizes[0], ticks: workload.ticks)
        let footprint = ArenaFootprint(shape, arenaBytes: frozen.arenaBytes,
                                       learningArenaBytes: try WorkloadRunner.open(workload.learningModel).arenaBytes)
        guard options.stdp else {
            while !frozen.finished { try frozen.runNextPass(frames) }
            report(frozen.result(workload), options, code, footprint)
            return
        }
        // Frozen and learning passes take turns, so the ratio compares like with like.
        var learning = try WorkloadRunner(name: workload.name + "+STDP", path: workload.learningModel,
                                          ticks: ticks, repeats: options.repeats, learning: true)
        guard learning.shape.text.utf8.elementsEqual(shape.text.utf8) else {
            throw BenchError(workload.learningModel + ": not the network of " + workload.model)
        }
        while !frozen.finished {
            try frozen.runNextPass(frames)
            try learning.runNextPass(frames)
        }
        let result = frozen.result(workload), learned = learning.result(workload)
        report(result, options, code, footprint)
        report(learned, options, code, footprint)
        if !options.json {
            Console.out("  " + learned.name + " / " + result.name + ": "
                + DecimalText.ratio(learned.medianNs, result.medianNs)
                + "x (medians, passes interleaved)")
        }
    }

    private static func report(_ r: BenchResult, _ options: BenchOptions, _ code: CodeSize,
                               _ footprint: ArenaFootprint)
    {
        var result = r
        result.code = code
        result.footprint = footprint
        Console.out(options.json ? BenchReport.jsonLine(result) : BenchReport.tableRow(result))
    }
}
