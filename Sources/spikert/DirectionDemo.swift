import SpikeCore
import SpikeHost

/// One run of the demo: build the detector, play the scene through it, report.
///
/// Everything the user sees comes from the public SpikeCore API: spikes per tick for the
/// raster, COUNT decoders windowed per phase for the decisions, the network's work
/// counters and its state hash (the number to compare across machines and builds).
struct DirectionDemo {
    let ticks: Int

    /// Widest plot, in text columns, so a line fits an 80-column terminal.
    static let plotColumns = 60
    /// Width of the raster's row labels.
    static let labelWidth = 17

    func run() -> ExitCode {
        do throws(SpikeError) {
            return try runChecked()
        } catch {
            Console.error("\(ToolInfo.name) demo: the runtime refused the demo network: "
                          + error.message)
            return .failure
        }
    }

    private func runChecked() throws(SpikeError) -> ExitCode {
        let detector = DirectionDetector()
        let arenaBytes = try detector.arenaSize()
        guard let arena = AlignedArena(byteCount: arenaBytes) else {
            Console.error("\(ToolInfo.name) demo: cannot allocate \(arenaBytes) bytes of arena")
            return .failure
        }
        var network = try detector.makeNetwork(in: arena.bytes)
        printHeader(detector: detector, arenaBytes: arenaBytes)

        var scene = BarScene(totalTicks: ticks)
        let rows = DirectionDemo.rasterRows()
        var raster = SpikeRaster(rows: rows.count, ticks: UInt64(ticks),
                                 maxColumns: DirectionDemo.plotColumns)
        var stimulus = [UInt8](repeating: UInt8(ascii: " "), count: raster.columns)
        var tallies: [PhaseTally] = []
        var retinaEvents = 0
        var quietTicks = 0
        for phase in scene.phases {
            network.resetDecoders()
            for tick in phase.start..<phase.end {
                try scene.advance(tick: tick, phase: phase, network: &network)
                let before = network.counters.synapticEvents
                network.step()
                if network.counters.synapticEvents == before { quietTicks += 1 }
                retinaEvents += try network.spikes(population: DirectionDetector.retina).count
                if let c = raster.column(of: UInt64(tick)), UInt64(tick) % raster.ticksPerColumn == 0 {
                    stimulus[c] = phase.symbol
                }
                for (r, row) in rows.enumerated()
                where row.fired(in: try network.spikes(population: row.population)) {
                    raster.add(row: r, tick: UInt64(tick))
                }
            }
            tallies.append(try DirectionDemo.tally(phase, network))
        }

        Console.out("")
        Console.out(TextFormat.left("tick", DirectionDemo.labelWidth) + raster.axis())
        Console.out(TextFormat.left("stimulus", DirectionDemo.labelWidth) + TextFormat.ascii(stimulus))
        for (r, row) in rows.enumerated() {
            Console.out(TextFormat.left(row.label, DirectionDemo.labelWidth)
                        + raster.line(row: r, marks: .presence))
        }
        Console.out("one column = \(raster.ticksPerColumn) ticks;  | spike  . none;  "
                    + "stimulus > right  < left  - still")
        Console.out("")
        let ticksWidth = 2 * "\(ticks)".utf8.count + 2
        Console.out(PhaseTally.header(ticksWidth: ticksWidth))
        for tally in tallies { Console.out(tally.row(ticksWidth: ticksWidth)) }
        Console.out("")
        printWork(network.counters, ticks: network.tick, retinaEvents: retinaEvents,
                  quietTicks: quietTicks)
        Console.out("state hash      \(TextFormat.hex64(network.stateHash()))"
                    + "  (after tick \(network.tick - 1); compare across builds and targets)")
        arena.release()

        var wrong = 0
        for tally in tallies where !tally.isCorrect { wrong += 1 }
        if wrong == 0 {
            Console.out("result          PASS: every phase classified correctly")
            return .success
        }
        Console.out("result          FAIL: \(wrong) of \(tallies.count) phases misclassified")
        Console.error("\(ToolInfo.name) demo: the direction detector misclassified \(wrong) "
                      + "phase(s); see the table above")
        return .failure
    }

    private func printHeader(detector: DirectionDetector, arenaBytes: Int) {
        let w = DirectionDetector.width, h = DirectionDetector.height
        let delay = DirectionDetector.stepTicks
        func layer(_ label: String, _ what: String, _ next: String) {
            let line = TextFormat.left(label, 9) + what
            Console.out(next.utf8.isEmpty ? line : TextFormat.left(line, 53) + next)
        }
        Console.out("SpikeRT demo: a spiking direction detector watches a bar on a "
                    + "\(w)x\(h) event camera")
        layer("network", "retina \(w)x\(h)x2 INPUT, DELTA encoder ON/OFF", "-> CONV2D 3x3")
        layer("", "edges  \(w)x\(h)x2 LIF", "-> SPARSE, delays 0 and \(delay)")
        layer("", "motion \(DirectionDetector.motionNeurons) LIF, Reichardt correlators",
              "-> DENSE")
        layer("", "output 2 LIF, LEFT->RIGHT and RIGHT->LEFT", "")
        Console.out(TextFormat.left("", 9) + "\(detector.neuronCount) neurons, "
                    + "\(detector.weightCount) int8 weights, arena \(arenaBytes) bytes")
        Console.out("scene    \(BarScene.barWidth)x\(BarScene.barHeight) bright bar, "
                    + "1 pixel per \(delay) ticks, \(ticks) ticks")
    }

    private func printWork(_ c: NetworkCounters, ticks: UInt64, retinaEvents: Int,
                           quietTicks: Int) {
        Console.out("work            \(ticks) ticks, \(c.neuronUpdates) neuron updates, "
                    + "\(c.synapticEvents) synaptic events")
        Console.out("spikes          \(retinaEvents) retina events in, \(c.spikes) spikes "
                    + "emitted; \(quietTicks) ticks with no synaptic work")
    }

    /// Both outputs, the four correlators at the centre column, and the ON edge map
    /// along the bar's middle row: the last shows the edge travelling across the
    /// retina as a diagonal.
    private static func rasterRows() -> [RasterRow] {
        let mid = DirectionDetector.width / 2
        let row = BarScene.barTop + BarScene.barHeight / 2
        var rows: [RasterRow] = [
            RasterRow(label: "out LEFT->RIGHT",
                      source: .neuron(population: DirectionDetector.output,
                                      index: DirectionDetector.leftToRight)),
            RasterRow(label: "out RIGHT->LEFT",
                      source: .neuron(population: DirectionDetector.output,
                                      index: DirectionDetector.rightToLeft)),
        ]
        for (direction, name) in [(0, "right"), (1, "left ")] {
            for (polarity, sign) in [(0, "ON "), (1, "OFF")] {
                rows.append(RasterRow(
                    label: "motion \(name) \(sign)",
                    source: .neuron(population: DirectionDetector.motion,
                                    index: DirectionDetector.motionNeuron(
                                        direction: direction, polarity: polarity, x: mid))))
            }
        }
        for x in stride(from: 1, to: DirectionDetector.width, by: 3) {
            rows.append(RasterRow(
                label: "edge ON x=\(x)",
                source: .neuron(population: DirectionDetector.edges,
                                index: DirectionDetector.pixelNeuron(y: row, x: x, polarity: 0))))
        }
        rows.append(RasterRow(label: "retina (any)",
                              source: .anyOf(population: DirectionDetector.retina)))
        return rows
    }

    private static func tally(_ phase: ScenePhase, _ network: borrowing Network)
        throws(SpikeError) -> PhaseTally
    {
        func sum(_ decoder: Int, _ population: Int) throws(SpikeError) -> Int {
            var total = 0
            for j in 0..<(try network.populationSize(population)) {
                total += Int(try network.decoderValue(decoder, neuron: j))
            }
            return total
        }
        return PhaseTally(
            phase: phase,
            leftToRight: Int(try network.decoderValue(DirectionDetector.outputCounts,
                                                      neuron: DirectionDetector.leftToRight)),
            rightToLeft: Int(try network.decoderValue(DirectionDetector.outputCounts,
                                                      neuron: DirectionDetector.rightToLeft)),
            motionSpikes: try sum(DirectionDetector.motionCounts, DirectionDetector.motion),
            edgeSpikes: try sum(DirectionDetector.edgeCounts, DirectionDetector.edges))
    }
}
