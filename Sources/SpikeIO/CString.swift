/// A NUL-terminated copy of a String for the C calls that take paths.
///
/// Built byte by byte from the UTF-8 view, which works the same in full and Embedded
/// Swift; non-copyable so the buffer is freed exactly once.
public struct CString: ~Copyable {
    public let pointer: UnsafeMutablePointer<CChar>

    public init(_ text: String) {
        let count = text.utf8.count
        pointer = .allocate(capacity: count + 1)
        var i = 0
        for byte in text.utf8 {
            pointer[i] = CChar(bitPattern: byte)
            i += 1
        }
        pointer[count] = 0
    }

    deinit { pointer.deallocate() }
}
