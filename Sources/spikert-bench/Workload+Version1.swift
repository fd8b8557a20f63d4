import SpikeCore

/// Format version 1: a chain of LIF layers (tools/workloads.py):
///
///     u32 reserved
///     P × u32 population sizes
///     (P−1) × { u8 shift, u8 model=1 (LIF), u8 reset=0 (subtract),
///               u8 timing=0 (delayed), i32 beta (Q16), i32 threshold,
///               u32 float activity (ppm) }
///     (P−1) int8 matrices, row-major [pre][post]
///
/// Layer l is population l and a DENSE, delay-0 projection from population l−1.
extension Workload {
    static func readVersion1(_ r: inout ByteReader, populations count: Int)
        throws(BenchError) -> Graph
    {
        _ = try r.u32("header")
        var graph = Graph()
        for k in 0..<count {
            let n = Int(try r.u32("sizes"))
            guard n >= 1, n <= 65535 else { throw BenchError("population size \(n)") }
            graph.populations.append(WorkloadPopulation(size: n, model: k == 0 ? .input : .lif))
        }
        var shifts: [Int] = []
        for l in 1..<count {
            shifts.append(Int(try r.u8("layer")))
            let model = try r.u8("layer"), reset = try r.u8("layer"), timing = try r.u8("layer")
            guard model == 1, reset == 0, timing == 0 else {
                throw BenchError("layer is not LIF / subtract / delayed")
            }
            graph.populations[l].beta = try r.i32("layer")
            graph.populations[l].threshold = try r.i32("layer")
            graph.populations[l].floatActivityPPM = try r.u32("layer")
        }
        for l in 1..<count {
            let n = graph.populations[l - 1].size * graph.populations[l].size
            let raw = try r.take(n, "weights")
            graph.projections.append(WorkloadProjection(
                source: l - 1, target: l, kind: .dense, shift: shifts[l - 1], delay: 0,
                weights: UnsafeBufferPointer(start: raw.assumingMemoryBound(to: Int8.self),
                                             count: n)))
        }
        return graph
    }
}
