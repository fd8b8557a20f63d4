/// A projection without its tensors: what the arena layout needs to place it and its
/// runtime record (the lengths of the tensors, not their contents).
public struct ProjectionShape {
    public var source: Int
    public var target: Int
    public var kind: ProjectionKind
    public var delay: Int
    public var shift: Int
    public var conv: Conv2DGeometry
    /// Number of weights (synapses).
    public var synapses: Int
    /// Entries of the CSR arrays (SPARSE only; 0 otherwise).
    public var rowPointerCount: Int
    public var columnCount: Int

    public init(source: Int, target: Int, kind: ProjectionKind, delay: Int, shift: Int,
                conv: Conv2DGeometry, synapses: Int, rowPointerCount: Int, columnCount: Int) {
        self.source = source
        self.target = target
        self.kind = kind
        self.delay = delay
        self.shift = shift
        self.conv = conv
        self.synapses = synapses
        self.rowPointerCount = rowPointerCount
        self.columnCount = columnCount
    }
}
