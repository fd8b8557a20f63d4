import SpikeIO

/// Line output to stdout and stderr through `write(2)`.
///
/// Not `print`: Embedded Swift's `print` goes through `putchar` while full Swift's keeps
/// its own buffer, and neither reaches stderr. Writing whole lines with one system call
/// each gives both builds the same bytes in the same order on both streams, which is
/// what lets CI compare their output.
public enum Console {
    /// The errno of the first failed write to stdout (0: none), so that a tool whose
    /// report could not be written (`> /dev/full`) exits non-zero instead of 0.
    nonisolated(unsafe) public private(set) static var outputError: Int32 = 0

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

    /// `status`, or 1 with a message on stderr when a successful command could not
    /// write its report to stdout: the last step of every tool's `main`.
    public static func finish(_ tool: StaticString, _ status: ExitCode) -> ExitCode {
        guard status == .success, outputError != 0 else { return status }
        error("\(tool): cannot write to standard output: "
            + SystemError(code: outputError, operation: "write").message)
        return .failure
    }

    private static func write(_ text: String, newline: Bool, to fd: Int32) {
        var bytes = text
        if newline { bytes += "\n" }
        // A failed line is remembered (stdout) for `finish`; there is nothing better
        // to do with it here, and stderr has nowhere else to go.
        _ = bytes.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: fd) }
    }

    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        do { try Syscall.writeAll(fd, buffer) } catch {
            if fd == 1 && outputError == 0 { outputError = error.code }
            return false
        }
        return true
    }
}
