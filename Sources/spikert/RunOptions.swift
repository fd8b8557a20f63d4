import SpikeCore
import SpikeHost

/// What `spikert run` was asked to do, after parsing.
struct RunOptions {
    /// The model blob (or a checkpoint, which is a blob too).
    var model = ""
    /// Input spike file, "-" for stdin, "" for none (the network runs on its own).
    var input = ""
    /// Output spike file, "-" for stdout, "" for none.
    var output = ""
    /// Ticks to run; nil: until the input's last tick.
    var ticks: Int? = nil
    /// Print work counters and timing after the run.
    var stats = false
    /// `--learn`/`--freeze`, `--param`, `--power`: applied by SpikeHost's RunSettings,
    /// as the daemon applies its own.
    var settings = RunSettings()
    /// Write a checkpoint of the final state here (atomically).
    var checkpoint = ""
    /// Copy every tensor into the arena instead of using the blob in place.
    var copyTensors = false

    /// The spike file goes to stdout, so the summary must go to stderr. Compared by
    /// bytes: Embedded Swift's String has no `==` without the Unicode tables.
    var outputIsStdout: Bool {
        output.utf8.count == 1 && output.utf8.first == UInt8(ascii: "-")
    }
}
