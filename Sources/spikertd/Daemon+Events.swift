import SpikeControl
import SpikeHost

extension Daemon where Backend: ~Copyable {
    /// Tell the clients subscribed to events that something happened to the daemon:
    /// `{"event":"checkpoint","tick":N,...}`. Events are what an operator would want
    /// to see without reading the journal: checkpoints written or failed, reloads done
    /// or refused, pauses, and inputs lost (queue full, kernel overflow).
    func announce(_ name: StaticString, _ body: (inout JSONObjectWriter) -> Void = { _ in }) {
        guard let control else { return }
        control.broadcast(ControlNotification.event(name, tick: tick, body), spikes: false)
        control.flushAll()
    }

    /// Announce losses that grew since the last call (checked once per loop turn).
    func announceLosses() {
        let dropped = queue.dropped
        if dropped != reportedDrops {
            announce("inputs_dropped") { o in o.integer("total", dropped) }
            if reportedDrops == 0 {
                Log.warning("input events dropped: the queue of \(queue.capacity) was full (more in counters)")
            }
            reportedDrops = dropped
        }
        // v1 backends prove lost pairs, v2 backends count lost events: each is announced
        // under its own name, so a subscriber never mistakes a lower bound for a count.
        let lost = gpio?.lostPairs ?? 0
        if lost != reportedLostPairs {
            announce("edges_lost") { o in o.integer("pairs", lost) }
            reportedLostPairs = lost
        }
        let lostEvents = gpio?.lostEvents ?? 0
        if lostEvents != reportedLostEvents {
            announce("edges_lost") { o in o.integer("events", lostEvents) }
            reportedLostEvents = lostEvents
        }
    }
}
