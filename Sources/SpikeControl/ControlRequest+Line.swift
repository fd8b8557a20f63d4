import SpikeCore

extension ControlRequest {
    /// The request as one line, newline included: what a client sends. Params are
    /// written only when the method has any, in the order `init(parsing:)` documents.
    public var line: [UInt8] {
        JSONWriter.line { o in
            o.value("id", id.json)
            o.string("method", literal: method.name)
            switch command {
            case .status, .counters, .checkpoint, .reload, .unsubscribe, .pause, .resume:
                break
            case .reward(let value, let tick):
                o.object("params") { p in
                    p.integer("value", value)
                    if let tick { p.integer("tick", tick) }
                }
            case .learning(let change):
                o.object("params") { p in
                    if let enabled = change.enabled { p.bool("enabled", enabled) }
                    for setting in change.parameters { p.integer(setting.parameter.name, setting.value) }
                }
            case .power(let change):
                o.object("params") { p in
                    p.string("mode", literal: change.mode.name)
                    if let fold = change.fold { p.integer("fold", fold) }
                    if let scale = change.scale { p.integer("scale", scale) }
                }
            case .subscribe(let change):
                o.object("params") { p in
                    p.bool("spikes", change.spikes)
                    p.bool("events", change.events)
                }
            }
        }
    }
}
