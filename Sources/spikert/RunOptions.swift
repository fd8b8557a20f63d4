import SpikeCore

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
    /// Switch every learning rule on (`true`) or off (`false`); nil keeps the model's
    /// own switches.
    var learn: Bool? = nil
    /// The power mode to run in; nil keeps the model's.
    var power: PowerSettings? = nil
    /// Learning parameters set on every rule before the run (`--param`).
    var parameters: [(PlasticityParameter, Int32)] = []
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
