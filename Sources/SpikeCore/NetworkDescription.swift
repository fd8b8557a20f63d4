/// What the arena layout reads of a network: the element counts and, element by
/// element, the populations, the projections' shapes, encoders, decoders and learning
/// rules. `NetworkSpec` is one (its arrays in memory); SpikeModel's blob reader is
/// another, reading the elements out of a blob when it has no memory yet to put them
/// in. Both are measured by the same layout code (`Network.measure`), so the size a
/// loader asks for before building is the size building takes.
///
/// Indices handed to the accessors are in range, and so are the indices the elements
/// name (populations of projections, encoders and decoders, projections of rules):
/// the layout may be asked about a description that is not validated otherwise.
public protocol NetworkDescription {
    /// What reading an element can fail with (`Never` for descriptions in memory).
    associatedtype ReadError: Error
    var populationCount: Int { get }
    var projectionCount: Int { get }
    var encoderCount: Int { get }
    var decoderCount: Int { get }
    /// Learning rules, at most one per projection.
    var ruleCount: Int { get }
    /// Tensors are used in place, so only the weights of projections with a learning
    /// rule take arena bytes (`NetworkSpec.tensorsInPlace`).
    var tensorsInPlace: Bool { get }
    mutating func population(_ i: Int) throws(ReadError) -> PopulationSpec
    mutating func projection(_ j: Int) throws(ReadError) -> ProjectionShape
    mutating func encoder(_ e: Int) throws(ReadError) -> EncoderSpec
    mutating func decoder(_ d: Int) throws(ReadError) -> DecoderSpec
    mutating func rule(_ r: Int) throws(ReadError) -> PlasticitySpec
    /// Projection `j` has a learning rule (its weights are always the arena's copy).
    mutating func hasRule(projection j: Int) throws(ReadError) -> Bool
}
