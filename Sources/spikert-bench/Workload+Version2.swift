import SpikeCore

/// Format version 2: any populations and DENSE / SPARSE projections (tools/workloads.py):
///
///     u16 Q projections, u16 reserved
///     P × 44-byte population records:
///         u32 size, u8 model (0 input, 1 LIF, 6 IZH), u8 reset=0, u8 timing=0, u8 0,
///         i32 threshold, i32 beta, i32 v_init, i32 izh_a, izh_b, izh_c, izh_d, v_peak,
///         u32 float activity (ppm)
///     Q × 12-byte projection records:
///         u16 source, u16 target, u8 kind (0 DENSE, 1 SPARSE), u8 shift, u8 delay, u8 0,
///         u32 nnz (weights stored)
///     per projection, each array at a multiple of 4 bytes (zero padding):
///         DENSE nnz int8 | SPARSE (n_src+1) u32 row_ptr, nnz u16 col, nnz int8
///
/// The arrays are used in place as typed buffers (aligned because the file buffer comes
/// from malloc and every array starts at a multiple of 4; little-endian like every
/// target SpikeRT supports). SpikeCore validates the CSR itself when it builds the
/// network, so a bad row pointer or column is reported as its status.
extension Workload {
    static func readVersion2(_ r: inout ByteReader, populations count: Int)
        throws(BenchError) -> Graph
    {
        let projectionCount = Int(try r.u16("header"))
        guard projectionCount >= 1, projectionCount <= Workload.maxProjections else {
            throw BenchError("\(projectionCount) projections (1…\(Workload.maxProjections) allowed)")
        }
        guard try r.u16("header") == 0 else { throw BenchError("reserved header field is not 0") }
        var graph = Graph()
        for k in 0..<count {
            graph.populations.append(try readPopulation(&r, index: k))
        }
        var counts: [Int] = []
        for _ in 0..<projectionCount {
            let source = Int(try r.u16("projection")), target = Int(try r.u16("projection"))
            let kindCode = try r.u8("projection")
            let shift = Int(try r.u8("projection")), delay = Int(try r.u8("projection"))
            _ = try r.u8("projection")
            let nnz = Int(truncatingIfNeeded: try r.u32("projection"))
            guard nnz >= 0, nnz <= r.remaining else {
                throw BenchError("projection of \(nnz) weights in a shorter file")
            }
            guard source < count, target >= 1, target < count else {
                throw BenchError("projection \(source) -> \(target) outside the \(count) populations")
            }
            guard let kind = ProjectionKind(rawValue: kindCode), kind == .dense || kind == .sparse
            else { throw BenchError("projection kind \(kindCode) (0 DENSE, 1 SPARSE allowed)") }
            let dense = graph.populations[source].size * graph.populations[target].size
            guard kind == .sparse || nnz == dense else {
                throw BenchError("DENSE projection with \(nnz) weights, not \(dense)")
            }
            counts.append(nnz)
            graph.projections.append(WorkloadProjection(
                source: source, target: target, kind: kind, shift: shift, delay: delay,
                weights: UnsafeBufferPointer(start: nil, count: 0)))
        }
        for j in 0..<projectionCount {
            let nnz = counts[j]
            if graph.projections[j].kind == .sparse {
                let rows = graph.populations[graph.projections[j].source].size + 1
                try r.align(4, "row pointers")
                graph.projections[j].rowPointers = try typed(&r, rows, UInt32.self, "row pointers")
                try r.align(4, "columns")
                graph.projections[j].columns = try typed(&r, nnz, UInt16.self, "columns")
            }
            try r.align(4, "weights")
            graph.projections[j].weights = try typed(&r, nnz, Int8.self, "weights")
        }
        return graph
    }

    private static func readPopulation(_ r: inout ByteReader, index: Int)
        throws(BenchError) -> WorkloadPopulation
    {
        let size = Int(try r.u32("population"))
        guard size >= 1, size <= 65535 else { throw BenchError("population size \(size)") }
        let code = try r.u8("population")
        let reset = try r.u8("population"), timing = try r.u8("population")
        _ = try r.u8("population")
        guard let model = NeuronModel(rawValue: code),
              index == 0 ? model == .input : (model == .lif || model == .izhikevich)
        else {
            throw BenchError("population \(index) has model \(code)"
                + " (0 INPUT for population 0, else 1 LIF or 6 IZH)")
        }
        guard reset == 0, timing == 0 else {
            throw BenchError("population \(index) is not subtract / delayed reset")
        }
        var p = WorkloadPopulation(size: size, model: model)
        p.threshold = try r.i32("population")
        p.beta = try r.i32("population")
        p.vInit = try r.i32("population")
        p.izhA = try r.i32("population")
        p.izhB = try r.i32("population")
        p.izhC = try r.i32("population")
        p.izhD = try r.i32("population")
        p.vPeak = try r.i32("population")
        p.floatActivityPPM = try r.u32("population")
        return p
    }

    /// The next `count` elements of `T` as a buffer into the file (checked for alignment).
    private static func typed<T>(_ r: inout ByteReader, _ count: Int, _: T.Type,
                                 _ what: StaticString) throws(BenchError) -> UnsafeBufferPointer<T>
    {
        guard count <= r.remaining / MemoryLayout<T>.stride else {
            throw BenchError("file truncated in \(what)")
        }
        let raw = try r.take(count * MemoryLayout<T>.stride, what)
        guard Int(bitPattern: raw) % MemoryLayout<T>.alignment == 0 else {
            throw BenchError("\(what) not aligned in memory")
        }
        return UnsafeBufferPointer(start: raw.assumingMemoryBound(to: T.self), count: count)
    }
}
