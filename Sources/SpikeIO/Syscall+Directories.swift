import CSystem

/// Directory listing: sysfs scans (the IIO devices under /sys/bus/iio/devices, GPIO
/// chips) read a directory's names and nothing else.
extension Syscall {
    /// The names in the directory at `path`, as bytes, without "." and "..", in the
    /// order the file system gives them. Throws for a directory that cannot be opened
    /// (opendir: ENOENT, ENOTDIR, EACCES, with the path) or read (readdir).
    public static func directoryEntryNames(_ path: UnsafePointer<CChar>) throws(SystemError) -> [[UInt8]] {
        var stream: OpaquePointer? = nil
        while stream == nil {
            stream = opendir(path)
            if stream == nil && spk_errno() != EINTR { throw SystemError.current("opendir", path: path) }
        }
        guard let directory = stream else { return [] }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while true {
            spk_clear_errno()
            // readdir64: 64-bit inode numbers on 32-bit targets too (see shim.h).
            guard let entry = readdir64(directory) else {
                if spk_errno() != 0 { throw SystemError.current("readdir", path: path) }
                return names
            }
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> [UInt8] in
                var bytes: [UInt8] = []
                for byte in raw {
                    if byte == 0 { break }
                    bytes.append(byte)
                }
                return bytes
            }
            if name == [46] || name == [46, 46] { continue }  // "." and ".."
            names.append(name)
        }
    }
}
