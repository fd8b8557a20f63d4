/// A failed operation: the status plus where it was found.
///
/// `index` names the offending element (population, projection, encoder, decoder,
/// neuron or channel index, depending on the status) and `field` the parameter, so a
/// tool can print "projection 3: shift = 31 (allowed 0…24)" instead of a bare code.
public struct SpikeError: Error, Equatable, Sendable {
    public var status: SpikeStatus
    public var index: Int
    public var field: StaticString

    public init(_ status: SpikeStatus, index: Int = -1, field: StaticString = "") {
        self.status = status
        self.index = index
        self.field = field
    }

    public static func == (a: SpikeError, b: SpikeError) -> Bool {
        a.status == b.status && a.index == b.index
    }
}
