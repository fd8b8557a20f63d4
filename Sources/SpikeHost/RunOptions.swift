import SpikeCore

/// What `spikert run` was asked to do, after parsing.
public struct RunOptions {
    /// The model blob (or a checkpoint, which is a blob too).
    public var model = ""
    /// Input spike file, "-" for stdin, "" for none (the network runs on its own).
    public var input = ""
    /// Output spike file, "-" for stdout, "" for none.
    public var output = ""
    /// Ticks to run; nil: until the input's last tick.
    public var ticks: Int? = nil
    /// Print work counters and timing after the run.
    public var stats = false
    /// `--learn`/`--freeze`, `--param`, `--power`: applied by SpikeHost's RunSettings,
    /// as the daemon applies its own.
    public var settings = RunSettings()
    /// Write a checkpoint of the final state here (atomically).
    public var checkpoint = ""
    /// Copy every tensor into the arena instead of using the blob in place.
    public var copyTensors = false

    public init() {}

    /// The spike file goes to stdout, so the summary must go to stderr. Compared by
    /// bytes: Embedded Swift's String has no `==` without the Unicode tables.
    public var outputIsStdout: Bool {
        output.utf8.count == 1 && output.utf8.first == UInt8(ascii: "-")
    }
}
