import SpikeHost

/// Everything `spikertd` was told, by flags and the config file, after parsing. Paths
/// are as given; defaults that depend on the environment are filled in by
/// `DaemonOptions.resolveDefaults`.
struct DaemonOptions {
    /// The model blob to run (a checkpoint of it in the state directory takes
    /// precedence when one matches).
    var model = ""
    /// The KEY=VALUE config file read before the flags (flags win).
    var config = ""
    /// The board profile: an ID from the boards directory, or a path.
    var board = ""
    /// Where board profiles are looked up by ID.
    var boardsDirectory = "/usr/share/spikertd/boards"
    /// Where checkpoints live ($STATE_DIRECTORY under systemd).
    var stateDirectory = ""
    /// The control socket ($RUNTIME_DIRECTORY/control.sock under systemd); "none" for
    /// no socket.
    var socket = ""
    /// `NAME=CHANNEL[,edge=…][,bias=…][,active-low][,debounce=MS]` per GPIO input line.
    var gpioInputs: [String] = []
    /// `NAME=CHANNEL[,pulse=TICKS|,level=TICKS][,active-low]` per GPIO output line.
    var gpioOutputs: [String] = []
    /// `DEVICE:CHANNEL=INPUT[,rate=HZ]` per IIO sensor channel.
    var iioChannels: [String] = []
    /// The IIO sysfs root (tests point it at a fake tree).
    var iioRoot = "/sys/bus/iio/devices"
    /// A spike file, FIFO or "-" (stdin) to replay; "" for none.
    var replay = ""
    var pace = ReplayPace.realtime
    /// Output spike file ("-" = stdout); "" for none.
    var output = ""
    /// JSON lines of output spikes on stdout.
    var json = false
    /// `--learn`, `--freeze`, `--param`, `--power`: as `spikert run`.
    var settings = RunSettings()
    /// Seconds between checkpoints while learned state is dirty; 0 = only on idle,
    /// request and exit.
    var checkpointInterval: UInt64 = 300
    /// Stop after this many ticks (tests); nil = run until SIGTERM.
    var ticks: UInt64? = nil
    /// Start with time stopped until a `resume` request (tests: queue requests first).
    var paused = false
    /// Pending input events at most; more are dropped and counted.
    var queueCapacity = 8_192
}
