import SpikeCore

/// The `params` object of one request, read into the method's `ControlCommand`.
/// Every getter checks the type and range and throws `invalidParams` naming the
/// method, the key and the offending value.
struct ControlParams {
    let members: [JSONMember]
    let method: ControlMethod
    let id: ControlRequestID

    func command() throws(ControlError) -> ControlCommand {
        switch method {
        case .status: try allowOnly([]); return .status
        case .counters: try allowOnly([]); return .counters
        case .checkpoint: try allowOnly([]); return .checkpoint
        case .reload: try allowOnly([]); return .reload
        case .unsubscribe: try allowOnly([]); return .unsubscribe
        case .pause: try allowOnly([]); return .pause
        case .resume: try allowOnly([]); return .resume
        case .reward:
            try allowOnly(["value", "tick"])
            guard let value = try integer("value", in: Int64(Int32.min)...Int64(Int32.max)) else {
                throw fail("missing \"value\" (a Q16.16 integer)")
            }
            let tick = try integer("tick", in: 0...(Int64.max - 1))
            return .reward(Int32(truncatingIfNeeded: value), tick: tick.map { UInt64($0) })
        case .learning: return .learning(try learningChange())
        case .power: return .power(try powerChange())
        case .subscribe:
            try allowOnly(["spikes", "events"])
            let change = SubscriptionChange(spikes: try bool("spikes") ?? true, events: try bool("events") ?? true)
            guard change.spikes || change.events else { throw fail("nothing to subscribe to (spikes and events both false)") }
            return .subscribe(change)
        }
    }

    private func learningChange() throws(ControlError) -> LearningChange {
        var change = LearningChange()
        for member in members {
            if StaticString("enabled").matches(member.key) {
                change.enabled = try bool("enabled")
                continue
            }
            guard let parameter = PlasticityParameter(name: member.key) else { throw unknown(member.key) }
            let range: ClosedRange<Int64> = parameter == .bounds ? 0...1 : Int64(Int32.min)...Int64(Int32.max)
            guard let value = try integer(parameter.name, in: range) else { continue }
            change.parameters.append(LearningParameterValue(parameter, Int32(truncatingIfNeeded: value)))
        }
        guard change.enabled != nil || !change.parameters.isEmpty else {
            throw fail("needs \"enabled\" or a learning parameter (a_plus, a_minus, decay_pre, decay_post, "
                           + "w_min, w_max, learning_rate, decay_elig, bounds, norm_target)")
        }
        return change
    }

    private func powerChange() throws(ControlError) -> PowerChange {
        try allowOnly(["mode", "fold", "scale"])
        guard let modeValue = value("mode") else { throw fail("missing \"mode\" (normal, full or low)") }
        guard let name = modeValue.stringBytes, let mode = ControlPowerMode(name: name) else {
            throw fail("\"mode\" must be \"normal\", \"full\" or \"low\", got " + MessageText.quoted(modeValue))
        }
        let fold = try integer("fold", in: PowerChange.foldRange)
        let scale = try integer("scale", in: PowerChange.scaleRange)
        if mode != .low, fold != nil || scale != nil {
            throw fail("\"fold\" and \"scale\" are for mode \"low\" only, not " + MessageText.quoted(modeValue))
        }
        return PowerChange(mode: mode,
                           fold: fold.map { Int(truncatingIfNeeded: $0) },
                           scale: scale.map { Int32(truncatingIfNeeded: $0) })
    }

    // MARK: getters

    private func value(_ key: StaticString) -> JSONValue? {
        for member in members where key.matches(member.key) { return member.value }
        return nil
    }

    private func bool(_ key: StaticString) throws(ControlError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.boolValue else {
            throw fail(quotedKey(key) + " must be true or false, got " + MessageText.quoted(v))
        }
        return b
    }

    private func integer(_ key: StaticString, in range: ClosedRange<Int64>) throws(ControlError) -> Int64? {
        guard let v = value(key) else { return nil }
        guard let n = v.integerValue else {
            throw fail(quotedKey(key) + " must be an integer, got " + MessageText.quoted(v))
        }
        guard range.contains(n) else {
            throw fail(quotedKey(key) + " " + MessageText.quoted(v) + " is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return n
    }

    /// Refuse members other than `allowed`.
    private func allowOnly(_ allowed: [StaticString]) throws(ControlError) {
        for member in members {
            var known = false
            for key in allowed where key.matches(member.key) { known = true }
            if !known { throw unknown(member.key) }
        }
    }

    private func unknown(_ key: [UInt8]) -> ControlError {
        fail("unknown parameter " + MessageText.quoted(bytes: key))
    }

    private func quotedKey(_ key: StaticString) -> String { "\"" + MessageText.literal(key) + "\"" }

    private func fail(_ what: String) -> ControlError {
        ControlError(.invalidParams, "invalid params for \"" + MessageText.literal(method.name) + "\": " + what, id: id)
    }
}
