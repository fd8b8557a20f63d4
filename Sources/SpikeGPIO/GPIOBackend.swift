/// The seam between the daemon and a GPIO library: request lines, get file descriptors
/// to poll, read edge events in batches, drive outputs, release.
///
/// Used generically only (`<B: GPIOBackend & ~Copyable>`), never as `any GPIOBackend`:
/// Embedded Swift has no existentials, and the daemon is built for one backend anyway.
/// Everything specific to a libgpiod version stays in its backend (`Libgpiod1Backend`
/// today; a 2.x backend is one more type), so the loop above is the same for both and
/// for `FakeGPIOBackend` in tests.
///
/// Lines are numbered in request order, inputs and outputs separately from 0: the
/// index `requestInput` returns is the `lineIndex` of that line's events.
public protocol GPIOBackend: GPIOLineLookup, ~Copyable {
    /// Request one input line for edge events; returns its input index.
    mutating func requestInput(_ config: InputLineConfig) throws(GPIOError) -> Int

    /// Request one output line, driven to `config.initialActive` at once; returns its
    /// output index.
    mutating func requestOutput(_ config: OutputLineConfig) throws(GPIOError) -> Int

    /// The file descriptor that polls readable (POLLIN) while input `index` has events
    /// queued, or -1 for an index that was not requested. One per line: the v1
    /// interface has one event file per line.
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
