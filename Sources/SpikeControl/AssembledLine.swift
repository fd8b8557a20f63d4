/// What `LineAssembler.feed` hands out.
public enum AssembledLine {
    /// A complete line without its newline. The bytes are borrowed: valid only during
    /// the callback.
    case line(UnsafeRawBufferPointer)
    /// A line grew past the limit: reported once, as soon as it did, with the bytes
    /// seen so far; the rest of it up to its newline is discarded unseen.
    case oversized(byteCount: Int)
}
