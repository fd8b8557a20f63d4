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

    /// The largest model file read: 256 MiB, far above any network a board running
    /// SpikeRT holds, and a bound on the memory a mistaken path can make the tools take.
    public static let maximumBytes = 256 << 20

    /// Bytes read first to tell a model blob from any other file before reading all
    /// of it: the envelope, the magic and the version fit.
    static let prefixBytes = 16

    /// Read `path` and load it; on failure returns the message to print.
    public static func open(_ path: String, copyTensors: Bool) -> Result<ModelFile, ModelFileFailure> {
        let cPath = CString(path)
        do {
            let start = try ByteFile(path: cPath.pointer, limit: maximumBytes, prefixBytes: prefixBytes)
            guard start.bytes.count > 0 else {
                return .failure(ModelFileFailure(message: "\(path): the file is empty, not a model blob"))
            }
            do { _ = try ModelLoader.arenaSize(blob: UnsafeRawBufferPointer(start.bytes), options: .inPlace) } catch {
                // The first bytes alone end in `truncated` when they begin a blob; any
                // other refusal (the magic, the version) is final.
                if error.status != .truncated {
                    return .failure(ModelFileFailure(message: "\(path): \(error.message)"))
                }
            }
        } catch {
            return .failure(ModelFileFailure(message: "cannot read \(path): \(error.message)",
                                             fileIsMissing: error.systemError == ENOENT))
        }
        let file: ByteFile
        do { file = try ByteFile(path: cPath.pointer, limit: maximumBytes) } catch {
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
            return .failure(ModelFileFailure(message: "cannot allocate \(size) bytes for the arena", isInputError: false))
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
    /// The file was refused (exit status 2), as opposed to a failure of this machine
    /// such as memory running out (1).
    public var isInputError = true
}
