import SpikeRT

/// The arena size the C ABI's `spk_arena_size` reports for a blob, asked through the
/// SpikeRT module's export (`spkArenaSize`), exactly as a C program would ask: the
/// number `export-c` writes into a header must be the library's own answer, not a
/// re-derivation of it.
enum ArenaQuery {
    /// `SPK_LOAD_IN_PLACE` (include/spikert.h).
    static let loadInPlace: UInt32 = 0

    /// Arena bytes for `blob` loaded in place (`flags` 0), or the status, byte offset
    /// and field `spk_arena_size` gave when it refused the blob.
    static func inPlace(_ blob: UnsafeRawBufferPointer) throws(ArenaQueryFailure) -> Int {
        guard let base = blob.baseAddress else {
            throw ArenaQueryFailure(message: "empty blob")
        }
        var size: UInt = 0
        var record = CErrorRecord.success
        let status = withUnsafeMutableBytes(of: &record) { detail in
            spkArenaSize(base, UInt(bitPattern: blob.count), loadInPlace, &size, detail.baseAddress)
        }
        guard status == 0 else {
            let text = String(cString: spkStatusStr(status).assumingMemoryBound(to: CChar.self))
            var message = "\(text) at byte \(record.offset)"
            let field = record.field.assumingMemoryBound(to: CChar.self)
            if field[0] != 0 { message += " (field \(String(cString: field)))" }
            throw ArenaQueryFailure(message: message)
        }
        return Int(bitPattern: size)
    }
}

/// Why `spk_arena_size` refused a blob, as one line for stderr.
struct ArenaQueryFailure: Error {
    var message: String
}
