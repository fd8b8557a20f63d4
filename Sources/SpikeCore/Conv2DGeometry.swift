/// Shape of a CONV2D projection (docs/SEMANTICS.md 2.4). Neurons are channel-last:
/// source `(y, x, c)` is `(y·inWidth + x)·inChannels + c`.
public struct Conv2DGeometry: Equatable, Sendable {
    public var inHeight = 0, inWidth = 0, inChannels = 0, outChannels = 0
    public var kernelHeight = 0, kernelWidth = 0
    public var strideY = 1, strideX = 1
    public var padY = 0, padX = 0

    public init() {}

    public init(inHeight: Int, inWidth: Int, inChannels: Int, outChannels: Int,
                kernelHeight: Int, kernelWidth: Int, strideY: Int = 1, strideX: Int = 1,
                padY: Int = 0, padX: Int = 0) {
        self.inHeight = inHeight; self.inWidth = inWidth
        self.inChannels = inChannels; self.outChannels = outChannels
        self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth
        self.strideY = strideY; self.strideX = strideX
        self.padY = padY; self.padX = padX
    }

    /// Output height, or ≤ 0 when the geometry is degenerate.
    public var outHeight: Int {
        strideY > 0 ? (inHeight &+ 2 &* padY &- kernelHeight) / strideY &+ 1 : 0
    }
    /// Output width, or ≤ 0 when the geometry is degenerate.
    public var outWidth: Int {
        strideX > 0 ? (inWidth &+ 2 &* padX &- kernelWidth) / strideX &+ 1 : 0
    }
}
