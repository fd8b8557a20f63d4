/// The hand-set int8 weights of `DirectionDetector`, each explained where it is made.
struct DirectionDetectorTensors {
    /// CONV2D kernel, `[ky][kx][c_in][c_out]`.
    let kernel: HeapBuffer<Int8>
    /// edges -> motion, same column, no delay.
    let direct: SparseTensor
    /// edges -> motion, neighbouring column, delayed by one motion step.
    let delayed: SparseTensor
    /// motion -> output, dense `64 x 2`.
    let readout: HeapBuffer<Int8>

    /// Weight of each edge spike on a motion unit: a 10-pixel bar edge brings 100 from
    /// one side of the correlator, under the threshold of 150.
    static let correlatorWeight: Int8 = 10

    init() {
        kernel = HeapBuffer(DirectionDetectorTensors.lineKernel())
        direct = DirectionDetectorTensors.correlator(offset: 0)
        delayed = DirectionDetectorTensors.correlator(offset: 1)
        readout = HeapBuffer(DirectionDetectorTensors.opponentReadout())
    }

    /// Vertical-line detector, per polarity: +60 down the centre column, -20 on the side
    /// columns (a wide flash of events is not a line), nothing across polarities. A
    /// vertical run of 2-3 events in one column fires the edge neuron (threshold 100).
    private static func lineKernel() -> [Int8] {
        let c = DirectionDetector.polarities
        var w = [Int8](repeating: 0, count: 3 * 3 * c * c)
        for ky in 0..<3 {
            for kx in 0..<3 {
                for p in 0..<c {
                    w[((ky * 3 + kx) * c + p) * c + p] = kx == 1 ? 60 : -20
                }
            }
        }
        return w
    }

    /// Edge neuron `(y, x, p)` feeds the rightward unit of polarity `p` at column
    /// `x + offset` and the leftward unit at `x - offset`. With offset 0 that is the
    /// correlator's direct arm; with offset 1 (and the projection's delay) its delayed
    /// arm, which looks one column back along the preferred direction.
    private static func correlator(offset: Int) -> SparseTensor {
        let w = DirectionDetector.width
        var rows: [[(target: Int, weight: Int8)]] = []
        for _ in 0..<DirectionDetector.height {
            for x in 0..<w {
                for p in 0..<DirectionDetector.polarities {
                    var row: [(target: Int, weight: Int8)] = []
                    if x + offset < w {
                        row.append((DirectionDetector.motionNeuron(direction: 0, polarity: p,
                                                                x: x + offset),
                                    correlatorWeight))
                    }
                    if x - offset >= 0 {
                        row.append((DirectionDetector.motionNeuron(direction: 1, polarity: p,
                                                                x: x - offset),
                                    correlatorWeight))
                    }
                    rows.append(row)
                }
            }
        }
        return SparseTensor(rows: rows)
    }

    /// Every motion unit votes +64 for its own direction and -32 against the other, so
    /// a few stray coincidences of the wrong direction cannot outvote a real motion.
    private static func opponentReadout() -> [Int8] {
        var w: [Int8] = []
        for m in 0..<DirectionDetector.motionNeurons {
            let direction = m / (DirectionDetector.polarities * DirectionDetector.width)
            w.append(direction == 0 ? 64 : -32)  // -> LEFT->RIGHT
            w.append(direction == 0 ? -32 : 64)  // -> RIGHT->LEFT
        }
        return w
    }
}
