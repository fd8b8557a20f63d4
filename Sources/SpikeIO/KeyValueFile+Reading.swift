import CSystem

extension KeyValueFile {
    /// Why `readWholeFile` failed, with `errno`.
    enum ReadFailure {
        case none
        case open(Int32)
        case read(Int32)
        case tooLarge
    }

    /// Read a small text file whole (a KEY=VALUE file, a sysfs attribute) through
    /// `FileDescriptor` (EINTR retried there), until end of file rather than `st_size`:
    /// sysfs reports 4096 for every attribute. Refuses more than `limit` bytes. Shared
    /// by the IIO reader.
    static func readWholeFile(_ path: String, limit: Int, into out: inout [UInt8]) -> ReadFailure {
        out.removeAll(keepingCapacity: true)
        do throws(SystemError) {
            let file = try FileDescriptor(path: path, flags: O_RDONLY)
            return readAll(file, limit: limit, into: &out)
        } catch {
            return .open(error.code)
        }
    }

    private static func readAll(_ file: borrowing FileDescriptor, limit: Int, into out: inout [UInt8]) -> ReadFailure {
        let chunk = 4096
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            var failure: Int32 = 0
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                do throws(SystemError) {
                    return try file.read(into: raw)
                } catch {
                    failure = error.code
                    return -1
                }
            }
            if failure != 0 { return .read(failure) }
            if n <= 0 { return .none }  // 0: end of file (wouldBlock cannot happen: blocking open)
            guard out.count + n <= limit else { return .tooLarge }
            out.append(contentsOf: buffer[0..<n])
        }
    }
}
