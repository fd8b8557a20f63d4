import CSystem
import SpikeControl
import SpikeCore
import SpikeGPIO
import SpikeHost
import SpikeIO
import SpikeModel

extension Daemon where Backend: ~Copyable {
    /// Set everything up from the options: model (or the newest matching checkpoint),
    /// settings, outputs, signals, timer, socket, inputs. Nothing is left half open on
    /// failure: every owner closes what it holds when dropped.
    static func start(_ given: DaemonOptions, backend: consuming Backend) -> Result<Daemon, DaemonFailure> {
        var options = given
        if options.stateDirectory.isEmpty { options.stateDirectory = DaemonPaths.stateDirectory() }
        if options.socket.isEmpty { options.socket = DaemonPaths.socket() }

        for (read, name) in [(options.model, "--model"), (options.replay, "--replay")]
            where !options.output.isEmpty && !read.isEmpty && FileIdentity.overwrites(options.output, read) {
            return .failure(DaemonFailure(message: "--output \(options.output) is the same file as \(name) \(read): "
                + "writing it would destroy what is read; choose another path", status: 2))
        }
        var configured: ModelFile
        switch ModelFile.open(options.model, copyTensors: false) {
        case .success(let file): configured = file
        case .failure(let failure): return .failure(DaemonFailure(message: failure.message, status: failure.isInputError ? 2 : 1))
        }
        let fingerprint = ModelFingerprint.of(configured.model)
        let identity = ModelIdentity.of(UnsafeRawBufferPointer(configured.file.bytes))
        let store = CheckpointStore(directory: options.stateDirectory)
        do {
            let removed = try store.prepare()
            if removed > 0 { Log.info("removed \(removed) temporary files of interrupted checkpoint writes") }
        } catch {
            return .failure(DaemonFailure(message: "state directory \(options.stateDirectory): \(error.message)"))
        }
        if let recorded = store.recordedModelID(), recorded != identity {
            let moved = store.setAside()
            if !moved.isEmpty {
                Log.warning("\(options.model) is not the model the checkpoints in \(options.stateDirectory) were learned from; "
                    + "starting from it, the old checkpoints kept as *.replaced")
            }
        }
        var running = configured
        if var resumed = store.newest(matching: fingerprint, copyTensors: false, note: { Log.warning($0) }) {
            swap(&running, &resumed)
            Log.info("resuming from a checkpoint in \(options.stateDirectory) at tick \(running.model.network.tick)")
        } else {
            Log.info("starting from the model \(options.model) (no matching checkpoint in \(options.stateDirectory))")
        }
        do { try store.record(modelID: identity) } catch {
            Log.warning("\(store.modelIDPath): \(error.message); checkpoints may fail too")
        }
        if let message = options.settings.apply(to: &running.model.network, modelName: options.model) {
            return .failure(DaemonFailure(message: message, status: 2))
        }
        let channels: ChannelMap
        do { channels = try ChannelMap(running.model.network) } catch {
            return .failure(DaemonFailure(message: "\(options.model): \(error.message)"))
        }

        var writer: SpikeFileWriter
        switch Daemon.openOutput(options.output) {
        case .success(let opened): writer = opened
        case .failure(let failure): return .failure(failure)
        }
        let signals: SignalChannel
        do {
            try Signals.ignoreBrokenPipe()
            signals = try SignalChannel(signals: [SIGTERM, SIGINT, SIGHUP])
        } catch {
            return .failure(DaemonFailure(message: "cannot set up the signal descriptor: \(error.message)"))
        }
        let timer: IntervalTimer
        do { timer = try IntervalTimer() } catch {
            return .failure(DaemonFailure(message: "cannot create the tick timer (timerfd): \(error.message)"))
        }
        let daemon = Daemon(options: options, model: running, fingerprint: fingerprint, channels: channels,
                            writer: writer, store: store, signals: signals, timer: timer)
        if !Arguments.matches(options.socket, "none") {
            do { daemon.control = try ControlServer(path: options.socket) } catch {
                return .failure(DaemonFailure(message: "control socket \(options.socket): \(error.message)"))
            }
        }
        if !options.gpioInputs.isEmpty || !options.gpioOutputs.isEmpty {
            switch Daemon.openGPIO(options, backend: backend, channels: channels) {
            case .success(let port): daemon.gpio = port
            case .failure(let failure): return .failure(failure)
            }
        }
        if !options.iioChannels.isEmpty {
            var specs: [IIOInputSpec] = []
            do {
                for text in options.iioChannels { specs.append(try IIOInputSpec(parsing: text)) }
            } catch {
                return .failure(DaemonFailure(message: error.message, status: 2))
            }
            do {
                daemon.iio = try IIOSampler(specs: specs, root: options.iioRoot, channels: channels,
                                            now: MonotonicClock.nanoseconds())
            } catch {
                return .failure(error)
            }
        }
        if !options.replay.isEmpty {
            do {
                daemon.replay = try ReplayInput(path: options.replay, pace: options.pace, startTick: daemon.tick)
            } catch {
                return .failure(DaemonFailure(message: "--replay \(options.replay): \(error.message)"))
            }
        }
        return .success(daemon)
    }

    /// The board profile and the GPIO lines of the options, requested from `backend`.
    private static func openGPIO(_ options: DaemonOptions, backend: consuming Backend,
                                 channels: ChannelMap) -> Result<GPIOPort<Backend>, DaemonFailure> {
        var inputs: [GPIOInputSpec] = []
        var outputs: [GPIOOutputSpec] = []
        do {
            for text in options.gpioInputs { inputs.append(try GPIOInputSpec(parsing: text)) }
            for text in options.gpioOutputs { outputs.append(try GPIOOutputSpec(parsing: text)) }
        } catch {
            return .failure(DaemonFailure(message: error.message, status: 2))
        }
        let board: BoardProfile
        do {
            if options.board.isEmpty {
                board = BoardProfile(id: "none", name: "no board profile", gpioChipLabel: "", gpioChipLines: 0, header: [])
            } else if options.board.utf8.contains(UInt8(ascii: "/")) {
                board = try BoardProfile(path: options.board)
            } else {
                board = try BoardProfile(boardID: options.board, directory: options.boardsDirectory)
            }
        } catch {
            return .failure(DaemonFailure(message: "--board \(options.board): \(error.message)", status: 2))
        }
        do {
            return .success(try GPIOPort(backend: backend, board: board, inputs: inputs, outputs: outputs, channels: channels))
        } catch {
            return .failure(error)
        }
    }

    /// The `--output` spike file with its header, or a writer that discards.
    private static func openOutput(_ path: String) -> Result<SpikeFileWriter, DaemonFailure> {
        guard !path.isEmpty else { return .success(SpikeFileWriter()) }
        let cPath = CString(path)
        var writer: SpikeFileWriter
        do { writer = try SpikeFileWriter(path: cPath.pointer, streaming: true) } catch {
            return .failure(DaemonFailure(message: "--output \(path): \(error.message)"))
        }
        writer.write(line: "tick,channel")
        return .success(writer)
    }
}
