#if !SPIKERT_LIBGPIOD2
import CGPIOD
import CSystem

/// `GPIOBackend` over libgpiod 1.6 (Debian 12, Raspberry Pi OS bookworm), which speaks
/// the kernel's v1 GPIO character-device interface. Everything libgpiod-1-specific
/// lives in this type.
///
/// - Chips are opened by label (`gpiod_chip_open_by_label`), once each, and kept open
///   while lines on them are requested; lines are requested one by one (the v1
///   interface gives every event line its own file anyway) with the consumer name
///   `spikertd`, so `gpioinfo` shows who holds them.
/// - Event descriptors are switched to non-blocking, so a spurious wake-up reads 0
///   events instead of blocking the loop; events are read 16 at a time
///   (`gpiod_line_event_read_fd_multiple`), libgpiod 1.6's limit.
/// - v1 has no debounce, no event sequence numbers and no overflow report: the
///   daemon debounces (`Debouncer`) and detects lost edges (`LostEdgeCounter`).
///
/// Compiled only against libgpiod 1.6 (without `SPIKERT_LIBGPIOD2`, which the build
/// sets from the library's pkg-config version); `Libgpiod2Backend` is the 2.x build's.
/// Non-copyable: it owns the chips and lines, and releases them when destroyed.
public struct Libgpiod1Backend: GPIOBackend, ~Copyable {
    private var chips: [(label: String, handle: OpaquePointer)] = []
    private var inputs: [(address: LineAddress, line: OpaquePointer, descriptor: Int32)] = []
    private var outputs: [(address: LineAddress, line: OpaquePointer)] = []
    /// Where one batch of libgpiod events lands before conversion to `EdgeEvent`s.
    private let scratch: UnsafeMutablePointer<gpiod_line_event>

    public init() {
        scratch = UnsafeMutablePointer<gpiod_line_event>.allocate(capacity: EdgeEvent.batchCapacity)
    }

    deinit {
        Libgpiod1Backend.release(inputs: inputs, outputs: outputs, chips: chips)
        scratch.deallocate()
    }

    // MARK: GPIOLineLookup

    public func lineCount(chipLabel: String) -> UInt32? {
        for chip in chips where ASCIIText.equal(chip.label, chipLabel) {
            return gpiod_chip_num_lines(chip.handle)
        }
        guard let handle = chipLabel.withCString({ gpiod_chip_open_by_label($0) }) else { return nil }
        defer { gpiod_chip_close(handle) }
        return gpiod_chip_num_lines(handle)
    }

    public func findLine(named name: String) -> LineAddress? {
        guard !name.utf8.isEmpty,
              let line = name.withCString({ gpiod_line_find($0) }) else { return nil }
        defer { gpiod_line_close_chip(line) }
        guard let chip = gpiod_line_get_chip(line), let label = gpiod_chip_label(chip) else { return nil }
        return LineAddress(chipLabel: String(cString: label), offset: gpiod_line_offset(line))
    }

    // MARK: GPIOBackend

    /// v1 has no debounce: the daemon's `Debouncer` does it.
    public var debouncesInKernel: Bool { false }

    public mutating func requestInput(_ config: InputLineConfig) throws(GPIOError) -> Int {
        let line = try line(at: config.address)
        let type: Int32
        switch config.edges {
        case .rising: type = Int32(GPIOD_LINE_REQUEST_EVENT_RISING_EDGE)
        case .falling: type = Int32(GPIOD_LINE_REQUEST_EVENT_FALLING_EDGE)
        case .both: type = Int32(GPIOD_LINE_REQUEST_EVENT_BOTH_EDGES)
        }
        var flags = config.activeLow ? Int32(GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) : 0
        switch config.bias {
        case .asIs: break
        case .disabled: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE)
        case .pullUp: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP)
        case .pullDown: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN)
        }
        if let failure = Libgpiod1Backend.request(line, type: type, flags: flags, value: 0) {
            throw GPIOError.requestRefused("cannot request input", config.address, bias: config.bias, failure: failure)
        }
        let descriptor = gpiod_line_event_get_fd(line)
        let statusFlags = spk_fcntl_int(descriptor, F_GETFL, 0)
        guard descriptor >= 0, statusFlags >= 0,
              spk_fcntl_int(descriptor, F_SETFL, statusFlags | O_NONBLOCK) == 0 else {
            let failure = spk_errno()
            gpiod_line_release(line)
            throw GPIOError.system("cannot watch events of", config.address, systemError: failure)
        }
        inputs.append((address: config.address, line: line, descriptor: descriptor))
        return inputs.count - 1
    }

    public mutating func requestOutput(_ config: OutputLineConfig) throws(GPIOError) -> Int {
        let line = try line(at: config.address)
        let flags = config.activeLow ? Int32(GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) : 0
        if let failure = Libgpiod1Backend.request(line, type: Int32(GPIOD_LINE_REQUEST_DIRECTION_OUTPUT),
                                                  flags: flags, value: config.initialActive ? 1 : 0) {
            throw GPIOError.requestRefused("cannot request output", config.address, failure: failure)
        }
        outputs.append((address: config.address, line: line))
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
        var count: Int32
        repeat {
            count = gpiod_line_event_read_fd_multiple(inputs[index].descriptor, scratch, UInt32(wanted))
        } while count < 0 && spk_errno() == EINTR
        if count < 0 {
            if let error = GPIOError.readFailed(inputs[index].address, failure: spk_errno()) { throw error }
            return 0
        }
        let read = min(Int(count), wanted)
        for k in 0..<read {
            let event = scratch[k]
            buffer[k] = EdgeEvent(lineIndex: index,
                                  rising: event.event_type == Int32(GPIOD_LINE_EVENT_RISING_EDGE),
                                  timestampNanoseconds: Libgpiod1Backend.nanoseconds(event.ts))
        }
        return read
    }

    public mutating func setOutput(_ index: Int, active: Bool) throws(GPIOError) {
        guard outputs.indices.contains(index) else {
            throw GPIOError.noSuchIndex("output", index, count: outputs.count)
        }
        guard gpiod_line_set_value(outputs[index].line, active ? 1 : 0) == 0 else {
            throw GPIOError.system("cannot set", outputs[index].address, systemError: spk_errno())
        }
    }

    public mutating func releaseAll() {
        Libgpiod1Backend.release(inputs: inputs, outputs: outputs, chips: chips)
        inputs = []
        outputs = []
        chips = []
    }

    // MARK: libgpiod calls

    /// The line at `address`, opening its chip on first use.
    private mutating func line(at address: LineAddress) throws(GPIOError) -> OpaquePointer {
        let chip = try openChip(address.chipLabel)
        let lines = gpiod_chip_num_lines(chip)
        guard address.offset < lines else { throw GPIOError.offsetOutOfRange(address, lines: lines) }
        guard let line = gpiod_chip_get_line(chip, address.offset) else {
            throw GPIOError.system("cannot get", address, systemError: spk_errno())
        }
        return line
    }

    private mutating func openChip(_ label: String) throws(GPIOError) -> OpaquePointer {
        for chip in chips where ASCIIText.equal(chip.label, label) { return chip.handle }
        guard let handle = label.withCString({ gpiod_chip_open_by_label($0) }) else {
            let failure = spk_errno()
            if failure == ENOENT || failure == 0 { throw GPIOError.noChip(label) }
            throw GPIOError.chipUnopenable(label, systemError: failure)
        }
        chips.append((label: label, handle: handle))
        return handle
    }

    /// Request `line`; nil on success, else the `errno` of the failure.
    private static func request(_ line: OpaquePointer, type: Int32, flags: Int32, value: Int32) -> Int32? {
        let result: Int32 = "spikertd".withCString { consumer in
            var config = gpiod_line_request_config(consumer: consumer, request_type: type, flags: flags)
            return gpiod_line_request(line, &config, value)
        }
        return result == 0 ? nil : spk_errno()
    }

    private static func release(inputs: [(address: LineAddress, line: OpaquePointer, descriptor: Int32)],
                                outputs: [(address: LineAddress, line: OpaquePointer)],
                                chips: [(label: String, handle: OpaquePointer)]) {
        for input in inputs { gpiod_line_release(input.line) }
        for output in outputs { gpiod_line_release(output.line) }
        for chip in chips { gpiod_chip_close(chip.handle) }
    }

    /// A `timespec` from the kernel as nanoseconds; negative parts (never sent) as 0.
    static func nanoseconds(_ time: timespec) -> UInt64 {
        let seconds = UInt64(clamping: time.tv_sec)
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return UInt64.max }
        return whole.addingReportingOverflow(UInt64(clamping: time.tv_nsec)).partialValue
    }
}
#endif
