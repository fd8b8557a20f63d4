import SpikeIO

/// Line output to stdout and stderr through `write(2)`.
///
/// Not `print`: Embedded Swift's `print` goes through `putchar` while full Swift's keeps
/// its own buffer, and neither reaches stderr. Writing whole lines with one system call
/// each gives both builds the same bytes in the same order on both streams, which is
/// what lets CI compare their output.
public enum Console {
    /// Write `line` and a newline to stdout.
    public static func out(_ line: String) {
        write(line, newline: true, to: 1)
    }

    /// Write `line` and a newline to stderr.
    public static func error(_ line: String) {
        write(line, newline: true, to: 2)
    }

    /// Write `bytes` to stdout as they are (generated files); false if the write
    /// failed, so the caller can exit non-zero rather than leave a truncated file.
    public static func outBytes(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { writeAll(UnsafeRawBufferPointer($0), to: 1) }
    }

    private static func write(_ text: String, newline: Bool, to fd: Int32) {
        var bytes = text
        if newline { bytes += "\n" }
        // stdout closed (e.g. `| head`): nothing sensible left to do for a line.
        _ = bytes.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: fd) }
    }

    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        do { try Syscall.writeAll(fd, buffer) } catch { return false }
        return true
    }
}
