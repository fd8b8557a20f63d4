import CSystem

/// The daemon's entry point (work in progress: the run loop arrives with SpikeHost).
@main
struct SpikertdMain {
    static func main() {
        exit(0)
    }
}
