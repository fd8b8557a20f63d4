import CSystem
import SpikeCore
import SpikeIO
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

    /// The identity (`ModelIdentity`) of the model file the checkpoints belong to, as
    /// hex text.
    public var modelIDPath: String { directory + "/model.id" }

    /// The recorded model identity, or nil (no file, or not 16 hex digits).
    public func recordedModelID() -> UInt64? {
        let path = CString(modelIDPath)
        guard let file = try? ByteFile(path: path.pointer, limit: 64) else { return nil }
        var value: UInt64 = 0
        var digits = 0
        for b in UnsafeRawBufferPointer(file.bytes) {
            let d: UInt8
            switch b {
            case 48...57: d = b &- 48
            case 97...102: d = b &- 87
            case 10: continue
            default: return nil
            }
            value = value &<< 4 | UInt64(d)
            digits += 1
        }
        return digits == 16 ? value : nil
    }

    /// Record `id` as the identity of the model the next checkpoints belong to.
    public func record(modelID id: UInt64) throws(FileError) {
        var text: [UInt8] = []
        var shift: UInt64 = 60
        for _ in 0..<16 {
            let d = UInt8(truncatingIfNeeded: (id &>> shift) & 0xF)
            text.append(d < 10 ? d &+ 48 : d &+ 87)
            shift &-= 4
        }
        text.append(10)
        let path = modelIDPath
        var failure: FileError? = nil
        text.withUnsafeBytes { raw in
            do throws(FileError) { try AtomicFile.write(raw, to: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Move the checkpoints of another model out of the way (`*.replaced`), so they are
    /// neither resumed nor overwritten: someone may want the weights back. Returns the
    /// files moved.
    public func setAside() -> [String] {
        var moved: [String] = []
        for path in [currentPath, previousPath] {
            let from = CString(path)
            let to = CString(path + ".replaced")
            if (try? Syscall.rename(from.pointer, to: to.pointer)) != nil { moved.append(path) }
        }
        return moved
    }

    /// Make the directory ready at start: create it if it is missing (mode 0750; its
    /// parent must exist), and remove temporary files that writers killed mid-write left
    /// behind (`.NAME.tmp.PID.N`, see `AtomicFile`), so power cuts cannot fill the
    /// storage. Returns the number of temporaries removed.
    public func prepare() throws(SystemError) -> Int {
        let dir = CString(directory)
        try Syscall.makeDirectory(dir.pointer, mode: 0o750)
        var removed = 0
        let prefixes = [".checkpoint.spkb.tmp.", ".checkpoint.prev.spkb.tmp.", ".model.id.tmp."]
        for name in try Syscall.directoryEntryNames(dir.pointer) {
            guard prefixes.contains(where: { name.starts(with: Array($0.utf8)) }) else { continue }
            let path = CString(directory + "/" + String(decoding: name, as: UTF8.self))
            if (try? Syscall.unlink(path.pointer)) != nil { removed += 1 }
        }
        return removed
    }

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
