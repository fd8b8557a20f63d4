/// The seam between the daemon and a GPIO library: request lines, get file descriptors
/// to poll, read edge events in batches, drive outputs, release.
///
/// Used generically only (`<B: GPIOBackend & ~Copyable>`), never as `any GPIOBackend`:
/// Embedded Swift has no existentials, and the daemon is built for one backend anyway.
/// Everything specific to a libgpiod version stays in its backend (`Libgpiod1Backend`,
/// or `Libgpiod2Backend` in a build against libgpiod 2.x: one or the other is compiled,
/// chosen by the library's pkg-config version), so the loop above is the same for both
/// and for `FakeGPIOBackend` in tests. What differs and the loop must know is said
/// here: whether the kernel debounces (`debouncesInKernel`), and whether events carry
/// sequence numbers (`EdgeEvent.lineSequence`, 0 when not).
///
/// Lines are numbered in request order, inputs and outputs separately from 0: the
/// index `requestInput` returns is the `lineIndex` of that line's events.
public protocol GPIOBackend: GPIOLineLookup, ~Copyable {
    /// Whether `InputLineConfig.debounceNanoseconds` is handed to the kernel (v2
    /// interface: a debounce period per line, in hardware or emulated by gpiolib), so the
    /// events read are already debounced; false when the daemon must debounce itself
    /// (`Debouncer`: libgpiod 1.6 and the v1 interface have no debounce).
    var debouncesInKernel: Bool { get }

    /// Request one input line for edge events; returns its input index.
    mutating func requestInput(_ config: InputLineConfig) throws(GPIOError) -> Int

    /// Request one output line, driven to `config.initialActive` at once; returns its
    /// output index.
    mutating func requestOutput(_ config: OutputLineConfig) throws(GPIOError) -> Int

    /// The file descriptor that polls readable (POLLIN) while input `index` has events
    /// queued, or -1 for an index that was not requested. One per line: the v1
    /// interface has one event file per line, and the 2.x backend requests each line
    /// alone to keep it so.
    func eventDescriptor(input index: Int) -> Int32

    /// Read the queued events of input `index` into `buffer`, oldest first, at most
    /// `min(buffer.count, EdgeEvent.batchCapacity)` of them; 0 when none are queued
    /// (the descriptors are non-blocking, so a spurious wake-up costs one read).
    mutating func readEvents(input index: Int,
                             into buffer: UnsafeMutableBufferPointer<EdgeEvent>) throws(GPIOError) -> Int

    /// Drive output `index` to the logical value `active`.
    mutating func setOutput(_ index: Int, active: Bool) throws(GPIOError)

    /// Release every requested line and close every chip; indices start over at 0.
    /// Also done when the backend is destroyed.
    mutating func releaseAll()
}
