/// Byte flags (0 or 1 per neuron or per row: spikes, pending input, rows to update)
/// read eight at a time.
///
/// A step turns flags into ascending index lists several times (latched input, the
/// spikes of every population, the rows a learning rule changes). Byte by byte that is
/// a loop whose store address depends on the running count, about a nanosecond per
/// neuron whether it fired or not; as 64-bit words, a word of silent neurons costs one
/// test and a word of eight spikes one 8-lane store, so input layers at 10 % activity
/// and hidden layers where every neuron fires both get cheap. Flags are 0 or 1 (the
/// step writes only those, checkpoints are checked for it), so a flagged byte is one
/// set bit of its word, bit 0 of the byte.
enum FlagWords {
    /// Eight set flags as one little-endian word.
    static let allSet: UInt64 = 0x0101_0101_0101_0101

    /// The eight flags at `flags + base`, byte `k` in bits `8k…8k+7` on every host.
    @inline(__always)
    static func word(_ flags: UnsafePointer<UInt8>, _ base: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(flags).loadUnaligned(fromByteOffset: base, as: UInt64.self))
    }

    /// `body(i)` for every `i < n` with `flags[i] ≠ 0`, ascending.
    @inline(__always)
    static func forEach(_ flags: UnsafePointer<UInt8>, _ n: Int, _ body: (Int) -> Void) {
        var base = 0
        while base &+ 8 <= n {
            var w = word(flags, base)
            while w != 0 {
                body(base &+ w.trailingZeroBitCount &>> 3)
                w &= w &- 1
            }
            base &+= 8
        }
        while base < n {
            if flags[base] != 0 { body(base) }
            base &+= 1
        }
    }

    /// Write the ascending indices of the set flags among the first `n` to `list` and
    /// return how many there are. `list` has room for `n` entries.
    @inline(__always)
    static func list(_ flags: UnsafePointer<UInt8>, _ n: Int,
                     into list: UnsafeMutablePointer<UInt16>) -> Int {
        var count = 0
        var base = 0
        while base &+ 8 <= n {
            count = appendWord(word(flags, base), base, list, count)
            base &+= 8
        }
        while base < n {
            list[count] = UInt16(truncatingIfNeeded: base)
            count &+= Int(flags[base])
            base &+= 1
        }
        return count
    }

    /// Phase 1 of an INPUT population (SEMANTICS.md 3): the pending flags become the
    /// step's spike flags and ascending index list, and pending is cleared. Returns the
    /// number of spikes.
    @inline(__always)
    static func latch(_ pending: UnsafeMutablePointer<UInt8>, into spiked: UnsafeMutablePointer<UInt8>,
                      _ n: Int, list: UnsafeMutablePointer<UInt16>) -> Int {
        var count = 0
        var base = 0
        let from = UnsafeMutableRawPointer(pending), to = UnsafeMutableRawPointer(spiked)
        while base &+ 8 <= n {
            let w = word(pending, base)
            to.storeBytes(of: w.littleEndian, toByteOffset: base, as: UInt64.self)
            from.storeBytes(of: 0, toByteOffset: base, as: UInt64.self)
            count = appendWord(w, base, list, count)
            base &+= 8
        }
        while base < n {
            let s = pending[base]
            spiked[base] = s
            pending[base] = 0
            list[count] = UInt16(truncatingIfNeeded: base)
            count &+= Int(s)
            base &+= 1
        }
        return count
    }

    /// Append the indices flagged in `w` (flags `base…base+7`) at `list[count]`.
    @inline(__always)
    private static func appendWord(_ w: UInt64, _ base: Int,
                                   _ list: UnsafeMutablePointer<UInt16>, _ count: Int) -> Int {
        if w == allSet {
            // Every neuron of the word fired (dense layers): one 8-lane store.
            let first = UInt16(truncatingIfNeeded: base)
            UnsafeMutableRawPointer(list + count).storeBytes(
                of: SIMD8<UInt16>(repeating: first) &+ SIMD8(0, 1, 2, 3, 4, 5, 6, 7),
                as: SIMD8<UInt16>.self)
            return count &+ 8
        }
        var c = count
        var bits = w
        while bits != 0 {
            list[c] = UInt16(truncatingIfNeeded: base &+ bits.trailingZeroBitCount &>> 3)
            c &+= 1
            bits &= bits &- 1
        }
        return c
    }
}
