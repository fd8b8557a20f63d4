import CSystem
import SpikeIO
import SpikeModel

/// A model blob read from disk and loaded into an arena this process owns: what
/// `run`, `validate` and `inspect` share. Non-copyable: it owns the file's bytes and
/// the arena, and the model borrows both.
public struct ModelFile: ~Copyable {
    public let file: ByteFile
    public let arena: AlignedArena
    public var model: LoadedModel
    public let arenaBytes: Int

    /// Read `path` and load it; on failure returns the message to print.
    public static func open(_ path: String, copyTensors: Bool) -> Result<ModelFile, ModelFileFailure> {
        let file: ByteFile
        let cPath = CString(path)
        do { file = try ByteFile(path: cPath.pointer) } catch {
            return .failure(ModelFileFailure(message: "cannot read \(path): \(error.message)",
                                             fileIsMissing: error.systemError == ENOENT))
        }
        let blob = UnsafeRawBufferPointer(file.bytes)
        let options: ModelLoadOptions = copyTensors ? .copy : .inPlace
        let size: Int
        do { size = try ModelLoader.arenaSize(blob: blob, options: options) } catch {
            return .failure(ModelFileFailure(message: "\(path): \(error.message)"))
        }
        guard let arena = AlignedArena(byteCount: size) else {
            return .failure(ModelFileFailure(message: "cannot allocate \(size) bytes for the arena"))
        }
        let model: LoadedModel
        do { model = try ModelLoader.load(blob: blob, arena: arena.bytes, options: options) } catch {
            return .failure(ModelFileFailure(message: "\(path): \(error.message)"))
        }
        return .success(ModelFile(file: file, arena: arena, model: model, arenaBytes: size))
    }
}

/// Why a model file could not be opened, as one line for stderr.
public struct ModelFileFailure: Error {
    public var message: String
    /// The file does not exist (ENOENT): for optional files such as checkpoints.
    public var fileIsMissing = false
}
