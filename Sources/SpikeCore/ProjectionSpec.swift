/// The description of one projection (docs/SEMANTICS.md 2.3). Tensors are borrowed
/// buffers: copied into the arena when the network is built, or used in place when the
/// network spec says so (a model in flash).
public struct ProjectionSpec {
    public var source: Int
    public var target: Int
    public var kind: ProjectionKind
    /// Ticks between the source's spike and its delivery; 0 = same tick.
    public var delay: Int = 0
    /// Each delivered int8 weight counts `2^shift` potential units.
    public var shift: Int = 0
    public var weights: UnsafeBufferPointer<Int8>
    /// SPARSE only: `n_src + 1` row offsets into `columns`/`weights`.
    public var rowPointers = UnsafeBufferPointer<UInt32>(start: nil, count: 0)
    /// SPARSE only: target index of each weight, strictly increasing within a row.
    public var columns = UnsafeBufferPointer<UInt16>(start: nil, count: 0)
    /// CONV2D only.
    public var conv = Conv2DGeometry()

    public init(source: Int, target: Int, kind: ProjectionKind,
                weights: UnsafeBufferPointer<Int8>) {
        self.source = source
        self.target = target
        self.kind = kind
        self.weights = weights
    }
}
