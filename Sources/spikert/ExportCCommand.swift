import SpikeHost
import SpikeIO
import SpikeRT

/// `spikert export-c MODEL.spkb [--name NAME] [--output FILE]`: the blob as a C99
/// header for firmware that has no file system: a `static const uint8_t NAME_blob[]`,
/// `NAME_BLOB_SIZE`, and `NAME_ARENA_SIZE` for a static arena sized at compile time.
///
/// The arena size is the C ABI's own answer (`spk_arena_size` through the SpikeRT
/// module, in place, with the blob 16-byte aligned as `ByteFile` reads it), so the
/// blob is validated exactly as the firmware's library will validate it. Exit status 1
/// when the blob is refused or the header cannot be written, 2 for a bad command line.
enum ExportCCommand {
    static let command = Command(
        name: "export-c",
        summary: "write a model blob as a C header (byte array, blob and arena sizes)",
        run: { args in run(&args) })

    static func run(_ args: inout Arguments) -> ExitCode {
        var model = ""
        var name = ""
        var output = ""
        while !args.isAtEnd {
            if args.take("--help") || args.take("-h") {
                printUsage(to: Console.out)
                return .success
            }
            switch args.takeValue("--name") {
            case .present(let word):
                guard CIdentifier.isValid(word) else {
                    return usageError("--name wants a C identifier ([A-Za-z_][A-Za-z0-9_]*), not '\(word)'")
                }
                name = word
                continue
            case .missing: return usageError("--name needs a value")
            case .absent: break
            }
            switch args.takeValue("--output") {
            case .present(let word):
                output = word
                continue
            case .missing: return usageError("--output needs a value")
            case .absent: break
            }
            let word = args.take() ?? ""
            if Arguments.looksLikeOption(word) { return usageError("unknown option '\(word)'") }
            guard model.isEmpty else { return usageError("more than one model: '\(word)'") }
            model = word
        }
        guard !model.isEmpty else { return usageError("no model blob given") }
        if name.isEmpty { name = CIdentifier.derived(fromPath: model) }
        return export(model: model, name: name, output: output)
    }

    private static func export(model: String, name: String, output: String) -> ExitCode {
        let toStdout = output.isEmpty || Arguments.matches(output, "-")
        if !toStdout && FileIdentity.overwrites(output, model) {
            return fail("--output \(output) is the same file as the model \(model): writing it would "
                + "destroy the blob; choose another path", status: .badInput)
        }
        let path = CString(model)
        let file: ByteFile
        do { file = try ByteFile(path: path.pointer, limit: ModelFile.maximumBytes) } catch {
            return fail("cannot read \(model): \(error.message)", status: .badInput)
        }
        let blob = UnsafeRawBufferPointer(file.bytes)
        let arenaBytes: Int
        do { arenaBytes = try ArenaQuery.inPlace(blob) } catch {
            return fail("\(model): \(error.message)", status: .badInput)
        }
        let header = CHeaderExport(
            name: name, source: CIdentifier.fileName(model), blob: blob, arenaBytes: arenaBytes,
            hostPointerBits: MemoryLayout<UnsafeRawPointer>.size * 8,
            libraryVersion: String(cString: spkVersion().assumingMemoryBound(to: CChar.self)))
        let text = header.text()
        if toStdout {
            guard Console.outBytes(text) else {
                let cause = SystemError(code: Console.outputError, operation: "write")
                return fail("cannot write to standard output: \(cause.message)", status: .failure)
            }
            return .success
        }
        let target = CString(output)
        var destination: OutputFile
        do { destination = try OutputFile(path: target.pointer) } catch {
            return fail("--output \(output): \(error.message)", status: .badInput)
        }
        // `withUnsafeBytes` rethrows untyped errors, so the typed one comes out as a value.
        let written: SystemError? = text.withUnsafeBytes { bytes in
            do throws(SystemError) { try Syscall.writeAll(destination.descriptor, bytes) } catch { return error }
            return nil
        }
        do throws(FileError) {
            if let written { throw FileError("cannot write the header", written) }
            try destination.commit()
        } catch {
            return fail("--output \(output): \(error.message); the file was not written", status: .failure)
        }
        return .success
    }

    private static func fail(_ message: String, status: ExitCode) -> ExitCode {
        Console.error("\(ToolInfo.name) export-c: \(message)")
        return status
    }

    private static func usageError(_ message: String) -> ExitCode {
        UsageError.report("export-c", message, usage: printUsage(to:))
    }

    static func printUsage(to emit: (String) -> Void) {
        emit("usage: \(ToolInfo.name) export-c MODEL.spkb [--name NAME] [--output FILE]")
        emit("")
        emit("Writes a C99 header that embeds the blob for firmware: 'static const uint8_t")
        emit("NAME_blob[]' (16-byte aligned), NAME_BLOB_SIZE, and NAME_ARENA_SIZE, the arena")
        emit("bytes spk_arena_size reports for the blob loaded in place on this machine (an")
        emit("upper bound for 32-bit targets when run on a 64-bit host). The blob is validated")
        emit("as spk_load would; the output is the same bytes on every run.")
        emit("")
        emit("  --name NAME    C identifier for the array and macros (default: the file name")
        emit("                 without extension, e.g. 'motion' -> motion_blob, MOTION_ARENA_SIZE)")
        emit("  --output FILE  write the header there (default '-', stdout); a file is written")
        emit("                 under a temporary name and renamed into place when complete")
        emit("  --help         show this text")
    }
}
