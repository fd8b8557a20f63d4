import CSystem
import SpikeControl
import SpikeCore
import SpikeHost
import SpikeIO
import SpikeModel

extension Daemon where Backend: ~Copyable {
    /// Checkpoint dirty learned state when the daemon is idle (at most every
    /// `idleCheckpointSpacing`) or, while it is busy, every `--checkpoint-interval`.
    func checkpointIfDue() {
        guard isDirty else { return }
        let now = MonotonicClock.nanoseconds()
        let since = now &- lastCheckpointTime
        let idle = model.model.network.isQuiescent && queue.isEmpty
        if idle && since >= DaemonTiming.idleCheckpointSpacing {
            saveCheckpoint(reason: "idle")
        } else if options.checkpointInterval > 0 && since >= options.checkpointInterval &* 1_000_000_000 {
            saveCheckpoint(reason: "interval")
        }
    }

    /// Write a checkpoint now. A failure (full disk, I/O error) is logged and the
    /// previous checkpoint stays as it was; the network runs and learns on.
    @discardableResult
    func saveCheckpoint(reason: StaticString) -> Result<CheckpointRecord, CheckpointFailure> {
        let result = checkpointer.save(model.model)
        lastCheckpointTime = MonotonicClock.nanoseconds()
        switch result {
        case .success(let record):
            lastCheckpointUpdates = model.model.network.counters.plasticityUpdates
            settingsDirty = false
            Log.info("checkpoint (\(reason)): \(record.bytes) bytes at tick \(record.tick) in \(checkpointer.path)")
            announce("checkpoint") { o in
                o.string("reason", literal: reason)
                o.integer("bytes", record.bytes)
            }
        case .failure(let failure):
            Log.error("\(failure.message) (\(reason)); the previous checkpoint is intact, learning goes on")
            announce("checkpoint_failed") { o in o.string("message", failure.message) }
        }
        return result
    }

    /// Load the model file again (SIGHUP, `reload`): validated by the loader first; a
    /// file that does not load leaves the running network untouched. The running state
    /// is checkpointed before it is replaced, so learned weights survive as the
    /// previous generation.
    @discardableResult
    func reload(reason: StaticString) -> String? {
        var fresh: ModelFile
        switch ModelFile.open(options.model, copyTensors: false) {
        case .success(let file): fresh = file
        case .failure(let failure):
            counters.reloadsRefused &+= 1
            let message = "reload refused, the running model goes on: \(failure.message)"
            Log.error(message + " (\(reason))")
            announce("reload_refused") { o in o.string("message", message) }
            return message
        }
        // Another shape would not fit the configured lines, channels and learned state:
        // a reload replaces the weights of the same network, nothing else.
        guard ModelFingerprint.of(fresh.model) == fingerprint else {
            counters.reloadsRefused &+= 1
            let message = "reload refused, the running model goes on: \(options.model) now holds a network of another "
                + "shape or name (restart the daemon to change models)"
            Log.error(message + " (\(reason))")
            announce("reload_refused") { o in o.string("message", message) }
            return message
        }
        if let message = options.settings.apply(to: &fresh.model.network, modelName: options.model) {
            counters.reloadsRefused &+= 1
            Log.error("reload refused, the running model goes on: \(message)")
            return message
        }
        saveCheckpoint(reason: "reload")
        publish()
        // The learned state of the old model stays on disk beside, not in the way.
        _ = store.setAside()
        do { try store.record(modelID: ModelIdentity.of(UnsafeRawBufferPointer(fresh.file.bytes))) } catch {
            Log.warning("\(store.modelIDPath): \(error.message)")
        }
        model = fresh
        // Same shape, same channels: the driver, its counters and the queued inputs stay.
        clock.rebase(tick: tick, at: MonotonicClock.nanoseconds())
        lastCheckpointUpdates = model.model.network.counters.plasticityUpdates
        counters.reloads &+= 1
        Log.info("reloaded \(options.model) (\(reason)) at tick \(tick)")
        announce("reloaded")
        return nil
    }

    func logSummary() {
        let c = model.model.network.counters
        Log.info("state hash \(TextFormat.hex64(model.model.network.stateHash())) at tick \(tick)")
        Log.info("counters: \(c.synapticEvents) synaptic events, \(c.neuronUpdates) neuron updates, "
            + "\(c.spikes) spikes, \(c.inputSpikes) input spikes, \(c.skippedTicks) skipped ticks, "
            + "\(c.plasticityUpdates) plasticity updates")
        Log.info("events: \(driver.appliedEvents) applied, \(driver.lateEvents) late, \(driver.rejectedEvents) rejected, "
            + "\(queue.dropped) dropped (queue full); \(counters.lateTicks) late ticks; \(outputs.spikes) output spikes; "
            + "\(counters.wakeUps) wake-ups")
    }
}
