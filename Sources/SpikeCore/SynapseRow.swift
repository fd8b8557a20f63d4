/// Row `i` of a projection: synapse indices `start ..< start + count` in storage
/// order, and where their target indices come from.
struct SynapseRow {
    var start: Int
    var count: Int
    /// DENSE: targets `0 ..< count`; ONE_TO_ONE: target `i`; SPARSE: `columns`.
    var firstTarget: Int
    var columns: UnsafePointer<UInt16>?

    @inline(__always)
    func target(_ k: Int) -> Int {
        if let columns { return Int(columns[start &+ k]) }
        return firstTarget &+ k
    }
}
