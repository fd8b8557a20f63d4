/// Builders of the lines the daemon pushes to subscribers (newline included). They carry
/// `"event"` and no `"id"`, so a client tells them from responses by that member alone.
public enum ControlNotification {
    /// `{"event":"spike","tick":N,"channel":C}`: one output spike (a `spikes` subscription).
    public static func spike(tick: UInt64, channel: Int) -> [UInt8] {
        JSONWriter.line { o in
            o.string("event", literal: "spike")
            o.integer("tick", tick)
            o.integer("channel", channel)
        }
    }

    /// `{"event":NAME,"tick":N,…}`: anything else an `events` subscription reports
    /// (e.g. "checkpoint" with "path", "power" with "mode", "error" with "message");
    /// `body` adds the event's own members.
    public static func event(_ name: StaticString, tick: UInt64,
                             _ body: (inout JSONObjectWriter) -> Void = { _ in }) -> [UInt8] {
        JSONWriter.line { o in
            o.string("event", literal: name)
            o.integer("tick", tick)
            body(&o)
        }
    }
}
