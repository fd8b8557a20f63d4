/// Field-by-field comparison of an actual run with the reference's expectations, naming
/// the first difference (tick, population, neuron) instead of dumping two huge arrays.
enum GoldenComparison {
    static func differences(expected e: GoldenCase.Expected, actual a: GoldenCase.Expected)
        -> [String]
    {
        var out: [String] = []
        if e.spikes != a.spikes {
            let firstMismatch = firstDifference(e.spikes, a.spikes)
            let want = firstMismatch < e.spikes.count ? "\(e.spikes[firstMismatch])" : "end"
            let got = firstMismatch < a.spikes.count ? "\(a.spikes[firstMismatch])" : "end"
            out.append("spikes differ at entry \(firstMismatch) [tick, pop, neuron]: "
                + "reference \(want), SpikeCore \(got) "
                + "(\(e.spikes.count) vs \(a.spikes.count) spikes)")
        }
        for (pop, wantTrace) in e.membrane.sorted(by: { $0.key < $1.key }) {
            guard let gotTrace = a.membrane[pop] else {
                out.append("membrane of population \(pop) not traced")
                continue
            }
            let tick = firstDifference(wantTrace, gotTrace)
            if tick < min(wantTrace.count, gotTrace.count) {
                out.append("membrane of population \(pop) differs first at tick \(tick): "
                    + "reference \(wantTrace[tick]), SpikeCore \(gotTrace[tick])")
            } else if wantTrace.count != gotTrace.count {
                out.append("membrane of population \(pop): \(wantTrace.count) vs \(gotTrace.count) ticks")
            }
        }
        if e.decoders != a.decoders {
            out.append("decoders: reference \(e.decoders), SpikeCore \(a.decoders)")
        }
        if e.counters != a.counters {
            out.append("counters: reference \(e.counters), SpikeCore \(a.counters)")
        }
        for (projection, want) in (e.weights ?? [:]).sorted(by: { $0.key < $1.key }) {
            let got = a.weights?[projection] ?? []
            if want != got {
                let k = firstDifference(want, got)
                out.append("weights of projection \(projection) differ first at synapse \(k) "
                    + "(of \(want.count)): reference \(k < want.count ? "\(want[k])" : "end"), "
                    + "SpikeCore \(k < got.count ? "\(got[k])" : "end")")
            }
        }
        if let want = e.quiescent, want != a.quiescent {
            let w = Array(want), g = Array(a.quiescent ?? "")
            out.append("quiescence differs first after step \(firstDifference(w, g))")
        }
        if e.finalHash.lowercased() != a.finalHash.lowercased() {
            out.append("final state hash: reference \(e.finalHash), SpikeCore \(a.finalHash)")
        }
        return out
    }

    /// Index of the first differing element, or the shorter length if one is a prefix.
    static func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        let n = min(a.count, b.count)
        return (0..<n).first { a[$0] != b[$0] } ?? n
    }
}
