#if SPIKERT_LIBGPIOD2
import CGPIOD
import CSystem

/// `GPIOBackend` over libgpiod 2.x (Debian 13, bookworm-backports, Raspberry Pi OS on
/// trixie), which speaks the kernel's v2 GPIO character-device interface (Linux 5.10
/// and later). Everything libgpiod-2-specific lives in this type and its extension
/// (`+Chips`: finding chips by label and lines by name); the settings of a request are
/// `Libgpiod2LineSettings`.
///
/// Behaves as `Libgpiod1Backend` does, so the daemon above is the same:
/// - chips are found by label (2.x opens them by path only: the chips of `/dev` are
///   visited in number order, `GPIOChipPaths`), opened once each and kept open while
///   lines on them are requested; lines are requested one by one, one request each, so
///   every input has an event descriptor of its own, as in v1, with the consumer name
///   `spikertd`;
/// - event descriptors are non-blocking, events are read 16 at a time into one edge-
///   event buffer (`gpiod_edge_event_buffer`) and converted to `EdgeEvent`s with the
///   kernel's timestamp (CLOCK_MONOTONIC, asked for explicitly) and sequence numbers.
///
/// What v2 changes for the daemon: the kernel debounces (`debouncesInKernel`), and a
/// full event queue drops its oldest event while every event is numbered, so lost
/// events are counted exactly from the numbers (`EdgeSequenceTracker`).
///
/// Compiled only against libgpiod 2.x (`SPIKERT_LIBGPIOD2`, from the library's
/// pkg-config version); `Libgpiod1Backend` is the 1.6 build's. Non-copyable: it owns the
/// chips and requests, and releases them when destroyed.
public struct Libgpiod2Backend: GPIOBackend, ~Copyable {
    /// Where the GPIO character devices are (`/dev`; tests point elsewhere).
    let deviceDirectory: String
    var chips: [(label: String, handle: OpaquePointer)] = []
    private var inputs: [(address: LineAddress, request: OpaquePointer, descriptor: Int32)] = []
    private var outputs: [(address: LineAddress, request: OpaquePointer)] = []
    /// Where one batch of events lands before conversion (nil only if libgpiod could not
    /// allocate it; reads then fail with ENOMEM).
    private let events: OpaquePointer?

    public init(deviceDirectory: String = "/dev") {
        self.deviceDirectory = deviceDirectory
        events = gpiod_edge_event_buffer_new(EdgeEvent.batchCapacity)
    }

    deinit {
        Libgpiod2Backend.release(inputs: inputs, outputs: outputs, chips: chips)
        if let events { gpiod_edge_event_buffer_free(events) }
    }

    // MARK: GPIOBackend

    /// v2 debounces in the kernel (in the chip where it can, else gpiolib in software):
    /// the debounce period goes into the request and the daemon takes events as read.
    public var debouncesInKernel: Bool { true }

    public mutating func requestInput(_ config: InputLineConfig) throws(GPIOError) -> Int {
        let chip = try chip(for: config.address)
        guard let settings = Libgpiod2LineSettings.makeInput(config) else {
            throw GPIOError.system("cannot configure input", config.address, systemError: spk_errno())
        }
        defer { gpiod_line_settings_free(settings) }
        let (made, failure) = Libgpiod2Backend.request(chip, offset: config.address.offset, settings: settings)
        guard let request = made else {
            throw GPIOError.requestRefused("cannot request input", config.address, bias: config.bias, failure: failure)
        }
        let descriptor = gpiod_line_request_get_fd(request)
        let statusFlags = descriptor >= 0 ? spk_fcntl_int(descriptor, F_GETFL, 0) : -1
        guard statusFlags >= 0, spk_fcntl_int(descriptor, F_SETFL, statusFlags | O_NONBLOCK) == 0 else {
            let failure = spk_errno()
            gpiod_line_request_release(request)
            throw GPIOError.system("cannot watch events of", config.address, systemError: failure)
        }
        inputs.append((address: config.address, request: request, descriptor: descriptor))
        return inputs.count - 1
    }

    public mutating func requestOutput(_ config: OutputLineConfig) throws(GPIOError) -> Int {
        let chip = try chip(for: config.address)
        guard let settings = Libgpiod2LineSettings.makeOutput(config) else {
            throw GPIOError.system("cannot configure output", config.address, systemError: spk_errno())
        }
        defer { gpiod_line_settings_free(settings) }
        let (made, failure) = Libgpiod2Backend.request(chip, offset: config.address.offset, settings: settings)
        guard let request = made else {
            throw GPIOError.requestRefused("cannot request output", config.address, failure: failure)
        }
        outputs.append((address: config.address, request: request))
        return outputs.count - 1
    }

    public func eventDescriptor(input index: Int) -> Int32 {
        inputs.indices.contains(index) ? inputs[index].descriptor : -1
    }

    public mutating func readEvents(input index: Int,
                                    into buffer: UnsafeMutableBufferPointer<EdgeEvent>) throws(GPIOError) -> Int {
        guard inputs.indices.contains(index) else {
            throw GPIOError.noSuchIndex("input", index, count: inputs.count)
        }
        let wanted = min(buffer.count, EdgeEvent.batchCapacity)
        guard wanted > 0 else { return 0 }
        guard let events else {
            throw GPIOError.system("cannot read events of", inputs[index].address, systemError: ENOMEM)
        }
        var count: Int32
        repeat {
            count = gpiod_line_request_read_edge_events(inputs[index].request, events, wanted)
        } while count < 0 && spk_errno() == EINTR
        if count < 0 {
            if let error = GPIOError.readFailed(inputs[index].address, failure: spk_errno()) { throw error }
            return 0
        }
        var read = 0
        for k in 0..<min(Int(count), wanted) {
            // The buffer owns the event; only its values are copied out.
            guard let event = gpiod_edge_event_buffer_get_event(events, UInt(k)) else { break }
            buffer[read] = EdgeEvent(
                lineIndex: index,
                rising: gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE,
                timestampNanoseconds: gpiod_edge_event_get_timestamp_ns(event),
                // The kernel's numbers are 32 bits (unsigned long only widens them).
                lineSequence: UInt32(truncatingIfNeeded: gpiod_edge_event_get_line_seqno(event)),
                globalSequence: UInt32(truncatingIfNeeded: gpiod_edge_event_get_global_seqno(event)))
            read += 1
        }
        return read
    }

    public mutating func setOutput(_ index: Int, active: Bool) throws(GPIOError) {
        guard outputs.indices.contains(index) else {
            throw GPIOError.noSuchIndex("output", index, count: outputs.count)
        }
        let value = active ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE
        guard gpiod_line_request_set_value(outputs[index].request, outputs[index].address.offset, value) == 0 else {
            throw GPIOError.system("cannot set", outputs[index].address, systemError: spk_errno())
        }
    }

    public mutating func releaseAll() {
        Libgpiod2Backend.release(inputs: inputs, outputs: outputs, chips: chips)
        inputs = []
        outputs = []
        chips = []
    }

    // MARK: libgpiod calls

    /// The open chip of `address`, its offset checked against the chip's line count.
    private mutating func chip(for address: LineAddress) throws(GPIOError) -> OpaquePointer {
        let chip = try openChip(address.chipLabel)
        let lines = Libgpiod2Backend.lineCount(of: chip) ?? 0
        guard address.offset < lines else { throw GPIOError.offsetOutOfRange(address, lines: lines) }
        return chip
    }

    /// A request of the one line at `offset` with `settings`, or nil and the `errno` of
    /// the failure. The request and line configs live only for the call.
    private static func request(_ chip: OpaquePointer, offset: UInt32,
                                settings: OpaquePointer) -> (OpaquePointer?, Int32) {
        guard let lineConfig = gpiod_line_config_new() else { return (nil, spk_errno()) }
        defer { gpiod_line_config_free(lineConfig) }
        guard let requestConfig = gpiod_request_config_new() else { return (nil, spk_errno()) }
        defer { gpiod_request_config_free(requestConfig) }
        var offsets: [UInt32] = [offset]
        guard gpiod_line_config_add_line_settings(lineConfig, &offsets, 1, settings) == 0 else {
            return (nil, spk_errno())
        }
        Libgpiod2LineSettings.consumer.withCString { gpiod_request_config_set_consumer(requestConfig, $0) }
        gpiod_request_config_set_event_buffer_size(requestConfig, Libgpiod2LineSettings.eventBufferSize)
        guard let request = gpiod_chip_request_lines(chip, requestConfig, lineConfig) else {
            return (nil, spk_errno())
        }
        return (request, 0)
    }

    private static func release(inputs: [(address: LineAddress, request: OpaquePointer, descriptor: Int32)],
                                outputs: [(address: LineAddress, request: OpaquePointer)],
                                chips: [(label: String, handle: OpaquePointer)]) {
        for input in inputs { gpiod_line_request_release(input.request) }
        for output in outputs { gpiod_line_request_release(output.request) }
        for chip in chips { gpiod_chip_close(chip.handle) }
    }
}
#endif
