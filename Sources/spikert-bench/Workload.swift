/// A reference workload read from a file written by tools/workloads.py.
///
/// Two formats (little-endian; the script's docstring is the full description):
///
///     "SPKW"  u16 version  u16 P  u32 T  char[16] name  ...
///
/// Version 1, a chain of LIF layers with DENSE projections (W-A, W-S, W-B, motion;
/// `Workload+Version1.swift`), and version 2, any populations (input, LIF, Izhikevich)
/// and DENSE or SPARSE projections with delays (the reservoirs; `Workload+Version2.swift`).
/// Both end in T input frames of ceil(n0/8) bytes: neuron j of tick t = bit (j & 7) of
/// byte j >> 3. Population 0 is the input and population P−1 the output, whose spikes
/// the checksum covers.
///
/// The weight, CSR and frame pointers point into `file`, which the workload owns.
struct Workload {
    static let maxPopulations = 16
    static let maxProjections = 64

    let file: FileBytes
    let name: String
    let populations: [WorkloadPopulation]
    let projections: [WorkloadProjection]
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
        guard version == 1 || version == 2 else { throw BenchError("unsupported version \(version)") }
        let populationCount = Int(try r.u16("header"))
        guard populationCount >= 2, populationCount <= Workload.maxPopulations else {
            throw BenchError("\(populationCount) populations (2…\(Workload.maxPopulations) allowed)")
        }
        let ticks = Int(try r.u32("header"))
        let name = try Workload.readName(&r)
        let graph = version == 1
            ? try Workload.readVersion1(&r, populations: populationCount)
            : try Workload.readVersion2(&r, populations: populationCount)
        let stride = (graph.populations[0].size + 7) / 8
        if version == 2 { try r.align(4, "input frames") }
        let frames = try r.take(ticks * stride, "input frames")
        guard r.remaining == 0 else { throw BenchError("\(r.remaining) bytes after the frames") }
        self.file = file
        self.name = name
        populations = graph.populations
        projections = graph.projections
        self.ticks = ticks
        frameStride = stride
        self.frames = frames.assumingMemoryBound(to: UInt8.self)
    }

    /// Populations and projections of a file, as its version's reader found them.
    struct Graph {
        var populations: [WorkloadPopulation] = []
        var projections: [WorkloadProjection] = []
    }

    /// The 16-byte, NUL-padded name: printable ASCII without `"` and `\`, so it can go
    /// into JSON as it is.
    private static func readName(_ r: inout ByteReader) throws(BenchError) -> String {
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
        return String(decoding: name, as: UTF8.self)
    }

    var outputPopulation: Int { populations.count - 1 }

    /// "784-1000-10"; "r" after a population with a projection to itself ("100-1000r"),
    /// as tools/workloads.py prints it.
    var shape: String {
        var text = ""
        for (k, p) in populations.enumerated() {
            text += (k == 0 ? "" : "-") + "\(p.size)"
            if projections.contains(where: { $0.source == k && $0.target == k }) { text += "r" }
        }
        return text
    }

    func free() { file.free() }
}
