import CSystem
import SpikeControl
import SpikeHost
import SpikeIO

/// `--replay`: a spike file, FIFO or stdin read without ever blocking the daemon, its
/// lines parsed with the spike-file parser `spikert run` uses and queued as events.
///
/// Reading stops while the event queue is full (a file is never read faster than the
/// network takes it, so nothing is lost); a FIFO's writer then waits in the kernel. A
/// malformed line is counted and logged and the rest of the stream still used.
final class ReplayInput {
    let path: String
    let pace: ReplayPace
    private let descriptor: FileDescriptor
    private var assembler = LineAssembler(limit: SpikeFileReader.maximumLineLength)
    private var parser = SpikeEventParser()
    /// Parsed but not queued yet (the queue was full).
    private var held: [SpikeEvent] = []
    /// 8 KiB a read, two reads a turn (about 1,300 lines): enough for 100,000 lines a
    /// second at any tick rate, small enough that a turn stays well under a
    /// millisecond and the control socket is answered in time.
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8 * 1024, alignment: 16)
    private(set) var atEnd = false
    /// Lines refused as malformed, and events before the start tick (fast pace: already
    /// consumed by the run a checkpoint came from, as `spikert run` skips them).
    private(set) var malformedLines: UInt64 = 0
    private(set) var skippedEvents: UInt64 = 0
    private(set) var events: UInt64 = 0
    /// The tick of the last event queued (fast pace: how far the network may run).
    private(set) var lastQueuedTick: UInt64 = 0
    /// Realtime pace: network tick = file tick + offset, fixed by the first event.
    private var offset: Int64? = nil

    /// The network's tick when the replay began.
    let startTick: UInt64

    init(path: String, pace: ReplayPace, startTick: UInt64) throws(SystemError) {
        self.path = path
        self.pace = pace
        self.startTick = startTick
        if Arguments.matches(path, "-") {
            descriptor = FileDescriptor(owning: dup(0))
        } else {
            let cPath = CString(path)
            descriptor = try FileDescriptor(path: cPath.pointer, flags: O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        }
        try descriptor.setNonBlocking()
    }

    deinit { buffer.deallocate() }

    var rawDescriptor: Int32 { descriptor.rawValue }

    /// Whether the daemon should poll the descriptor now (more to read and room for it).
    func wantsInput(queue: borrowing EventQueue) -> Bool {
        !atEnd && held.isEmpty && queue.count < queue.capacity
    }

    /// Read what is there and queue its events. `now` is the tick events arriving now
    /// belong to (live pace) or the network's tick (fast/realtime).
    func pump(into queue: inout EventQueue, currentTick: UInt64, liveTick: UInt64) {
        guard requeueHeld(into: &queue) else { return }
        for _ in 0..<2 where !atEnd && queue.count < queue.capacity {
            let n: Int
            do {
                n = try descriptor.read(into: buffer)
            } catch {
                Log.error("replay \(path): \(error.message); the replay ends here")
                atEnd = true
                return
            }
            if n == FileDescriptor.wouldBlock { return }
            if n == 0 {
                assembler.finish { line in take(line, into: &queue, currentTick: currentTick, liveTick: liveTick) }
                atEnd = true
                Log.info("replay \(path): end of input after \(events) events")
                return
            }
            assembler.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) { line in
                take(line, into: &queue, currentTick: currentTick, liveTick: liveTick)
            }
        }
    }

    /// Queue events held back by a full queue; false while some are still held.
    private func requeueHeld(into queue: inout EventQueue) -> Bool {
        while let event = held.first, queue.count < queue.capacity {
            queue.push(event)
            held.removeFirst()
        }
        return held.isEmpty
    }

    private func take(_ line: AssembledLine, into queue: inout EventQueue, currentTick: UInt64, liveTick: UInt64) {
        switch line {
        case .oversized(let count):
            malformedLines &+= 1
            logMalformed("a line of \(count) bytes (at most \(SpikeFileReader.maximumLineLength))")
        case .line(let bytes):
            let parsed: SpikeEvent?
            do { parsed = try parser.parse(line: bytes) } catch {
                malformedLines &+= 1
                logMalformed(error.message)
                return
            }
            guard var event = parsed else { return }
            switch pace {
            case .fast:
                if event.tick < startTick {
                    skippedEvents &+= 1
                    return
                }
            case .realtime:
                if offset == nil { offset = Int64(bitPattern: currentTick) &- Int64(bitPattern: event.tick) }
                event.tick = UInt64(bitPattern: Int64(bitPattern: event.tick) &+ (offset ?? 0))
            case .live:
                event.tick = liveTick
            }
            events &+= 1
            lastQueuedTick = event.tick
            if queue.count < queue.capacity && held.isEmpty {
                queue.push(event)
            } else {
                held.append(event)
            }
        }
    }

    private func logMalformed(_ reason: String) {
        // The first few in full, then one line per thousand: a corrupt stream must not
        // flood the journal.
        if malformedLines <= 5 || malformedLines % 1000 == 0 {
            Log.warning("replay \(path): line skipped (\(malformedLines) so far): \(reason)")
        }
    }
}
