import CSystem

/// A file path split at its last '/': the directory that holds the file and the
/// file's name, as bytes. The atomic writer makes its temporary files beside the
/// target (a rename is atomic only within one file system) and fsyncs the directory.
struct SplitPath {
    /// The directory: "." for a bare name, "/" for a file at the root.
    let directory: [UInt8]
    /// The last component; never empty.
    let name: [UInt8]

    /// Split `path`; nil when it is empty or ends in '/' (it names no file).
    init?(_ path: UnsafePointer<CChar>) {
        let length = strlen(path)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for i in 0..<length { bytes.append(UInt8(bitPattern: path[i])) }
        var slash = bytes.count
        while slash > 0 && bytes[slash - 1] != 47 { slash -= 1 }
        guard slash < bytes.count else { return nil }
        name = Array(bytes[slash...])
        if slash == 0 {
            directory = [46]  // "."
        } else if slash == 1 {
            directory = [47]  // "/"
        } else {
            directory = Array(bytes[..<(slash - 1)])
        }
    }

    /// `DIRECTORY/.NAME.tmp.PID.COUNTER`: hidden, unique to this process and attempt,
    /// and recognisable as debris if a crash leaves it behind.
    func temporarySibling(counter: Int) -> CString {
        var bytes = directory
        bytes.append(47)
        bytes.append(46)
        bytes += name
        bytes += Array(".tmp.\(getpid()).\(counter)".utf8)
        return CString(bytes: bytes)
    }

    /// The directory as a C path.
    func directoryPath() -> CString {
        CString(bytes: directory)
    }
}
