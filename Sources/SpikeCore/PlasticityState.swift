/// One learning rule's state buffers (see `Network.plasticityState`).
public struct PlasticityState {
    public var pre: UnsafeMutableBufferPointer<Int32>?
    public var post: UnsafeMutableBufferPointer<Int32>?
    /// R-STDP only.
    public var eligibility: UnsafeMutableBufferPointer<Int32>?
    public var stamps: UnsafeMutableBufferPointer<UInt32>?
}
