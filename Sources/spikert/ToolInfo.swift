/// Name and version the tool reports.
///
/// SpikeCore has no version constant yet (the C header's `SPK_VERSION_NUMBER` is still
/// to come); until it does, the CLI carries its own so `--version` means something.
enum ToolInfo {
    static let name = "spikert"
    static let version = "0.1.0"
}
