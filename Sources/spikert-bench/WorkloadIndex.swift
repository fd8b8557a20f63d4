import CSystem

/// Turns the command-line paths into workload files: a folder from tools/workloads.py
/// is expanded through its `index` file (one file name per line).
///
/// An index file instead of a directory listing because the benchmark sees libc only
/// through CSystem, whose header has no dirent.h, and because the index keeps the
/// workloads in their WORKLOADS.md order.
enum WorkloadIndex {
    static func expand(_ paths: [[CChar]]) throws(BenchError) -> [[CChar]] {
        var files: [[CChar]] = []
        for path in paths {
            let folder = Array(path.dropLast())  // without the NUL
            let index = folder + Array("/index".utf8CString)
            let readable = index.withUnsafeBufferPointer { access($0.baseAddress!, R_OK) == 0 }
            guard readable else {
                files.append(path)
                continue
            }
            let list = try FileBytes(path: index)
            defer { list.free() }
            var line: [CChar] = []
            for k in 0...list.count {
                let byte: UInt8 = k < list.count ? list.base[k] : 10
                if byte == 10 || byte == 13 {
                    if !line.isEmpty { files.append(folder + [47] + line + [0]) }  // "/"
                    line = []
                } else {
                    line.append(CChar(bitPattern: byte))
                }
            }
        }
        return files
    }
}
