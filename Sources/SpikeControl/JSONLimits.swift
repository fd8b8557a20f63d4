/// Hard bounds on what the parser accepts from one line. A control client is not
/// trusted: these keep the memory and time of one request small and fixed, and the
/// nesting bound keeps the parser's recursion shallow.
public struct JSONLimits: Equatable, Sendable {
    /// Bytes in one line, newline excluded.
    public var maxLineLength: Int
    /// Containers (arrays, objects) nested inside each other; the top level counts 1.
    public var maxDepth: Int
    /// Members of one object or elements of one array.
    public var maxItems: Int
    /// Bytes of one decoded string (UTF-8), keys included.
    public var maxStringLength: Int

    public init(maxLineLength: Int = 65_536, maxDepth: Int = 16, maxItems: Int = 1024,
                maxStringLength: Int = 4096) {
        self.maxLineLength = maxLineLength
        self.maxDepth = maxDepth
        self.maxItems = maxItems
        self.maxStringLength = maxStringLength
    }

    /// The control socket's limits.
    public static let control = JSONLimits()
}
