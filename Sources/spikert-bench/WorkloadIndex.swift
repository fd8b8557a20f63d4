import SpikeHost
import SpikeIO

/// Turns the command-line paths into workload files: a `.workload` file is itself, any
/// other path a folder from tools/workloads.py whose `index` file names its workloads
/// (one file name per line).
///
/// An index file instead of a directory listing because it keeps the workloads in
/// docs/WORKLOADS.md's order, and because the host modules see libc only through
/// CSystem, whose header has no dirent.h.
enum WorkloadIndex {
    static func expand(_ paths: [String]) throws(BenchError) -> [String] {
        var files: [String] = []
        for path in paths {
            if path.utf8.count > 9 && path.utf8.suffix(9).elementsEqual(".workload".utf8) {
                files.append(path)
                continue
            }
            let folder = path.utf8.last == 47 ? path : path + "/"
            let index = CString(folder + "index")
            let list: ByteFile
            do { list = try ByteFile(path: index.pointer, limit: 1 << 20) } catch {
                throw BenchError("\(folder)index: " + error.message
                    + " (a workload is a .workload file, or a folder with an index)")
            }
            for line in UnsafeRawBufferPointer(list.bytes).split(
                whereSeparator: { $0 == 10 || $0 == 13 })
            {
                files.append(folder + String(decoding: line, as: UTF8.self))
            }
        }
        return files
    }
}
