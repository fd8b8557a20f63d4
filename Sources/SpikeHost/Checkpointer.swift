import SpikeCore
import SpikeIO
import SpikeModel

/// Writes checkpoints of a loaded model: the blob `LoadedModel.writeCheckpoint`
/// produces, replaced atomically on disk (`AtomicFile`), so that a crash or a full disk
/// at any moment leaves the last complete checkpoint readable. Shared by
/// `spikert run --checkpoint` and the daemon's checkpoints.
public struct Checkpointer {
    /// Where the checkpoint goes.
    public let path: String
    /// Where the checkpoint it replaces is kept (the previous generation), or nil.
    public let previousPath: String?
    /// Checkpoints written, and attempts that failed.
    public private(set) var written = 0
    public private(set) var failed = 0

    public init(path: String, previousPath: String? = nil) {
        self.path = path
        self.previousPath = previousPath
    }

    /// Write a checkpoint of `model` now. On success, its size and tick.
    public mutating func save(_ model: borrowing LoadedModel) -> Result<CheckpointRecord, CheckpointFailure> {
        let result = Checkpointer.write(model, to: path, keepingPrevious: previousPath)
        switch result {
        case .success: written += 1
        case .failure: failed += 1
        }
        return result
    }

    static func write(_ model: borrowing LoadedModel, to path: String, keepingPrevious previous: String?)
        -> Result<CheckpointRecord, CheckpointFailure>
    {
        let size: Int
        do { size = try model.checkpointSize() } catch { return .failure(.encoding(error)) }
        guard let buffer = AlignedArena(byteCount: size) else { return .failure(.memory(bytes: size)) }
        let count: Int
        do { count = try model.writeCheckpoint(into: buffer.bytes) } catch { return .failure(.encoding(error)) }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<count])
        do {
            try AtomicFile.write(bytes, to: path, keepingPrevious: previous)
        } catch {
            return .failure(.file(path: path, error: error))
        }
        buffer.release()
        return .success(CheckpointRecord(bytes: count, tick: model.network.tick))
    }
}

/// A checkpoint that was written: its size in bytes and the network tick it holds.
public struct CheckpointRecord {
    public var bytes: Int
    public var tick: UInt64
}

/// Why a checkpoint was not written. The old checkpoint is intact in every case.
public enum CheckpointFailure: Error {
    case encoding(ModelError)
    case memory(bytes: Int)
    case file(path: String, error: FileError)

    /// One line for stderr, as `spikert run` words it after "spikert run: ".
    public var message: String {
        switch self {
        case .encoding(let error): return "checkpoint: \(error.message)"
        case .memory(let bytes): return "cannot allocate \(bytes) bytes for the checkpoint"
        case .file(let path, let error): return "checkpoint \(path): \(error.message)"
        }
    }
}
