import CSystem

/// A `GPIOBackend` without hardware, for tests of everything above the backend: chips
/// and line names are set up in code, edges are injected with the timestamps a test
/// chooses, and outputs are recorded with the time they were driven.
///
/// It behaves like the kernel where the daemon depends on it: each input's descriptor
/// is a real pipe that polls readable exactly while events are queued, so `poll()`
/// really wakes; each line queues at most `EdgeEvent.batchCapacity` events and, when
/// full, drops (and counts) newer ones, as the v1 interface does, or with `overflow:
/// .dropOldest` the oldest one, numbering every event as the v2 interface does
/// (`EdgeEvent.lineSequence`); a line requested twice is busy; a chip may refuse bias
/// flags. `debouncesInKernel` is what the test says (the fake does not debounce: a test
/// of kernel debounce injects the edges a debouncing kernel would report).
///
/// A class, unlike `Libgpiod1Backend`: a test keeps a reference to inject events and
/// read the output history while the code under test owns the backend.
public final class FakeGPIOBackend: GPIOBackend {
    public let chips: [FakeGPIOChip]
    /// Which event a full queue gives up: v1's (the default) or v2's.
    public let overflow: GPIOQueueOverflow
    /// The time recorded with output changes; tests advance it.
    public var now: UInt64 = 0
    /// Whether the daemon should leave debouncing to the "kernel" (a v2 backend).
    public var debouncesInKernel = false
    private var inputs: [FakeInputLine] = []
    private var outputs: [(config: OutputLineConfig, history: [FakeOutputChange])] = []

    public init(chips: [FakeGPIOChip], overflow: GPIOQueueOverflow = .dropNewest) {
        self.chips = chips
        self.overflow = overflow
    }

    deinit {
        for line in inputs {
            close(line.readEnd)
            close(line.writeEnd)
        }
    }

    // MARK: GPIOLineLookup

    public func lineCount(chipLabel: String) -> UInt32? {
        guard let chip = chip(labelled: chipLabel) else { return nil }
        return UInt32(truncatingIfNeeded: chip.lineNames.count)
    }

    public func findLine(named name: String) -> LineAddress? {
        guard !name.utf8.isEmpty else { return nil }
        for chip in chips {
            for (offset, lineName) in chip.lineNames.enumerated() where ASCIIText.equal(lineName, name) {
                return LineAddress(chipLabel: chip.label, offset: UInt32(truncatingIfNeeded: offset))
            }
        }
        return nil
    }

    // MARK: GPIOBackend

    public func requestInput(_ config: InputLineConfig) throws(GPIOError) -> Int {
        let chip = try checkFree(config.address)
        if config.bias != .asIs, !chip.acceptsBias {
            throw GPIOError.biasRefused(config.address, config.bias, systemError: EINVAL)
        }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw GPIOError.system("cannot request", config.address, systemError: spk_errno())
        }
        for end in ends {
            _ = spk_fcntl_int(end, F_SETFL, O_NONBLOCK)
            _ = spk_fcntl_int(end, F_SETFD, FD_CLOEXEC)
        }
        inputs.append(FakeInputLine(config: config, readEnd: ends[0], writeEnd: ends[1]))
        return inputs.count - 1
    }

    public func requestOutput(_ config: OutputLineConfig) throws(GPIOError) -> Int {
        _ = try checkFree(config.address)
        let first = FakeOutputChange(active: config.initialActive, timestampNanoseconds: now)
        outputs.append((config: config, history: [first]))
        return outputs.count - 1
    }

    public func eventDescriptor(input index: Int) -> Int32 {
        inputs.indices.contains(index) ? inputs[index].readEnd : -1
    }

    public func readEvents(input index: Int,
                           into buffer: UnsafeMutableBufferPointer<EdgeEvent>) throws(GPIOError) -> Int {
        guard inputs.indices.contains(index) else {
            throw GPIOError.noSuchIndex("input", index, count: inputs.count)
        }
        let count = min(buffer.count, EdgeEvent.batchCapacity, inputs[index].queue.count)
        for k in 0..<count { buffer[k] = inputs[index].queue[k] }
        inputs[index].queue.removeFirst(count)
        if count > 0, inputs[index].queue.isEmpty {
            var byte: UInt8 = 0
            _ = read(inputs[index].readEnd, &byte, 1)
        }
        return count
    }

    public func setOutput(_ index: Int, active: Bool) throws(GPIOError) {
        guard outputs.indices.contains(index) else {
            throw GPIOError.noSuchIndex("output", index, count: outputs.count)
        }
        outputs[index].history.append(FakeOutputChange(active: active, timestampNanoseconds: now))
    }

    public func releaseAll() {
        for line in inputs {
            close(line.readEnd)
            close(line.writeEnd)
        }
        inputs = []
        outputs = []
    }

    // MARK: For tests

    /// Queue an edge on input `line` as the kernel would on an interrupt; returns false
    /// when an event was lost because 16 are already queued (counted in
    /// `droppedEvents`: this one with `.dropNewest`, the oldest queued one with
    /// `.dropOldest`) or when no such input was requested. An edge of a direction the
    /// line was not requested for is ignored, as the kernel ignores it (returns true).
    @discardableResult
    public func inject(line: Int, rising: Bool, timestamp: UInt64) -> Bool {
        guard inputs.indices.contains(line) else { return false }
        // An edge of a direction the line was not requested for never becomes an event.
        if inputs[line].config.edges == .rising && !rising { return true }
        if inputs[line].config.edges == .falling && rising { return true }
        var event = EdgeEvent(lineIndex: line, rising: rising, timestampNanoseconds: timestamp)
        var kept = true
        if overflow == .dropOldest {
            // v2 numbers the event first (one line per request: both numbers alike).
            event.lineSequence = inputs[line].nextSequence
            event.globalSequence = inputs[line].nextSequence
            inputs[line].nextSequence &+= 1
            if inputs[line].queue.count >= EdgeEvent.batchCapacity {
                inputs[line].queue.removeFirst()
                inputs[line].dropped &+= 1
                kept = false
            }
        } else if inputs[line].queue.count >= EdgeEvent.batchCapacity {
            inputs[line].dropped &+= 1
            return false
        }
        inputs[line].queue.append(event)
        if inputs[line].queue.count == 1 {
            var byte: UInt8 = 1
            _ = write(inputs[line].writeEnd, &byte, 1)
        }
        return kept
    }

    /// Events of input `line` lost because its queue was full.
    public func droppedEvents(input line: Int) -> UInt64 {
        inputs.indices.contains(line) ? inputs[line].dropped : 0
    }

    /// The configuration input `line` was requested with (nil: not requested).
    public func inputConfig(_ line: Int) -> InputLineConfig? {
        inputs.indices.contains(line) ? inputs[line].config : nil
    }

    /// The values output `index` was driven to, starting with its initial value.
    public func outputHistory(_ index: Int) -> [FakeOutputChange] {
        outputs.indices.contains(index) ? outputs[index].history : []
    }

    /// The chip of `address`, if the line is free to request; refuses unknown chips,
    /// out-of-range offsets and lines already requested here.
    private func checkFree(_ address: LineAddress) throws(GPIOError) -> FakeGPIOChip {
        guard let chip = chip(labelled: address.chipLabel) else { throw GPIOError.noChip(address.chipLabel) }
        let lines = UInt32(truncatingIfNeeded: chip.lineNames.count)
        guard address.offset < lines else { throw GPIOError.offsetOutOfRange(address, lines: lines) }
        for line in inputs where line.config.address == address { throw GPIOError.busy(address) }
        for output in outputs where output.config.address == address { throw GPIOError.busy(address) }
        return chip
    }

    private func chip(labelled label: String) -> FakeGPIOChip? {
        for chip in chips where ASCIIText.equal(chip.label, label) { return chip }
        return nil
    }
}
