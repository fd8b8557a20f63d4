/// Order statistics of the per-tick times.
///
/// Nearest-rank percentiles (the sample at rank ceil(q·n)) so every reported number is a
/// time that was actually measured; the samples are sorted in place.
struct TickStatistics {
    var median: UInt64 = 0
    var p99: UInt64 = 0
    var mean: Double = 0

    init(sorting samples: UnsafeMutableBufferPointer<UInt64>) {
        var samples = samples
        let n = samples.count
        guard n > 0 else { return }
        samples.sort()
        median = samples[TickStatistics.rank(50, n)]
        p99 = samples[TickStatistics.rank(99, n)]
        var total: UInt64 = 0
        for s in samples { total &+= s }
        mean = Double(total) / Double(n)
    }

    /// Zero-based index of the `percent`-th percentile, nearest rank.
    static func rank(_ percent: Int, _ n: Int) -> Int {
        let r = (percent * n + 99) / 100
        return r > 0 ? r - 1 : 0
    }
}
