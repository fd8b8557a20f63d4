import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel

/// `spikert inspect MODEL`: what a blob contains — populations and their parameters,
/// projections with shapes, encoders, decoders — and what it costs in memory.
enum InspectCommand {
    static let command = Command(
        name: "inspect",
        summary: "show a model blob's structure, parameters and memory use",
        run: { args in run(&args) })

    static func run(_ args: inout Arguments) -> ExitCode {
        if args.take("--help") || args.take("-h") {
            printUsage(to: Console.out)
            return .success
        }
        guard let path = args.take() else {
            return UsageError.report("inspect", "no model blob given", usage: printUsage(to:))
        }
        guard !Arguments.looksLikeOption(path) else {
            return UsageError.report("inspect", "unknown option '\(path)'", usage: printUsage(to:))
        }
        guard args.isAtEnd else {
            return UsageError.report("inspect", "one model at a time", usage: printUsage(to:))
        }
        let opened: ModelFile
        switch ModelFile.open(path, copyTensors: false) {
        case .success(let file): opened = file
        case .failure(let failure):
            Console.error("\(ToolInfo.name) inspect: \(failure.message)")
            return failure.isInputError ? .badInput : .failure
        }
        let copiedBytes: Int
        switch ModelFile.open(path, copyTensors: true) {
        case .success(let file): copiedBytes = file.arenaBytes
        case .failure: copiedBytes = 0
        }
        do {
            try describe(opened, path: path, copiedBytes: copiedBytes)
        } catch {
            Console.error("\(ToolInfo.name) inspect: \(error.message)")
            return .failure
        }
        return .success
    }

    private static func name(_ n: ModelName) -> String {
        guard let n else { return "-" }
        return TextFormat.ascii(Array(n))
    }

    private static func describe(_ file: borrowing ModelFile, path: String, copiedBytes: Int) throws(SpikeError) {
        let meta = file.model.metadata
        Console.out("\(path): model '\(TextFormat.ascii(Array(meta.name)))' by "
            + "\(TextFormat.ascii(Array(meta.producer))), dt \(meta.dtNanoseconds) ns, seed "
            + TextFormat.hex64(file.model.network.modelSeed) + (file.model.restoredState ? ", checkpoint at tick \(file.model.network.tick)" : ""))
        var neurons = 0, synapses = 0, weightBytes = 0
        Console.out("populations (\(file.model.network.populationCount)):")
        for p in 0..<file.model.network.populationCount {
            let s = try file.model.network.populationSpec(p)
            neurons += s.size
            var line = "  [\(p)] " + TextFormat.left(name(file.model.populationName(p)), 10)
                + TextFormat.left(modelName(s.model), 7) + "n=" + TextFormat.left("\(s.size)", 7)
            if s.model != .input {
                line += "threshold=\(s.threshold) beta=\(s.beta) reset=\(resetName(s.reset))/"
                    + (s.resetTiming == .delayed ? "delayed" : "immediate")
                if s.refractory != 0 { line += " refractory=\(s.refractory)" }
                if s.bias != 0 { line += " bias=\(s.bias)" }
                if s.model == .cuba { line += " alpha=\(s.alpha)" }
                if s.model == .adaptiveLIF { line += " adapt_inc=\(s.adaptIncrement) adapt_decay=\(s.adaptDecay)" }
                if s.model == .izhikevich {
                    line += " a=\(s.izhA) b=\(s.izhB) c=\(s.izhC) d=\(s.izhD) v_peak=\(s.vPeak)"
                }
            }
            Console.out(line)
        }
        Console.out("projections (\(file.model.network.projectionCount)):")
        for j in 0..<file.model.network.projectionCount {
            let q = try file.model.network.projectionSpec(j)
            synapses += q.weights.count
            weightBytes += q.weights.count + q.rowPointers.count * 4 + q.columns.count * 2
            let plastic = j < meta.plastic.count && meta.plastic[j] != 0
            Console.out("  [\(j)] " + TextFormat.left(name(file.model.projectionName(j)), 16)
                + TextFormat.left("\(q.source)->\(q.target)", 7) + TextFormat.left(kindName(q.kind), 11)
                + "synapses=" + TextFormat.left("\(q.weights.count)", 9)
                + "shift=\(q.shift) delay=\(q.delay)" + (plastic ? " plastic" : ""))
        }
        for e in 0..<file.model.network.encoderCount {
            let s = try file.model.network.encoderSpec(e)
            Console.out("encoder [\(e)] \(name(file.model.encoderName(e))): \(encoderName(s.kind)) on population "
                + "\(s.population), parameter \(s.parameter)")
        }
        for d in 0..<file.model.network.decoderCount {
            let s = try file.model.network.decoderSpec(d)
            Console.out("decoder [\(d)] \(name(file.model.decoderName(d))): \(decoderName(s.kind)) of population "
                + "\(s.population)")
        }
        Console.out("memory   \(neurons) neurons, \(synapses) synapses, \(weightBytes) tensor bytes")
        Console.out("arena    \(file.arenaBytes) bytes with tensors used in place, \(copiedBytes) with "
            + "tensors copied")
        // What a C program's spk_arena_size says: the same arena plus the handle the
        // C ABI keeps at its start.
        if let cBytes = try? ArenaQuery.inPlace(UnsafeRawBufferPointer(file.file.bytes)) {
            Console.out("C ABI    spk_arena_size: \(cBytes) bytes in place (the handle included; "
                + "on this 64-bit host, 32-bit targets need less)")
        }
        Console.out("per unit " + perUnit(weightBytes, synapses, "synapse") + " (tensors); "
            + perUnit(file.arenaBytes, neurons, "neuron") + " (arena with tensors in place)")
    }

    private static func perUnit(_ bytes: Int, _ count: Int, _ unit: String) -> String {
        guard count > 0 else { return "-" }
        let tenths = bytes * 10 / count
        return "\(tenths / 10).\(tenths % 10) bytes per \(unit)"
    }

    static func modelName(_ m: NeuronModel) -> String {
        switch m {
        case .input: return "input"
        case .lif: return "lif"
        case .cuba: return "cuba"
        case .integrateAndFire: return "if"
        case .leakyIntegrator: return "li"
        case .adaptiveLIF: return "alif"
        case .izhikevich: return "izh"
        }
    }

    static func resetName(_ r: ResetMode) -> String {
        switch r {
        case .subtract: return "subtract"
        case .zero: return "zero"
        case .none: return "none"
        }
    }

    static func kindName(_ k: ProjectionKind) -> String {
        switch k {
        case .dense: return "dense"
        case .sparse: return "sparse"
        case .oneToOne: return "one_to_one"
        case .conv2d: return "conv2d"
        }
    }

    static func encoderName(_ k: EncoderKind) -> String {
        switch k {
        case .rate: return "rate"
        case .latency: return "latency"
        case .delta: return "delta"
        }
    }

    static func decoderName(_ k: DecoderKind) -> String {
        switch k {
        case .count: return "count"
        case .firstSpike: return "first spike"
        case .membrane: return "membrane"
        }
    }

    static func printUsage(to emit: (String) -> Void) {
        emit("usage: \(ToolInfo.name) inspect MODEL.spkb")
        emit("")
        emit("Prints the model's populations, projections, encoders and decoders with their")
        emit("parameters, and the memory it needs (arena bytes with tensors in place and copied).")
    }
}
