import SpikeHost

extension DaemonOption {
    /// Every setting, in the order `--help` lists them.
    static let all: [DaemonOption] = [
        DaemonOption(flag: "--model", key: "MODEL", valueName: "FILE",
                     help: "the model blob to run (required)", repeatable: false,
                     apply: { o, v in o.model = v; return nil }),
        DaemonOption(flag: "--config", key: "CONFIG", valueName: "FILE",
                     help: "read KEY=VALUE settings from FILE first (flags override them)",
                     repeatable: false, apply: { o, v in o.config = v; return nil }),
        DaemonOption(flag: "--board", key: "BOARD", valueName: "ID|FILE",
                     help: "board profile: GPIO chip label and header map (e.g. rpi4)",
                     repeatable: false, apply: { o, v in o.board = v; return nil }),
        DaemonOption(flag: "--boards-dir", key: "BOARDS_DIR", valueName: "DIR",
                     help: "where board profiles are found by ID (default /usr/share/spikertd/boards)",
                     repeatable: false, apply: { o, v in o.boardsDirectory = v; return nil }),
        DaemonOption(flag: "--state-dir", key: "STATE_DIR", valueName: "DIR",
                     help: "checkpoints (default $STATE_DIRECTORY, else /var/lib/spikertd)",
                     repeatable: false, apply: { o, v in o.stateDirectory = v; return nil }),
        DaemonOption(flag: "--socket", key: "SOCKET", valueName: "PATH",
                     help: "control socket (default $RUNTIME_DIRECTORY/control.sock, else /run/spikertd/control.sock; 'none': no socket)",
                     repeatable: false, apply: { o, v in o.socket = v; return nil }),
        DaemonOption(flag: "--gpio-in", key: "GPIO_IN", valueName: "LINE=CH[,OPT...]",
                     help: "GPIO input line to input channel CH; OPT: edge=rising|falling|both, bias=pull-up|pull-down|disabled|as-is, active-low, debounce=MS (repeatable)",
                     repeatable: true, apply: { o, v in o.gpioInputs.append(v); return nil }, clear: { $0.gpioInputs = [] }),
        DaemonOption(flag: "--gpio-out", key: "GPIO_OUT", valueName: "LINE=CH[,OPT...]",
                     help: "output channel CH to a GPIO line; OPT: pulse=TICKS (a pulse per spike, default 10) or level=TICKS (high while CH fired within TICKS), active-low (repeatable)",
                     repeatable: true, apply: { o, v in o.gpioOutputs.append(v); return nil }, clear: { $0.gpioOutputs = [] }),
        DaemonOption(flag: "--iio", key: "IIO", valueName: "DEV:CHAN=CH[,rate=HZ][,value=raw|milli]",
                     help: "IIO sensor channel (device by name) sampled at HZ (default 100) into the encoder of input channel CH; value=raw (default) or value=milli (processed, in thousandths of the unit) (repeatable)",
                     repeatable: true, apply: { o, v in o.iioChannels.append(v); return nil }, clear: { $0.iioChannels = [] }),
        DaemonOption(flag: "--iio-root", key: "IIO_ROOT", valueName: "DIR",
                     help: "IIO sysfs root (default /sys/bus/iio/devices)",
                     repeatable: false, apply: { o, v in o.iioRoot = v; return nil }),
        DaemonOption(flag: "--replay", key: "REPLAY", valueName: "FILE",
                     help: "spike file, FIFO or '-' (stdin) in spikert run's input format",
                     repeatable: false, apply: { o, v in o.replay = v; return nil }),
        DaemonOption(flag: "--pace", key: "PACE", valueName: "MODE",
                     help: "replay pace: realtime (default: the file's ticks at dt), fast (no waiting), live (stamped on arrival)",
                     repeatable: false, apply: { o, v in
                         guard let pace = DaemonOption.pace(v) else {
                             return "--pace wants realtime, fast or live, not '\(v)'"
                         }
                         o.pace = pace
                         return nil
                     }),
        DaemonOption(flag: "--output", key: "OUTPUT", valueName: "FILE",
                     help: "write output spikes as a spike file ('-' = stdout)",
                     repeatable: false, apply: { o, v in o.output = v; return nil }),
        DaemonOption(flag: "--json", key: "JSON", valueName: "",
                     help: "write output spikes as JSON lines on stdout",
                     repeatable: false, apply: { o, v in DaemonOption.flag(v, "--json") { o.json = $0 } }),
        DaemonOption(flag: "--learn", key: "LEARN", valueName: "",
                     help: "switch every learning rule of the model on",
                     repeatable: false, apply: { o, v in DaemonOption.flag(v, "--learn") { if $0 { o.settings.learn = true } } }),
        DaemonOption(flag: "--freeze", key: "FREEZE", valueName: "",
                     help: "switch every learning rule off",
                     repeatable: false, apply: { o, v in DaemonOption.flag(v, "--freeze") { if $0 { o.settings.learn = false } } }),
        DaemonOption(flag: "--param", key: "PARAM", valueName: "NAME=VALUE",
                     help: "set a learning parameter on every rule, as spikert run --param (repeatable)",
                     repeatable: true, apply: { o, v in
                         guard let setting = ParamOption.parse(v) else {
                             return "--param wants NAME=VALUE with NAME one of a_plus, a_minus, decay_pre, decay_post, w_min, w_max, learning_rate, decay_elig, bounds, norm_target and an integer VALUE, not '\(v)'"
                         }
                         o.settings.parameters.append(setting)
                         return nil
                     }, clear: { $0.settings.parameters = [] }),
        DaemonOption(flag: "--power", key: "POWER", valueName: "MODE",
                     help: "normal (default), full (never skip ticks) or low[:FOLD[:SCALE]]",
                     repeatable: false, apply: { o, v in
                         guard let power = PowerOption.parse(v) else {
                             return "--power wants normal, full or low[:FOLD[:SCALE]] (FOLD 2-256, SCALE Q16 1-1048576), not '\(v)'"
                         }
                         o.settings.power = power
                         return nil
                     }),
        DaemonOption(flag: "--checkpoint-interval", key: "CHECKPOINT_INTERVAL", valueName: "SECONDS",
                     help: "checkpoint learned state at most this often while it changes (default 300; 0: only when idle, on request and at exit)",
                     repeatable: false, apply: { o, v in
                         guard let n = Arguments.parseCount(v, limit: 31_536_000) else {
                             return "--checkpoint-interval wants whole seconds (0-31536000), not '\(v)'"
                         }
                         o.checkpointInterval = UInt64(n)
                         return nil
                     }),
        DaemonOption(flag: "--ticks", key: "TICKS", valueName: "N",
                     help: "stop after N ticks (tests; default: run until SIGTERM)",
                     repeatable: false, apply: { o, v in
                         guard let n = Arguments.parseCount(v, limit: RunLimits.maximumTicks) else {
                             return "--ticks wants a whole number, not '\(v)'"
                         }
                         o.ticks = UInt64(n)
                         return nil
                     }),
        DaemonOption(flag: "--paused", key: "PAUSED", valueName: "",
                     help: "start with time stopped until a 'resume' request",
                     repeatable: false, apply: { o, v in DaemonOption.flag(v, "--paused") { o.paused = $0 } }),
        DaemonOption(flag: "--queue", key: "QUEUE", valueName: "N",
                     help: "pending input events at most (default 8192); more are dropped and counted",
                     repeatable: false, apply: { o, v in
                         guard let n = Arguments.parseCount(v, limit: 1 << 22), n > 0 else {
                             return "--queue wants a whole number 1-4194304, not '\(v)'"
                         }
                         o.queueCapacity = n
                         return nil
                     }),
    ]

    private static func pace(_ word: String) -> ReplayPace? {
        if Arguments.matches(word, "realtime") { return .realtime }
        if Arguments.matches(word, "fast") { return .fast }
        if Arguments.matches(word, "live") { return .live }
        return nil
    }

    /// A switch's value: "yes"/"true"/"1" or "no"/"false"/"0" (config files spell
    /// switches out). For `LEARN` and `FREEZE`, "no" means "not given": the model's own
    /// switches stay as they are.
    private static func flag(_ word: String, _ name: StaticString, _ set: (Bool) -> Void) -> String? {
        if Arguments.matches(word, "yes") || Arguments.matches(word, "true") || Arguments.matches(word, "1") {
            set(true)
            return nil
        }
        if Arguments.matches(word, "no") || Arguments.matches(word, "false") || Arguments.matches(word, "0") {
            set(false)
            return nil
        }
        return "\(name) wants yes or no, not '\(word)'"
    }
}
