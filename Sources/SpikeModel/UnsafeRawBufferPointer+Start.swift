extension UnsafeRawBufferPointer {
    /// The first byte's address, never optional: the blob has been validated as
    /// non-empty before any tensor or string is taken from it, and an empty buffer
    /// yields a dummy (non-null, never dereferenced) address instead of a trap.
    @inline(__always)
    var start: UnsafeRawPointer {
        baseAddress ?? UnsafeRawPointer(bitPattern: 16).unsafelyUnwrapped
    }
}
