import SpikeCore

/// Name and version the tool reports (the library's version: one for everything).
enum ToolInfo {
    static let name = "spikert"
    static var version: String { "\(SpikeVersion.text)" }
}
