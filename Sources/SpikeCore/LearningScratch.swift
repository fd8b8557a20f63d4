/// The learning step's scratch, shared by all rules (they run one after another):
/// typed views of the two blocks the layout places (`LearningScratch.place`), sized for
/// the largest target and source populations of any rule.
struct LearningScratch {
    /// Per target: the floor of this step's hard-bound depression step, in −256…0
    /// (`Network.prepareDepression`).
    let floors: UnsafeMutablePointer<Int16>
    /// The targets whose depression step is not zero, in ascending order.
    let targets: UnsafeMutablePointer<UInt16>
    /// Per target: the fraction of the depression step, biased by −2^15.
    let fractions: UnsafeMutablePointer<Int16>
    /// One byte per row, or per pre event: which rows this step changes, decided for
    /// all of them in one vectorizable pass before any row is written.
    let rowFlags: UnsafeMutablePointer<UInt8>

    /// Take the blocks for rules whose largest target population has `targets` neurons
    /// and largest source population `sources`: the three per-target arrays in one block
    /// (6 bytes per target), the flags in another. Both nil when measuring.
    static func place(targets n: Int, sources: Int, cursor: inout ArenaCursor)
        -> (perTarget: UnsafeMutableRawPointer?, rowFlags: UnsafeMutablePointer<UInt8>?)
    {
        (cursor.takeBytes(stride: 6, count: n), cursor.take(UInt8.self, count: sources))
    }

    /// The views for a rule of `n` targets (at most the largest): each per-target array
    /// `n` long, one after the other in the per-target block.
    init(perTarget: UnsafeMutableRawPointer, rowFlags: UnsafeMutablePointer<UInt8>, targets n: Int) {
        floors = perTarget.bindMemory(to: Int16.self, capacity: n)
        targets = (perTarget + 2 &* n).bindMemory(to: UInt16.self, capacity: n)
        fractions = (perTarget + 4 &* n).bindMemory(to: Int16.self, capacity: n)
        self.rowFlags = rowFlags
    }
}
