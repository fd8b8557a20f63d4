/// Which event a full kernel event queue gives up, the one difference between the two
/// GPIO interfaces that decides what lost-event detection can see.
///
/// - `dropNewest`: the v1 interface (libgpiod 1.6) refuses the new event; the queue
///   keeps the oldest 16, events carry no sequence numbers, and a loss shows only as two
///   edges of the same direction in a row on a both-edges line (`LostEdgeCounter`).
/// - `dropOldest`: the v2 interface (libgpiod 2.x) discards the oldest queued event and
///   queues the new one; every event is numbered, so the jump in the numbers of the next
///   event read counts the loss exactly (`EdgeSequenceTracker`).
///
/// `FakeGPIOBackend` behaves either way, so the daemon's reporting is tested for both.
public enum GPIOQueueOverflow: Sendable {
    case dropNewest
    case dropOldest
}
