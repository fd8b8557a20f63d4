/// A heap copy of an array at a stable address, freed when the last owner goes.
///
/// `NetworkSpec` borrows its lists and tensors as buffer pointers, while an Array lends
/// its storage only inside a closure; a model with a dozen tensors would need a dozen
/// nested closures. Keeping each one in a `HeapBuffer` held by the model gives pointers
/// that stay valid for as long as the model value exists.
final class HeapBuffer<Element> {
    private let storage: UnsafeMutableBufferPointer<Element>

    init(_ elements: [Element]) {
        storage = .allocate(capacity: elements.count)
        _ = storage.initialize(fromContentsOf: elements)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    /// The elements; valid while this object is alive.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(storage) }

    var count: Int { storage.count }
}
