/// A reference workload read from a file written by tools/workloads.py.
///
/// Format (little-endian, version 1; the script's docstring is the full description):
///
///     "SPKW"  u16 version=1  u16 P  u32 T  char[16] name  u32 reserved
///     P × u32 population sizes
///     (P−1) × { u8 shift, u8 model=1 (LIF), u8 reset=0 (subtract),
///               u8 timing=0 (delayed), i32 beta (Q16), i32 threshold,
///               u32 float activity (ppm) }
///     (P−1) int8 matrices, row-major [pre][post]
///     T frames of ceil(n0/8) bytes: neuron j of tick t = bit (j & 7) of byte j >> 3
///
/// The weight and frame pointers point into `file`, which the workload owns.
struct Workload {
    static let maxPopulations = 16

    let file: FileBytes
    let name: String
    /// Population sizes, input first.
    let sizes: [Int]
    let layers: [WorkloadLayer]
    /// One matrix per layer, `sizes[l] × sizes[l+1]` int8, inside `file`.
    let weights: [UnsafePointer<Int8>]
    let ticks: Int
    let frameStride: Int
    let frames: UnsafePointer<UInt8>

    init(path: [CChar]) throws(BenchError) {
        let file = try FileBytes(path: path)
        do throws(BenchError) {
            try self.init(file: file)
        } catch {
            file.free()
            throw BenchError(FileBytes.display(path) + ": " + error.message)
        }
    }

    private init(file: FileBytes) throws(BenchError) {
        var r = ByteReader(file.buffer)
        let magic = try r.take(4, "magic")
        guard magic.load(fromByteOffset: 0, as: UInt8.self) == 0x53,  // S P K W
              magic.load(fromByteOffset: 1, as: UInt8.self) == 0x50,
              magic.load(fromByteOffset: 2, as: UInt8.self) == 0x4B,
              magic.load(fromByteOffset: 3, as: UInt8.self) == 0x57
        else { throw BenchError("not a workload file (magic is not SPKW)") }
        let version = try r.u16("version")
        guard version == 1 else { throw BenchError("unsupported version \(version)") }
        let populations = Int(try r.u16("header"))
        guard populations >= 2, populations <= Workload.maxPopulations else {
            throw BenchError("\(populations) populations (2…\(Workload.maxPopulations) allowed)")
        }
        let ticks = Int(try r.u32("header"))
        let nameBytes = try r.take(16, "name")
        var name: [UInt8] = []
        for k in 0..<16 {
            let c = nameBytes.load(fromByteOffset: k, as: UInt8.self)
            if c == 0 { break }
            guard c >= 0x20, c < 0x7F, c != 0x22, c != 0x5C else {
                throw BenchError("name is not printable ASCII")
            }
            name.append(c)
        }
        _ = try r.u32("header")
        var sizes: [Int] = []
        for _ in 0..<populations {
            let n = Int(try r.u32("sizes"))
            guard n >= 1, n <= 65535 else { throw BenchError("population size \(n)") }
            sizes.append(n)
        }
        var layers: [WorkloadLayer] = []
        for _ in 1..<populations {
            let shift = Int(try r.u8("layer"))
            let model = try r.u8("layer"), reset = try r.u8("layer"), timing = try r.u8("layer")
            guard model == 1, reset == 0, timing == 0 else {
                throw BenchError("layer is not LIF / subtract / delayed")
            }
            layers.append(WorkloadLayer(
                shift: shift, beta: try r.i32("layer"), threshold: try r.i32("layer"),
                floatActivityPPM: try r.u32("layer")))
        }
        var weights: [UnsafePointer<Int8>] = []
        for l in 1..<populations {
            let raw = try r.take(sizes[l - 1] * sizes[l], "weights")
            weights.append(raw.assumingMemoryBound(to: Int8.self))
        }
        let stride = (sizes[0] + 7) / 8
        let frames = try r.take(ticks * stride, "input frames")
        guard r.remaining == 0 else { throw BenchError("\(r.remaining) bytes after the frames") }
        self.file = file
        self.name = String(decoding: name, as: UTF8.self)
        self.sizes = sizes
        self.layers = layers
        self.weights = weights
        self.ticks = ticks
        self.frameStride = stride
        self.frames = frames.assumingMemoryBound(to: UInt8.self)
    }

    /// "784-1000-10"
    var shape: String {
        var text = ""
        for (k, n) in sizes.enumerated() { text += (k == 0 ? "" : "-") + "\(n)" }
        return text
    }

    func free() { file.free() }
}
