/// Where one projection's tensors and accumulator live, plus its shape.
struct ProjectionRuntime {
    var kind: ProjectionKind
    var source: Int
    var target: Int
    /// Delay in steps: `declaredDelay`, or `ceil(D / fold)` in the low-power mode.
    var delay: Int
    var declaredDelay: Int
    /// Index of the projection's learning rule, or -1.
    var rule: Int = -1
    var shift: Int
    var sourceSize: Int
    var targetSize: Int
    /// int8 weights: in the arena, or in place in the caller's (read-only) buffer.
    var weights: UnsafeMutablePointer<Int8>?
    var weightCount: Int
    var rowPointers: UnsafePointer<UInt32>?
    var columns: UnsafePointer<UInt16>?
    var conv: Conv2DGeometry
    var outHeight: Int
    var outWidth: Int
    /// `targetSize` wrapping Int32 sums of the weights delivered this tick.
    var accumulator: UnsafeMutablePointer<Int32>?
}
