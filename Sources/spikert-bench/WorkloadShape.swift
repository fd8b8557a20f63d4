import SpikeCore
import SpikeHost

/// What the benchmark needs to know about a loaded network's structure: population sizes
/// (0 = the input the frames feed, the last = the output the checksum covers), synapses
/// and their tensors' bytes, and the shape as tools/workloads.py prints it, "784-1000-10", with "r" after a
/// population that projects to itself ("100-1000r").
struct WorkloadShape {
    var sizes: [Int] = []
    var synapses = 0
    /// Bytes of the synapse tensors: int8 weights, CSR u32 row offsets and u16 columns.
    var synapseBytes = 0
    var text = ""
    /// Why the benchmark cannot run the network (nil: it can): it needs an input
    /// population first and at least one other population after it.
    var refusal: String? = nil

    init(_ net: borrowing Network) {
        do throws(SpikeError) {
            var loops: [Bool] = []
            for p in 0..<net.populationCount {
                sizes.append(try net.populationSize(p))
                loops.append(false)
            }
            for j in 0..<net.projectionCount {
                let q = try net.projectionSpec(j)
                synapses += q.weights.count
                synapseBytes += q.weights.count + 4 * q.rowPointers.count + 2 * q.columns.count
                if q.source == q.target, q.source >= 0, q.source < loops.count { loops[q.source] = true }
            }
            for (p, n) in sizes.enumerated() {
                text += (p == 0 ? "" : "-") + "\(n)" + (loops[p] ? "r" : "")
            }
        } catch {
            refusal = error.message
            return
        }
        if sizes.count < 2 || !net.acceptsInput(population: 0) {
            refusal = "population 0 must be an input population, followed by at least one more"
        }
    }

    var neurons: Int { sizes.reduce(0, +) }
}
