import CSystem
import SpikeControl
import SpikeCore
import SpikeGPIO
import SpikeHost
import SpikeIO
import SpikeModel

/// The running daemon: the model in its arena, the shared tick driver and its event
/// queue, the clock that maps kernel timestamps to ticks, the outputs, the control
/// socket, the checkpoints, and the one poll loop (Daemon+Loop.swift) that drives it all.
///
/// A class: its parts are non-copyable owners of descriptors and memory, and the loop,
/// the control handlers and the checkpointing all work on the same state.
final class Daemon<Backend: GPIOBackend & ~Copyable> {
    let options: DaemonOptions
    var model: ModelFile
    /// The shape of the configured model: checkpoints must match it.
    var fingerprint: UInt64
    var driver: TickDriver
    var queue: EventQueue
    var clock: TickClock
    var outputs: OutputFanout
    let store: CheckpointStore
    var checkpointer: Checkpointer
    var control: ControlServer?
    var replay: ReplayInput?
    /// GPIO input and output lines (nil when none are configured).
    var gpio: GPIOPort<Backend>?
    /// IIO sensor channels (nil when none are configured).
    var iio: IIOSampler?
    let signals: SignalChannel
    let timer: IntervalTimer
    var poll = PollSet()
    var counters = DaemonCounters()
    var stopping = false
    var paused: Bool
    /// The tick at which `--ticks` stops the daemon.
    let stopTick: UInt64?
    /// When the last checkpoint was written, and the learning work done by then (more
    /// work since means learned state is dirty).
    var lastCheckpointTime: UInt64
    var lastCheckpointUpdates: UInt64
    /// Learning settings changed through the socket since the last checkpoint.
    var settingsDirty = false
    /// A fast replay reached its end and the daemon went on in real time.
    var fastReplayDone = false
    /// The spike file or stdout is failing (logged once; logged again when it recovers).
    var outputFailing = false
    /// Losses already announced to event subscribers.
    var reportedDrops: UInt64 = 0
    var reportedLostPairs: UInt64 = 0
    var reportedLostEvents: UInt64 = 0
    /// The state hash of the network as last computed (the `status` answer), with what
    /// it was computed at: a client asking for status a thousand times between two runs
    /// of the network costs one hash, not a thousand walks over the whole state.
    var cachedHash: (tick: UInt64, events: Int, changes: UInt64, value: UInt64)? = nil
    /// Control requests that changed the network (learning, power, reload): they
    /// invalidate the cached hash within a turn.
    var controlChanges: UInt64 = 0
    let startTime: UInt64


    init(options: DaemonOptions, model: consuming ModelFile, fingerprint: UInt64, channels: ChannelMap,
         writer: consuming SpikeFileWriter, store: CheckpointStore,
         signals: consuming SignalChannel, timer: consuming IntervalTimer) {
        self.options = options
        self.fingerprint = fingerprint
        let now = MonotonicClock.nanoseconds()
        let tick = model.model.network.tick
        let dt = model.model.metadata.dtNanoseconds
        self.model = model
        driver = TickDriver(channels: channels, stopsOnRejection: false)
        queue = EventQueue(capacity: options.queueCapacity)
        clock = TickClock(epoch: now, dt: dt, firstTick: tick)
        outputs = OutputFanout(writer: writer, json: options.json)
        self.store = store
        checkpointer = store.checkpointer()
        self.signals = signals
        self.timer = timer
        paused = options.paused
        stopTick = options.ticks.map { tick &+ $0 }
        startTime = now
        lastCheckpointTime = now
        lastCheckpointUpdates = 0
        lastCheckpointUpdates = self.model.model.network.counters.plasticityUpdates
    }

    var tick: UInt64 { model.model.network.tick }

    /// Learned state changed since the last checkpoint.
    var isDirty: Bool {
        settingsDirty || model.model.network.counters.plasticityUpdates != lastCheckpointUpdates
    }
}

/// The daemon's fixed timings.
enum DaemonTiming {
    /// How long a fast replay runs before looking at the socket again.
    static let fastSliceNanoseconds: UInt64 = 2_000_000
    /// Idle checkpoints at most this often (an SD card is not written on every burst).
    static let idleCheckpointSpacing: UInt64 = 10_000_000_000
}
