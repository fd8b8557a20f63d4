import SpikeCore
import SpikeModel

/// The daemon's checkpoints in its state directory: `checkpoint.spkb`, the newest, and
/// `checkpoint.prev.spkb`, the generation before it (`AtomicFile` keeps it, so that a
/// crash at any instant leaves at least one complete checkpoint on disk).
///
/// At start the newest file that loads (the loader checks the blob's CRC and every
/// field) *and* belongs to the configured model (`ModelFingerprint`) is resumed from;
/// a corrupt or foreign file is skipped with a reason, never loaded.
public struct CheckpointStore {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public var currentPath: String { directory + "/checkpoint.spkb" }
    public var previousPath: String { directory + "/checkpoint.prev.spkb" }

    /// The writer of this store's checkpoints.
    public func checkpointer() -> Checkpointer {
        Checkpointer(path: currentPath, previousPath: previousPath)
    }

    /// The newest checkpoint that loads and whose fingerprint is `fingerprint`, or nil.
    /// `note` hears why each skipped file was skipped.
    public func newest(matching fingerprint: UInt64, copyTensors: Bool,
                       note: (String) -> Void) -> ModelFile? {
        var best: ModelFile? = nil
        var bestTick: UInt64 = 0
        var found = false
        for path in [currentPath, previousPath] {
            var file: ModelFile
            switch ModelFile.open(path, copyTensors: copyTensors) {
            case .failure(let failure):
                if !failure.fileIsMissing { note("checkpoint skipped: \(failure.message)") }
                continue
            case .success(let opened):
                file = opened
            }
            guard file.model.restoredState else {
                note("checkpoint skipped: \(path) is a model blob, not a checkpoint (no state)")
                continue
            }
            guard ModelFingerprint.of(file.model) == fingerprint else {
                note("checkpoint skipped: \(path) belongs to another model (its name or shape differs)")
                continue
            }
            let tick = file.model.network.tick
            if !found || tick > bestTick {
                found = true
                bestTick = tick
                best = consume file
            }
        }
        return best
    }
}
