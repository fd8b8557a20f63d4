import SpikeHost

/// The text of the C99 header `spikert export-c` writes: the blob as a `static const`
/// byte array, its length, and the arena size the C ABI reported for it.
///
/// Everything in the text comes from the blob, the name and the library: no date, no
/// path, no host name, so the same blob gives the same bytes on every run (a build
/// system can compare or commit the header).
struct CHeaderExport {
    /// The C identifier the array is named after (`NAME_blob`).
    let name: String
    /// The file name of the blob, for the comment (no directories: they would make the
    /// output depend on where the command ran).
    let source: String
    let blob: UnsafeRawBufferPointer
    /// What `spk_arena_size` reported (SPK_LOAD_IN_PLACE, blob 16-byte aligned).
    let arenaBytes: Int
    /// Pointer width of the machine that asked, in bits.
    let hostPointerBits: Int
    /// SPK_VERSION of the library that answered.
    let libraryVersion: String

    /// Bytes per line of the array.
    static let bytesPerLine = 12

    /// The whole header.
    func text() -> [UInt8] {
        let upper = CIdentifier.upper(name)
        let blobName = name + "_blob"
        let blobSize = upper + "_BLOB_SIZE"
        let arenaSize = upper + "_ARENA_SIZE"
        let aligned = upper + "_BLOB_ALIGNED"
        let guardName = "SPIKERT_EXPORT_" + upper + "_H"
        var out: [UInt8] = []
        out.reserveCapacity(blob.count * 6 + 4096)
        func line(_ s: String) {
            out.append(contentsOf: s.utf8)
            out.append(10)
        }
        line("/*")
        line(" * The SpikeRT model blob \(source) as C data. Written by `\(ToolInfo.name) export-c`;")
        line(" * do not edit, regenerate it from the blob.")
        line(" *")
        line(" *   \(TextFormat.left(blobName, 20))the blob's \(blob.count) bytes: const, so it can stay in flash, and")
        line(" *   \(TextFormat.spaces(20))16-byte aligned (see \(aligned) below)")
        line(" *   \(TextFormat.left(blobSize, 20))its length, for spk_arena_size and spk_load")
        line(" *   \(TextFormat.left(arenaSize, 20))the arena bytes spk_arena_size (SpikeRT \(libraryVersion)) reported")
        line(" *   \(TextFormat.spaces(20))for it with SPK_LOAD_IN_PLACE, the blob 16-byte aligned")
        line(" *")
        line(" * \(arenaSize) sizes a static arena at compile time:")
        line(" *")
        line(" *     static uint8_t arena[\(arenaSize)] __attribute__((aligned(16)));")
        line(" *")
        if hostPointerBits == 64 {
            line(" * It was computed on a 64-bit host. The arena holds the network's pointers and")
            line(" * pointer-sized counts, so a 64-bit target (aarch64) needs the same size and a")
            line(" * 32-bit target (Cortex-M, 32-bit ARM Linux), where pointers shrink, needs less:")
            line(" * there the number is an upper bound and the arena has bytes to spare.")
        } else {
            line(" * It was computed on a \(hostPointerBits)-bit host. The arena holds the network's pointers")
            line(" * and pointer-sized counts, so the number is exact for \(hostPointerBits)-bit targets only; a")
            line(" * target with wider pointers needs more (run export-c on a 64-bit host for a bound).")
        }
        line(" * It is not a promise: the firmware must still call")
        line(" *")
        line(" *     spk_arena_size(\(blobName), \(blobSize), SPK_LOAD_IN_PLACE, &size, &error)")
        line(" *")
        line(" * at start-up and check size <= sizeof arena before spk_load. A different library")
        line(" * version, a blob that is not 16-byte aligned, or SPK_LOAD_COPY can need more.")
        line(" *")
        line(" * Include this file in one .c file only: it defines the array.")
        line(" */")
        line("#ifndef \(guardName)")
        line("#define \(guardName)")
        line("")
        line("#include <stdint.h>")
        line("")
        line("#define \(blobSize) \(blob.count)u")
        line("#define \(arenaSize) \(arenaBytes)u")
        line("")
        line("/* The blob's alignment. GCC and Clang (and every compiler that defines __GNUC__)")
        line(" * take the attribute; a C11 compiler takes _Alignas. For another compiler, define")
        line(" * \(aligned) before including this file as whatever that compiler puts in")
        line(" * front of a definition to align it to 16 bytes. Without any, the array is only")
        line(" * byte-aligned: spk_load still works, but in place it then copies index tensors that")
        line(" * are not 4-byte aligned into the arena, so spk_arena_size can report more than")
        line(" * \(arenaSize) (the start-up check catches it). */")
        line("#ifndef \(aligned)")
        line("#if defined(__GNUC__)")
        line("#define \(aligned) __attribute__((aligned(16)))")
        line("#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L")
        line("#define \(aligned) _Alignas(16)")
        line("#else")
        line("#define \(aligned)")
        line("#endif")
        line("#endif")
        line("")
        line("\(aligned) static const uint8_t \(blobName)[\(blobSize)] = {")
        appendBytes(to: &out)
        line("};")
        line("")
        line("#endif /* \(guardName) */")
        return out
    }

    /// The array's initializer: `0xNN,` twelve to a line, indented four spaces.
    private func appendBytes(to out: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        let digits = hex.utf8Start
        var column = 0
        for byte in blob {
            if column == 0 {
                out.append(contentsOf: [32, 32, 32, 32])
            } else {
                out.append(32)
            }
            out.append(48)  // 0
            out.append(120)  // x
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
            out.append(44)  // ,
            column += 1
            if column == CHeaderExport.bytesPerLine {
                out.append(10)
                column = 0
            }
        }
        if column != 0 { out.append(10) }
    }
}
