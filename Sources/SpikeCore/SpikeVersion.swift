/// The version of SpikeRT, for the C ABI (`spk_version`, `SPK_VERSION_NUMBER` in
/// include/spikert.h: a test ties the two) and for the tools' `--version`, so that the
/// library, `spikert`, `spikertd` and their packages all say the same.
public enum SpikeVersion {
    /// major·1000000 + minor·1000 + patch.
    public static let number: UInt32 = 1_001_000
    /// "MAJOR.MINOR.PATCH", NUL-terminated (StaticString) for the C ABI.
    public static let text: StaticString = "1.1.0"
}
