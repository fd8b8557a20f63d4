/// How the loader treats the blob's bytes.
public struct ModelLoadOptions: Sendable {
    /// `true`: read-only int8 weights, suitably aligned u16/u32 tensors (CSR) and all
    /// strings are used in place, so the blob must outlive the model and never change
    /// (a model in flash). `false`: everything is copied into the arena and the blob
    /// can be dropped after `load`. Plastic weights are copied either way.
    public var inPlace: Bool

    public init(inPlace: Bool = true) { self.inPlace = inPlace }

    public static let inPlace = ModelLoadOptions(inPlace: true)
    public static let copy = ModelLoadOptions(inPlace: false)
}
