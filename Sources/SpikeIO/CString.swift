/// A NUL-terminated copy of a String (or of path bytes) for the C calls that take paths.
///
/// Built byte by byte from the UTF-8 view, which works the same in full and Embedded
/// Swift; non-copyable so the buffer is freed exactly once.
public struct CString: ~Copyable {
    public let pointer: UnsafeMutablePointer<CChar>

    public init(_ text: String) {
        self.init(bytes: text.utf8)
    }

    /// A copy of `bytes` plus the terminating NUL (path pieces assembled as bytes).
    public init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        let count = bytes.count
        pointer = .allocate(capacity: count + 1)
        var i = 0
        for byte in bytes {
            pointer[i] = CChar(bitPattern: byte)
            i += 1
        }
        pointer[count] = 0
    }

    deinit { pointer.deallocate() }
}
