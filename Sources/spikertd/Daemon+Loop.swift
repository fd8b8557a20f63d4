import CSystem
import SpikeControl
import SpikeCore
import SpikeGPIO
import SpikeHost
import SpikeIO
import SpikeModel

extension Daemon where Backend: ~Copyable {
    /// The poll loop: run the ticks that are due, hand out their spikes, checkpoint if
    /// it is time, then sleep in poll() until a descriptor or the one timer wakes it.
    /// The timer is armed only for what is really due — the next tick while the
    /// network is active, a queued event's tick, a checkpoint — so a quiescent daemon
    /// with nothing pending sleeps with no timer at all.
    func run() -> ExitCode {
        _ = ServiceNotifier.notify("READY=1\nSTATUS=running at tick \(tick)")
        let socketPath: String? = control?.path
        Log.info("running: model \(options.model), tick \(tick), dt \(clock.dt) ns"
            + (socketPath.map { ", control socket " + $0 } ?? ""))
        while !stopping {
            if !iterate(maximumWaitMilliseconds: -1) { return ExitCode.failure }
        }
        return shutDown()
    }

    /// One turn of the loop: run what is due, publish, checkpoint if due, then wait in
    /// poll() — at most `maximumWaitMilliseconds` (-1: as long as nothing happens; tests
    /// pass a bound) — and take what woke it. False on a fatal poll error.
    func iterate(maximumWaitMilliseconds: Int32) -> Bool {
        // Decided before the ticks run, so the spikes of this turn reach the output lines
        // and subscribers too (the first turn included).
        outputs.collects = control?.hasSpikeSubscribers == true || gpio?.hasOutputs == true
        advance()
        publish()
        announceLosses()
        if let stopTick, tick >= stopTick {
            Log.info("stopping at tick \(tick) (--ticks)")
            stopping = true
            return true
        }
        checkpointIfDue()
        var timeout = schedule()
        if maximumWaitMilliseconds >= 0 && (timeout < 0 || timeout > maximumWaitMilliseconds) {
            timeout = maximumWaitMilliseconds
        }
        poll.removeAll()
        let signalSlot = poll.add(signals.descriptor, events: PollSet.readable)
        let timerSlot = poll.add(timer.descriptor, events: PollSet.readable)
        var replaySlot = -1
        if let replay, replay.wantsInput(queue: queue) {
            replaySlot = poll.add(replay.rawDescriptor, events: PollSet.readable)
        }
        control?.register(in: &poll)
        gpio?.register(in: &poll)
        do { _ = try poll.wait(timeoutMilliseconds: timeout) } catch {
            Log.error("poll: \(error.message)")
            return false
        }
        counters.wakeUps &+= 1
        if poll.has(PollSet.readable, at: signalSlot) { takeSignals() }
        if poll.has(PollSet.readable, at: timerSlot) { _ = try? timer.takeExpirations() }
        if replaySlot >= 0, poll.has(PollSet.readable | PollSet.hangUp | PollSet.error, at: replaySlot) {
            pumpReplay()
        }
        if let gpio { gpio.service(poll, clock: clock, queue: &queue) }
        control?.service(poll) { client, line in self.answer(client, line) }
        return true
    }

    /// Run the ticks whose time has come (realtime), or the next slice of a fast
    /// replay.
    func advance() {
        guard !paused else { return }
        if let gpio { gpio.settle(now: MonotonicClock.nanoseconds(), clock: clock, queue: &queue) }
        if let iio { iio.sample(now: MonotonicClock.nanoseconds(), clock: clock, queue: &queue) }
        if let replay, replay.pace == .fast, !fastReplayDone {
            advanceFast(replay)
            return
        }
        let now = MonotonicClock.nanoseconds()
        var end = clock.tick(at: now)
        if let stopTick, end > stopTick { end = stopTick }
        guard end > tick else { return }
        if !model.model.network.isQuiescent && end > tick &+ 1 {
            counters.lateTicks &+= end &- tick &- 1
        }
        runDriver(end: end, finishing: end == stopTick)
    }

    /// A fast replay: up to the last queued event's tick (events of that tick may still
    /// be coming), in slices of a few milliseconds so the socket stays answered; at the
    /// end of the file, to `--ticks` or through the last event's step, as `spikert run`
    /// does; then the daemon goes on in real time from there.
    private func advanceFast(_ replay: ReplayInput) {
        let sliceEnd = MonotonicClock.nanoseconds() &+ DaemonTiming.fastSliceNanoseconds
        if replay.atEnd {
            runDriver(end: stopTick, finishing: true)
            fastReplayDone = true
            clock.rebase(tick: tick, at: MonotonicClock.nanoseconds())
            Log.info("replay \(replay.path): done at tick \(tick); continuing in real time")
            return
        }
        var target = replay.lastQueuedTick
        if let stopTick, target > stopTick { target = stopTick }
        while tick < target && MonotonicClock.nanoseconds() < sliceEnd {
            let chunk = tick &+ 1024
            runDriver(end: chunk < target ? chunk : target)
        }
    }

    /// Run the driver to `end`. A low-power step that crosses `end` waits (more of its
    /// events may come) unless `finishing` (the end of a fast replay, as `spikert run`).
    func runDriver(end: UInt64?, finishing: Bool = false) {
        do {
            try driver.run(&model.model.network, source: &queue, sink: &outputs, end: end,
                           finishesLastStep: finishing)
        } catch {
            // The queue never fails to read and rejections are counted, not thrown.
            Log.error("tick driver: unexpected failure")
        }
    }

    /// Spikes to subscribers (and GPIO outputs), buffered output to its files.
    func publish() {
        let subscribers = control?.hasSpikeSubscribers == true
        let lines = gpio?.hasOutputs == true
        outputs.drain { tick, channel in
            // A spike of the step at `tick` is known when the step ends: its pulse
            // starts at the next tick, so a pulse of W ticks is high for W whole ticks.
            if lines { gpio?.spike(tick: tick &+ 1, channel: channel) }
            if subscribers {
                control?.broadcast(ControlNotification.spike(tick: tick, channel: channel), spikes: true)
            }
        }
        if subscribers { control?.flushAll() }
        if lines { gpio?.refreshOutputs(at: tick) }
        outputs.collects = subscribers || lines
        outputs.flush()
        if let error = outputs.writeError {
            // Logged once when writing starts failing, once when it works again: a full
            // disk must not also flood the journal with a line per tick.
            if !outputFailing {
                Log.error("output: \(error.message); output spikes are being lost until writing works again")
                outputFailing = true
            }
            outputs.writeError = nil
        } else if outputFailing {
            outputFailing = false
            Log.info("output: writing again; \(outputs.lostLines) output lines lost so far")
        }
    }

    /// Arm the timer for the earliest thing due and return poll's timeout: 0 when work
    /// is waiting now (a fast replay), else -1 (sleep until a descriptor or the timer).
    func schedule() -> Int32 {
        if stopping { return 0 }
        if let replay, replay.pace == .fast, !fastReplayDone, !paused {
            if replay.atEnd || tick < replay.lastQueuedTick { return 0 }
        }
        var deadline: UInt64? = nil
        func consider(_ t: UInt64) { if deadline == nil || t < deadline! { deadline = t } }
        if !paused {
            let active = !model.model.network.isQuiescent || model.model.network.power.mode == .full
            if active {
                consider(clock.start(of: tick &+ 1))
            } else if let first = queue.firstTick {
                consider(clock.start(of: (first > tick ? first : tick) &+ 1))
            }
            if let stopTick { consider(clock.start(of: stopTick)) }
            if let change = gpio?.nextOutputChange(after: tick) { consider(clock.start(of: change)) }
        }
        if let debounce = gpio?.nextDebounceDeadline { consider(debounce) }
        if !paused, let sample = iio?.nextDeadline { consider(sample) }
        if isDirty {
            // The same rule as checkpointIfDue, or the loop would wake for a deadline
            // that writes nothing: within the idle spacing once the network rests, at
            // the interval while it works.
            if model.model.network.isQuiescent && queue.isEmpty {
                consider(lastCheckpointTime &+ DaemonTiming.idleCheckpointSpacing)
            } else if options.checkpointInterval > 0 {
                consider(lastCheckpointTime &+ options.checkpointInterval &* 1_000_000_000)
            }
        }
        do {
            if let deadline {
                try timer.arm(at: deadline, interval: 0)
            } else {
                try timer.disarm()
            }
        } catch {
            Log.error("tick timer: \(error.message)")
            return 1
        }
        return -1
    }

    func takeSignals() {
        while let signal = try? signals.next() {
            switch signal {
            case SIGHUP:
                reload(reason: "SIGHUP")
            default:
                Log.info("signal \(signal): checkpointing and stopping")
                stopping = true
            }
        }
    }

    func pumpReplay() {
        guard let replay else { return }
        let live = clock.tick(at: MonotonicClock.nanoseconds())
        replay.pump(into: &queue, currentTick: tick, liveTick: live > tick ? live : tick)
    }

    /// Final checkpoint, output flushed, a summary in the log.
    func shutDown() -> ExitCode {
        _ = ServiceNotifier.notify("STOPPING=1")
        publish()
        let saved = saveCheckpoint(reason: "exit")
        logSummary()
        // A final checkpoint that could not be written is a failure systemd should
        // see (the previous one is intact; what was learned since it is not on disk).
        if case .failure = saved { return .failure }
        return .success
    }
}
