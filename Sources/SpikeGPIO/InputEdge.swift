/// Which edges of an input line become events. `both` is what spike inputs normally
/// want (a press and a release are both information) and the only selection on which
/// lost edges can be detected (see `LostEdgeCounter`).
public enum InputEdge: Sendable {
    case rising
    case falling
    case both
}
