extension JSONValue {
    /// Parse one line (without or with its newline) as a single JSON value.
    public init(parsing line: UnsafeRawBufferPointer, limits: JSONLimits = .control) throws(JSONParseError) {
        var parser = JSONParser(line, limits: limits)
        self = try parser.parseLine()
    }

    /// Parse one line held in an array.
    public init(parsing line: [UInt8], limits: JSONLimits = .control) throws(JSONParseError) {
        var result: Result<JSONValue, JSONParseError> = .success(.null)
        line.withUnsafeBytes { raw in
            var parser = JSONParser(raw, limits: limits)
            do throws(JSONParseError) {
                result = .success(try parser.parseLine())
            } catch {
                result = .failure(error)
            }
        }
        self = try result.get()
    }
}
