import SpikeGPIO

/// A model of one kernel line request's event queue, for the loss-accounting tests: it
/// numbers every event it is given (global and per line, from 1, as the v2 kernel does
/// before queueing), keeps at most `capacity`, and on overflow gives up the newest (v1)
/// or the oldest (v2) event, counting exactly what it lost, per line too. What the
/// tracker says is then checked against what really happened.
struct KernelQueueModel {
    let capacity: Int
    let overflow: GPIOQueueOverflow
    private(set) var queue: [EdgeEvent] = []
    private(set) var lost: UInt64 = 0
    private(set) var lostPerLine: [Int: UInt64] = [:]
    private var nextGlobal: UInt32
    private var nextLine: [Int: UInt32] = [:]

    init(capacity: Int = EdgeEvent.batchCapacity, overflow: GPIOQueueOverflow, firstNumber: UInt32 = 1) {
        self.capacity = capacity
        self.overflow = overflow
        nextGlobal = firstNumber
    }

    /// An edge on `line`: numbered, then queued or dropped as the policy says.
    mutating func edge(line: Int, rising: Bool, at time: UInt64) {
        let lineNumber = nextLine[line] ?? 1
        nextLine[line] = lineNumber &+ 1
        let event = EdgeEvent(lineIndex: line, rising: rising, timestampNanoseconds: time,
                              lineSequence: lineNumber, globalSequence: nextGlobal)
        nextGlobal &+= 1
        if queue.count < capacity {
            queue.append(event)
            return
        }
        switch overflow {
        case .dropNewest:
            drop(event)
        case .dropOldest:
            drop(queue.removeFirst())
            queue.append(event)
        }
    }

    /// Read up to `max` events, oldest first, as a read(2) of the request's descriptor.
    mutating func read(max: Int = EdgeEvent.batchCapacity) -> [EdgeEvent] {
        let count = min(max, queue.count)
        let batch = Array(queue.prefix(count))
        queue.removeFirst(count)
        return batch
    }

    private mutating func drop(_ event: EdgeEvent) {
        lost += 1
        lostPerLine[event.lineIndex, default: 0] += 1
    }
}
