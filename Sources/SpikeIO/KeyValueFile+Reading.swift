import CSystem

extension KeyValueFile {
    /// Why `readWholeFile` failed, with `errno`.
    enum ReadFailure {
        case none
        case open(Int32)
        case read(Int32)
        case tooLarge
    }

    /// Read a small text file whole (a KEY=VALUE file, a sysfs attribute) with plain
    /// open/read, until end of file rather than `st_size`: sysfs reports 4096 for every
    /// attribute. Refuses more than `limit` bytes. Shared by the IIO reader.
    /// (To move onto SpikeIO's `Syscall` layer once it has landed.)
    static func readWholeFile(_ path: String, limit: Int, into out: inout [UInt8]) -> ReadFailure {
        let cPath = CString(path)
        let fd = spk_open(cPath.pointer, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { return .open(spk_errno()) }
        defer { close(fd) }
        out.removeAll(keepingCapacity: true)
        let chunk = 4096
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress, chunk) }
            if n < 0 {
                let e = spk_errno()
                if e == EINTR { continue }
                return .read(e)
            }
            if n == 0 { return .none }
            guard out.count + n <= limit else { return .tooLarge }
            out.append(contentsOf: buffer[0..<n])
        }
    }
}
