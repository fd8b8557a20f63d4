import CSystem

/// The whole content of a file, read with fopen/fread into a malloc'd buffer.
///
/// Plain libc so the same code runs in the full-Swift and the Embedded build (no
/// Foundation). The reads loop until EOF instead of trusting a size query, so
/// /proc files (size 0) and pipes work too.
struct FileBytes {
    let base: UnsafeMutablePointer<UInt8>
    let count: Int

    /// `path` is NUL-terminated.
    init(path: [CChar]) throws(BenchError) {
        guard let file = path.withUnsafeBufferPointer({ fopen($0.baseAddress, "rb") }) else {
            throw BenchError("cannot open \(FileBytes.display(path))")
        }
        defer { fclose(file) }
        var capacity = 1 << 16
        var used = 0
        guard var buffer = malloc(capacity)?.assumingMemoryBound(to: UInt8.self) else {
            throw BenchError("out of memory reading \(FileBytes.display(path))")
        }
        while true {
            if used == capacity {
                capacity *= 2
                guard let grown = realloc(buffer, capacity) else {
                    CSystem.free(buffer)
                    throw BenchError("out of memory reading \(FileBytes.display(path))")
                }
                buffer = grown.assumingMemoryBound(to: UInt8.self)
            }
            let n = fread(buffer + used, 1, capacity - used, file)
            used += n
            if n == 0 { break }
        }
        if ferror(file) != 0 {
            CSystem.free(buffer)
            throw BenchError("cannot read \(FileBytes.display(path)) (a directory?)")
        }
        base = buffer
        count = used
    }

    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    func free() { CSystem.free(base) }

    /// A NUL-terminated byte path as text for messages.
    static func display(_ path: [CChar]) -> String {
        var bytes: [UInt8] = []
        for c in path where c != 0 { bytes.append(UInt8(bitPattern: c)) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
