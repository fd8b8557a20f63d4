import SpikeCore

/// The demo's network: an event-camera direction detector with hand-set integer weights
/// (a different network from the "motion" model of docs/demo/motion.spkb).
///
/// ```
/// retina  16x16x2 INPUT   DELTA encoder: ON/OFF events per pixel (channel-last)
///   | CONV2D 3x3, pad 1   vertical-line kernels, ON->ON map, OFF->OFF map
/// edges   16x16x2 LIF     fires where a vertical edge event column passes
///   | SPARSE, delay 0     column x       -> motion units at x
///   | SPARSE, delay 4     column x (late) -> rightward unit at x+1, leftward at x-1
/// motion  64 LIF          (direction, polarity, column): fires only on coincidence
///   | DENSE, delay 0      own direction +64, opposite direction -32 (opponent)
/// output  2 LIF           LEFT->RIGHT, RIGHT->LEFT
/// ```
///
/// Each motion unit is a Reichardt correlator: the edge that passed its neighbour one
/// step ago, delayed by the axon, arrives together with the edge now at its own column
/// only when the edge travels toward it at one pixel per `stepTicks`. Either input alone
/// stays below threshold. ON and OFF events are correlated separately (as in the fly's
/// ON/OFF pathways) so the leading edge of a bar cannot pair with its trailing edge.
struct DirectionDetector {
    static let width = 16
    static let height = 16
    /// ON and OFF: the DELTA encoder's two neurons per pixel.
    static let polarities = 2
    /// Ticks per pixel of the motion the detector is tuned to, and the axonal delay.
    static let stepTicks = 4
    static let deltaThreshold: Int32 = 50

    // Population indices.
    static let retina = 0, edges = 1, motion = 2, output = 3
    // Decoder indices: all COUNT, windowed per scene phase.
    static let outputCounts = 0, motionCounts = 1, edgeCounts = 2
    // Output neurons.
    static let leftToRight = 0, rightToLeft = 1

    /// Pixel (y, x), polarity `c` (0 = ON) in the retina or edge map: channel-last.
    static func pixelNeuron(y: Int, x: Int, polarity c: Int) -> Int {
        (y * width + x) * polarities + c
    }

    /// Motion unit of `direction` (0 = rightward, 1 = leftward), polarity and column.
    static func motionNeuron(direction: Int, polarity c: Int, x: Int) -> Int {
        (direction * polarities + c) * width + x
    }

    static var pixelNeurons: Int { width * height * polarities }
    static var motionNeurons: Int { 2 * polarities * width }

    // Kept alive with the value: `spec` points into them.
    private let populations: HeapBuffer<PopulationSpec>
    private let projections: HeapBuffer<ProjectionSpec>
    private let encoders: HeapBuffer<EncoderSpec>
    private let decoders: HeapBuffer<DecoderSpec>
    private let tensors: DirectionDetectorTensors

    init() {
        tensors = DirectionDetectorTensors()
        populations = HeapBuffer(DirectionDetector.populationSpecs())
        projections = HeapBuffer(DirectionDetector.projectionSpecs(tensors))
        encoders = HeapBuffer([
            EncoderSpec(population: DirectionDetector.retina, kind: .delta,
                        parameter: DirectionDetector.deltaThreshold),
        ])
        decoders = HeapBuffer([
            DecoderSpec(population: DirectionDetector.output, kind: .count),
            DecoderSpec(population: DirectionDetector.motion, kind: .count),
            DecoderSpec(population: DirectionDetector.edges, kind: .count),
        ])
    }

    /// The description SpikeCore builds from. Valid while this value is alive.
    var spec: NetworkSpec {
        NetworkSpec(populations: populations.buffer, projections: projections.buffer,
                    encoders: encoders.buffer, decoders: decoders.buffer, seed: 1)
    }

    /// Total neurons and stored weights, for the header line.
    var neuronCount: Int {
        var n = 0
        for p in populations.buffer { n += p.size }
        return n
    }
    var weightCount: Int {
        var n = 0
        for p in projections.buffer { n += p.weights.count }
        return n
    }

    /// Bytes of arena the network needs.
    func arenaSize() throws(SpikeError) -> Int {
        try Network.arenaSize(for: spec)
    }

    /// Build the network in `arena`. The tensors are copied in, so the network does not
    /// depend on this value afterwards.
    func makeNetwork(in arena: UnsafeMutableRawBufferPointer) throws(SpikeError) -> Network {
        try Network(spec: spec, arena: arena)
    }

    private static func populationSpecs() -> [PopulationSpec] {
        let input = PopulationSpec(size: pixelNeurons, model: .input)
        // Threshold 100: two or three ON events in a kernel column (60 each) fire an
        // edge neuron; a lone pixel flicker (60) does not.
        let edge = lif(size: pixelNeurons, threshold: 100)
        // Threshold 150: one side of the correlator brings 10 edges x 10 = 100, both
        // sides together 200.
        let motionUnit = lif(size: motionNeurons, threshold: 150)
        // Threshold 50: any single coincidence (64) fires, after opponent inhibition
        // from the other direction (-32 per unit) is subtracted.
        var out = lif(size: 2, threshold: 50)
        out.refractory = 1
        return [input, edge, motionUnit, out]
    }

    /// A LIF population with β = 0.5 and an immediate reset to 0: what one tick brings
    /// is what counts, half of it is gone a tick later, a sixteenth after one step.
    private static func lif(size: Int, threshold: Int32) -> PopulationSpec {
        var p = PopulationSpec(size: size, model: .lif)
        p.threshold = threshold
        p.beta = 32768
        p.reset = .zero
        p.resetTiming = .immediate
        return p
    }

    private static func projectionSpecs(_ t: DirectionDetectorTensors) -> [ProjectionSpec] {
        var conv = ProjectionSpec(source: retina, target: edges, kind: .conv2d,
                                  weights: t.kernel.buffer)
        conv.conv = Conv2DGeometry(inHeight: height, inWidth: width, inChannels: polarities,
                                   outChannels: polarities, kernelHeight: 3, kernelWidth: 3,
                                   padY: 1, padX: 1)
        var direct = ProjectionSpec(source: edges, target: motion, kind: .sparse,
                                    weights: t.direct.weights.buffer)
        direct.rowPointers = t.direct.rowPointers.buffer
        direct.columns = t.direct.columns.buffer
        var delayed = ProjectionSpec(source: edges, target: motion, kind: .sparse,
                                     weights: t.delayed.weights.buffer)
        delayed.rowPointers = t.delayed.rowPointers.buffer
        delayed.columns = t.delayed.columns.buffer
        delayed.delay = stepTicks
        let readout = ProjectionSpec(source: motion, target: output, kind: .dense,
                                     weights: t.readout.buffer)
        return [conv, direct, delayed, readout]
    }
}
