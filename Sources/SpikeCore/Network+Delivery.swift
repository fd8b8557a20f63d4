/// Phase 2.1: event-driven spike delivery. This is the hot path: each presynaptic spike
/// adds one contiguous int8 row (DENSE), one CSR row (SPARSE), one weight (ONE_TO_ONE)
/// or a few contiguous `outChannels` rows (CONV2D) into an Int32 accumulator. The loops
/// use unchecked pointers and wrapping adds only, so the optimizer can vectorize them
/// and no trap can be emitted; the ranges were validated when the network was built.
extension Network {
    mutating func deliverIncoming(_ p: PopulationRuntime, step h: UInt64) {
        guard let projections = layout.projections, let incoming = layout.incoming,
              let populations = layout.populations else { return }
        for k in p.incomingStart..<(p.incomingStart + p.incomingCount) {
            let q = projections[Int(incoming[k])]
            let delay = UInt64(truncatingIfNeeded: q.delay)
            guard h >= delay else { continue }  // no spikes exist before the first step
            let source = populations[q.source]
            guard let lists = source.spikeLists, let counts = source.spikeCounts,
                  let acc = q.accumulator, let w = q.weights else { continue }
            let slot = source.slot(ofStep: h &- delay)
            let spikeCount = Int(counts[slot])
            if spikeCount == 0 { continue }
            let spikes = UnsafePointer(lists + slot &* source.size)
            let events: Int
            switch q.kind {
            case .dense:
                if q.targetSize <= 16 {
                    events = Network.deliverNarrow(spikes, spikeCount, w, q.targetSize,
                                                   q.sourceSize, acc)
                } else {
                    events = Network.deliverDense(spikes, spikeCount, w, q.targetSize, acc,
                                                  partial: layout.partialSums)
                }
            case .sparse:
                events = Network.deliverSparse(spikes, spikeCount, q, w, acc)
            case .oneToOne:
                events = Network.deliverOneToOne(spikes, spikeCount, w, acc)
            case .conv2d:
                events = Network.deliverConv(spikes, spikeCount, q, w, acc)
            }
            counters.synapticEvents &+= UInt64(truncatingIfNeeded: events)
        }
    }

    @inline(__always)
    static func addRow(_ row: UnsafePointer<Int8>, _ acc: UnsafeMutablePointer<Int32>,
                       _ n: Int) {
        for j in 0..<n { acc[j] = acc[j] &+ Int32(row[j]) }
    }

    /// Rows are summed in Int16 partial sums, four rows per pass, in blocks of up to 256
    /// spikes: 256 int8 values add up to at most 256·128 = 2^15 in magnitude, so the
    /// wrapping Int16 sum of a block is exact (any intermediate wrap cancels modulo
    /// 2^16), and the Int32 accumulator is read and written once per block instead of
    /// once per row. Wrapping Int32 addition is associative, so the result is the same
    /// as adding the rows one by one (SEMANTICS.md 2.3). `partial` is all zero on entry
    /// and on return.
    static func deliverDense(_ spikes: UnsafePointer<UInt16>, _ count: Int,
                             _ w: UnsafeMutablePointer<Int8>, _ n: Int,
                             _ acc: UnsafeMutablePointer<Int32>,
                             partial: UnsafeMutablePointer<Int16>?) -> Int {
        let weights = UnsafePointer(w)
        guard let partial, count >= 4 else {
            for k in 0..<count { addRow(weights + Int(spikes[k]) &* n, acc, n) }
            return count &* n
        }
        var k = 0
        while k < count {
            let end = count &- k > 256 ? k &+ 256 : count
            while k &+ 4 <= end {
                let r0 = weights + Int(spikes[k]) &* n, r1 = weights + Int(spikes[k &+ 1]) &* n
                let r2 = weights + Int(spikes[k &+ 2]) &* n, r3 = weights + Int(spikes[k &+ 3]) &* n
                for j in 0..<n {
                    let pair0 = Int16(r0[j]) &+ Int16(r1[j])
                    let pair1 = Int16(r2[j]) &+ Int16(r3[j])
                    partial[j] = partial[j] &+ (pair0 &+ pair1)
                }
                k &+= 4
            }
            while k < end {
                let row = weights + Int(spikes[k]) &* n
                for j in 0..<n { partial[j] = partial[j] &+ Int16(row[j]) }
                k &+= 1
            }
            for j in 0..<n {
                acc[j] = acc[j] &+ Int32(partial[j])
                partial[j] = 0
            }
        }
        return count &* n
    }

    /// DENSE rows of at most 16 weights (an output layer): each row is one 16-byte load
    /// widened to 16 Int16 lanes and added to a register-held sum, in blocks of 256
    /// rows (exact in Int16, as in deliverDense); lanes past `n` hold bytes of the next
    /// rows and are never stored. A row is loaded whole only when its 16 bytes lie
    /// inside the weight matrix: spikes are ascending, so those rows are a prefix of the
    /// list and the last few rows go through the scalar loop. Two sums take alternate
    /// rows so consecutive adds do not wait on each other.
    static func deliverNarrow(_ spikes: UnsafePointer<UInt16>, _ count: Int,
                              _ w: UnsafeMutablePointer<Int8>, _ n: Int, _ sources: Int,
                              _ acc: UnsafeMutablePointer<Int32>) -> Int {
        let raw = UnsafeRawPointer(w)
        let total = sources &* n
        // Row i is loadable whole when i·n + 16 ≤ total.
        let wholeRows = total >= 16 ? (total &- 16) / n &+ 1 : 0
        var whole = count
        while whole > 0 && Int(spikes[whole &- 1]) >= wholeRows { whole &-= 1 }
        @inline(__always) func row(at offset: Int) -> SIMD16<Int16> {
            SIMD16<Int16>(truncatingIfNeeded:
                raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<Int8>.self))
        }
        var k = 0
        while k < whole {
            let end = whole &- k > 256 ? k &+ 256 : whole
            var even = SIMD16<Int16>(), odd = SIMD16<Int16>()
            if Int(spikes[end &- 1]) &- Int(spikes[k]) == end &- 1 &- k {
                // Every source of the block fired (a busy layer): its rows are
                // consecutive, one stride apart, and no index needs reading.
                var offset = Int(spikes[k]) &* n
                while k &+ 2 <= end {
                    even &+= row(at: offset)
                    odd &+= row(at: offset &+ n)
                    offset &+= 2 &* n
                    k &+= 2
                }
            }
            while k &+ 2 <= end {
                even &+= row(at: Int(spikes[k]) &* n)
                odd &+= row(at: Int(spikes[k &+ 1]) &* n)
                k &+= 2
            }
            if k < end {
                even &+= row(at: Int(spikes[k]) &* n)
                k &+= 1
            }
            let sum = even &+ odd
            for j in 0..<n { acc[j] = acc[j] &+ Int32(sum[j]) }
        }
        while k < count {
            addRow(UnsafePointer(w) + Int(spikes[k]) &* n, acc, n)
            k &+= 1
        }
        return count &* n
    }

    static func deliverSparse(_ spikes: UnsafePointer<UInt16>, _ count: Int,
                              _ q: ProjectionRuntime, _ w: UnsafeMutablePointer<Int8>,
                              _ acc: UnsafeMutablePointer<Int32>) -> Int {
        guard let rows = q.rowPointers, let cols = q.columns else { return 0 }
        var events = 0
        for k in 0..<count {
            let i = Int(spikes[k])
            let start = Int(truncatingIfNeeded: rows[i])
            let end = Int(truncatingIfNeeded: rows[i &+ 1])
            for e in start..<end {
                let c = Int(cols[e])
                acc[c] = acc[c] &+ Int32(w[e])
            }
            events &+= end &- start
        }
        return events
    }

    static func deliverOneToOne(_ spikes: UnsafePointer<UInt16>, _ count: Int,
                                _ w: UnsafeMutablePointer<Int8>,
                                _ acc: UnsafeMutablePointer<Int32>) -> Int {
        for k in 0..<count {
            let i = Int(spikes[k])
            acc[i] = acc[i] &+ Int32(w[i])
        }
        return count
    }

    /// Scatter form of a channel-last cross-correlation: the spike at `(y, x, c)` reaches
    /// output `(oy, ox)` through kernel tap `(ky, kx)` when `oy·stride − pad + ky = y`;
    /// for each such tap one contiguous row of `outChannels` weights is added.
    static func deliverConv(_ spikes: UnsafePointer<UInt16>, _ count: Int,
                            _ q: ProjectionRuntime, _ w: UnsafeMutablePointer<Int8>,
                            _ acc: UnsafeMutablePointer<Int32>) -> Int {
        let g = q.conv
        let outC = g.outChannels
        let weights = UnsafePointer(w)
        var events = 0
        for k in 0..<count {
            let i = Int(spikes[k])
            let c = i % g.inChannels
            let pixel = i / g.inChannels
            let x = pixel % g.inWidth
            let y = pixel / g.inWidth
            for ky in 0..<g.kernelHeight {
                let ny = y &+ g.padY &- ky
                if ny < 0 || ny % g.strideY != 0 { continue }
                let oy = ny / g.strideY
                if oy >= q.outHeight { continue }
                for kx in 0..<g.kernelWidth {
                    let nx = x &+ g.padX &- kx
                    if nx < 0 || nx % g.strideX != 0 { continue }
                    let ox = nx / g.strideX
                    if ox >= q.outWidth { continue }
                    let row = weights + ((ky &* g.kernelWidth &+ kx) &* g.inChannels &+ c) &* outC
                    addRow(row, acc + (oy &* q.outWidth &+ ox) &* outC, outC)
                    events &+= outC
                }
            }
        }
        return events
    }
}
