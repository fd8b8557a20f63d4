import CSystem
import SpikeControl
import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel

extension Daemon where Backend: ~Copyable {
    /// Answer one line from a control client. Every line gets exactly one answer: a
    /// result, or an error naming what was wrong (unparsable, oversized, unknown
    /// method, bad parameter, refused by the network).
    func answer(_ client: ControlClient, _ line: AssembledLine) {
        // A client that let its answers pile up is being dropped: no more work for it.
        guard !client.closing else { return }
        counters.requests &+= 1
        do throws(ControlError) {
            switch line {
            case .oversized(let count):
                // The assembler is mid-feed here: its limit is read from the protocol's
                // limits, not from it (exclusive access).
                throw ControlError(.invalidRequest,
                                   "request line longer than \(JSONLimits.control.maxLineLength) bytes (\(count) seen)")
            case .line(let bytes):
                client.send(try perform(try ControlRequest(parsing: bytes), for: client))
            }
        } catch {
            counters.requestErrors &+= 1
            client.send(ControlResponse.error(error))
        }
    }

    private func perform(_ request: ControlRequest, for client: ControlClient) throws(ControlError) -> [UInt8] {
        let id = request.id
        switch request.command {
        case .status:
            return ControlResponse.result(id: id) { o in self.writeStatus(&o) }
        case .counters:
            return ControlResponse.result(id: id) { o in self.writeCounters(&o) }
        case .reward(let value, let at):
            guard model.model.network.plasticityCount > 0 else {
                throw ControlError(.failed, "reward: the model has no learning rules", id: id)
            }
            // A reward for a tick already run is refused rather than applied late: the
            // caller asked for that tick.
            let when = at ?? tick
            guard when >= tick else {
                throw ControlError(.invalidParams, "reward: tick \(when) has already run (the network is at tick \(tick))", id: id)
            }
            let event = SpikeEvent(tick: when, channel: SpikeEvent.rewardChannel, value: value)
            guard queue.push(event) else {
                throw ControlError(.failed, "the event queue is full; reward not queued", id: id)
            }
            counters.rewards &+= 1
            return ControlResponse.result(id: id) { o in o.integer("tick", when) }
        case .learning(let change):
            controlChanges &+= 1
            if let message = applyLearning(change) {
                throw ControlError(.failed, message, id: id)
            }
            settingsDirty = true
            return ControlResponse.result(id: id) { o in self.writeLearning(&o) }
        case .power(let change):
            controlChanges &+= 1
            var settings = PowerSettings(mode: .normal, fold: 2, thresholdScale: model.model.network.power.thresholdScale)
            switch change.mode {
            case .normal: settings.mode = .normal
            case .full: settings.mode = .full
            case .low: settings.mode = .low
            }
            if let fold = change.fold { settings.fold = fold }
            if let scale = change.scale { settings.thresholdScale = scale }
            do { try model.model.network.setPower(settings) } catch {
                throw ControlError(.failed, "power: \(error.message)", id: id)
            }
            return ControlResponse.result(id: id) { o in self.writePower(&o) }
        case .checkpoint:
            switch saveCheckpoint(reason: "request") {
            case .success(let record):
                return ControlResponse.result(id: id) { o in
                    o.string("path", self.checkpointer.path)
                    o.integer("bytes", record.bytes)
                    o.integer("tick", record.tick)
                }
            case .failure(let failure):
                throw ControlError(.failed, failure.message, id: id)
            }
        case .reload:
            controlChanges &+= 1
            if let message = reload(reason: "request") {
                throw ControlError(.failed, message, id: id)
            }
            return ControlResponse.result(id: id) { o in o.integer("tick", self.tick) }
        case .subscribe(let change):
            client.subscribedToSpikes = change.spikes
            client.subscribedToEvents = change.events
            return ControlResponse.result(id: id) { o in
                o.bool("spikes", change.spikes)
                o.bool("events", change.events)
            }
        case .pause:
            paused = true
            announce("paused")
            return ControlResponse.result(id: id) { o in o.integer("tick", self.tick) }
        case .resume:
            if paused {
                paused = false
                clock.rebase(tick: tick, at: MonotonicClock.nanoseconds())
                announce("resumed")
            }
            return ControlResponse.result(id: id) { o in o.integer("tick", self.tick) }
        case .unsubscribe:
            client.subscribedToSpikes = false
            client.subscribedToEvents = false
            return ControlResponse.result(id: id)
        }
    }

    /// Learning switched on or off and parameters set on every rule; the message when
    /// the network refuses (no rules, a value out of range).
    private func applyLearning(_ change: LearningChange) -> String? {
        let rules = model.model.network.plasticityCount
        guard rules > 0 else { return "learning: the model has no learning rules" }
        for value in change.parameters {
            let parameter = value.parameter
            for r in 0..<rules {
                do { try model.model.network.setPlasticityParameter(rule: r, parameter, to: value.value) } catch {
                    return "learning: \(value.parameter.name): \(error.message)"
                }
            }
        }
        if let enabled = change.enabled {
            for r in 0..<rules {
                do { try model.model.network.setLearning(rule: r, enabled: enabled) } catch {
                    return "learning: \(error.message)"
                }
            }
        }
        return nil
    }

    private func writeStatus(_ o: inout JSONObjectWriter) {
        model.model.readNetwork { net in self.writeStatus(&o, net) }
    }

    private func writeStatus(_ o: inout JSONObjectWriter, _ net: borrowing Network) {
        o.string("model", options.model)
        o.integer("tick", tick)
        o.string("state_hash", TextFormat.hex64(currentHash(net)))
        o.integer("dt_ns", clock.dt)
        o.bool("quiescent", net.isQuiescent)
        o.bool("paused", paused)
        o.integer("uptime_ms", (MonotonicClock.nanoseconds() &- startTime) / 1_000_000)
        o.integer("queued_events", queue.count)
        o.bool("learned_state_dirty", isDirty)
        o.integer("checkpoints_written", checkpointer.written)
        o.integer("checkpoints_failed", checkpointer.failed)
        o.object("learning") { l in self.writeLearning(&l) }
        o.object("power") { p in self.writePower(&p) }
    }

    private func currentHash(_ net: borrowing Network) -> UInt64 {
        // The network changes only by running (its tick moves), by applied events, or
        // by control requests; any of them makes the cached hash stale.
        if let cached = cachedHash, cached.tick == net.tick, cached.events == driver.appliedEvents,
           cached.changes == controlChanges {
            return cached.value
        }
        let value = net.stateHash()
        cachedHash = (net.tick, driver.appliedEvents, controlChanges, value)
        return value
    }

    private func writeLearning(_ o: inout JSONObjectWriter) {
        model.model.readNetwork { net in self.writeLearning(&o, net) }
    }

    private func writeLearning(_ o: inout JSONObjectWriter, _ net: borrowing Network) {
        o.integer("rules", net.plasticityCount)
        var on = 0
        for r in 0..<net.plasticityCount where (try? net.plasticitySpec(r))?.enabled == true { on += 1 }
        o.integer("enabled_rules", on)
    }

    private func writePower(_ o: inout JSONObjectWriter) {
        let power = model.model.network.power
        switch power.mode {
        case .normal: o.string("mode", literal: "normal")
        case .full: o.string("mode", literal: "full")
        case .low: o.string("mode", literal: "low")
        }
        o.integer("fold", power.fold)
        o.integer("scale", power.thresholdScale)
    }

    private func writeCounters(_ o: inout JSONObjectWriter) {
        let c = model.model.network.counters
        o.integer("tick", tick)
        o.object("network") { n in
            n.integer("synaptic_events", c.synapticEvents)
            n.integer("neuron_updates", c.neuronUpdates)
            n.integer("spikes", c.spikes)
            n.integer("input_spikes", c.inputSpikes)
            n.integer("skipped_ticks", c.skippedTicks)
            n.integer("plasticity_updates", c.plasticityUpdates)
        }
        o.object("events") { e in
            e.integer("applied", self.driver.appliedEvents)
            e.integer("late", self.driver.lateEvents)
            e.integer("rejected", self.driver.rejectedEvents)
            e.integer("dropped_queue_full", self.queue.dropped)
            e.integer("queue_high_water", self.queue.highWater)
            e.integer("replay_malformed_lines", self.replay?.malformedLines ?? 0)
            e.integer("rewards", self.counters.rewards)
        }
        o.object("daemon") { d in
            d.integer("wake_ups", self.counters.wakeUps)
            d.integer("late_ticks", self.counters.lateTicks)
            d.integer("output_spikes", self.outputs.spikes)
            d.integer("requests", self.counters.requests)
            d.integer("request_errors", self.counters.requestErrors)
            d.integer("reloads", self.counters.reloads)
            d.integer("reloads_refused", self.counters.reloadsRefused)
            d.integer("connections_refused", self.control?.refused ?? 0)
        }
    }
}
